/**
 * The bench's figures (the JSON keys fixed by issue 5), their targets, and the table that shows
 * them. A figure a part could not measure is `null` and fails its target.
 */

/** mbps keys are MB/s (10^6 bytes per second); _mb keys are MiB (2^20 bytes), as their targets. */
export interface Figures {
  tcp_raw_mbps: number | null;
  tcp_engine_mbps: number | null;
  tcp_engine_ratio: number | null;
  tcp_engine_counters_exact: boolean | null;
  tcp_file_mbps: number | null;
  tcp_file_sha_ok: boolean | null;
  udp_rx_pps: number | null;
  udp_loss_pct: number | null;
  log_entries_kept: number | null;
  ui_flood_mbps: number | null;
  ui_counters_exact: boolean | null;
  ui_max_frame_gap_ms: number | null;
  ui_send_latency_ms: number | null;
  ui_heap_mb: number | null;
  main_rss_mb: number | null;
}

export type FigureKey = keyof Figures;

export function emptyFigures(): Figures {
  return {
    tcp_raw_mbps: null,
    tcp_engine_mbps: null,
    tcp_engine_ratio: null,
    tcp_engine_counters_exact: null,
    tcp_file_mbps: null,
    tcp_file_sha_ok: null,
    udp_rx_pps: null,
    udp_loss_pct: null,
    log_entries_kept: null,
    ui_flood_mbps: null,
    ui_counters_exact: null,
    ui_max_frame_gap_ms: null,
    ui_send_latency_ms: null,
    ui_heap_mb: null,
    main_rss_mb: null,
  };
}

type Value = number | boolean;

interface Row {
  key: FigureKey;
  label: string;
  unit: string;
  target: string;
  /** Undefined: a reference figure without a target. */
  met?: (value: Value, figures: Figures) => boolean;
}

const atLeast = (min: number) => (value: Value) => typeof value === 'number' && value >= min;
const atMost = (max: number) => (value: Value) => typeof value === 'number' && value <= max;
const below = (max: number) => (value: Value) => typeof value === 'number' && value < max;
const isTrue = (value: Value) => value === true;

const ROWS: Row[] = [
  { key: 'tcp_raw_mbps', label: 'TCP, plain Node net (the limit)', unit: 'MB/s', target: '—' },
  {
    key: 'tcp_engine_mbps',
    label: 'TCP into the engine',
    unit: 'MB/s',
    target: '≥ 0.8 × raw',
    met: (value, figures) => atLeast(0.8 * (figures.tcp_raw_mbps ?? Infinity))(value),
  },
  { key: 'tcp_engine_ratio', label: 'engine / raw', unit: '', target: '≥ 0.8', met: atLeast(0.8) },
  {
    key: 'tcp_engine_counters_exact',
    label: 'engine counters and log exact',
    unit: '',
    target: 'true',
    met: isTrue,
  },
  { key: 'tcp_file_mbps', label: 'TCP into the engine, to a file', unit: 'MB/s', target: '—' },
  { key: 'tcp_file_sha_ok', label: 'file SHA-256 = sent', unit: '', target: 'true', met: isTrue },
  {
    key: 'udp_rx_pps',
    label: 'UDP, highest rate without loss',
    unit: 'datagrams/s',
    target: '≥ 100,000',
    met: atLeast(100_000),
  },
  { key: 'udp_loss_pct', label: 'UDP loss at that rate', unit: '%', target: '0', met: atMost(0) },
  {
    key: 'log_entries_kept',
    label: 'log entries kept after 1.1 M datagrams',
    unit: 'entries',
    target: '≥ 1,000,000',
    met: atLeast(1_000_000),
  },
  { key: 'ui_flood_mbps', label: 'UI: TCP flood rate', unit: 'MB/s', target: '—' },
  {
    key: 'ui_counters_exact',
    label: 'UI: RX counter = bytes sent',
    unit: '',
    target: 'true',
    met: isTrue,
  },
  {
    key: 'ui_max_frame_gap_ms',
    label: 'UI: largest gap between frames',
    unit: 'ms',
    target: '< 100',
    met: below(100),
  },
  {
    key: 'ui_send_latency_ms',
    label: 'UI: Send click → bytes at the peer',
    unit: 'ms',
    target: '≤ 250',
    met: atMost(250),
  },
  {
    key: 'ui_heap_mb',
    label: 'UI: renderer JS heap (peak)',
    unit: 'MiB',
    target: '< 300',
    met: below(300),
  },
  {
    key: 'main_rss_mb',
    label: 'UI: host process RSS (peak)',
    unit: 'MiB',
    target: '< 400',
    met: below(400),
  },
];

function show(value: number | boolean | null): string {
  if (value === null) return 'n/a';
  if (typeof value === 'boolean') return String(value);
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toFixed(value < 10 ? 2 : 1);
}

/** The human-readable table: figure, value, unit, target and ✓ / ✗ (– for a reference figure). */
export function figuresTable(figures: Figures): string {
  const lines = ROWS.map((row) => {
    const value = figures[row.key];
    const mark =
      row.met === undefined ? '–' : value !== null && row.met(value, figures) ? '✓' : '✗';
    return [
      row.label.padEnd(44),
      show(value).padStart(14),
      row.unit.padEnd(12),
      row.target.padEnd(12),
      mark,
    ].join(' ');
  });
  const header = [
    'figure'.padEnd(44),
    'value'.padStart(14),
    'unit'.padEnd(12),
    'target'.padEnd(12),
    'ok',
  ].join(' ');
  return [header, '-'.repeat(header.length + 2), ...lines].join('\n');
}

/** Rounds a figure for the JSON line: rates and sizes to 0.1, ratios to 0.001. */
export function rounded(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
