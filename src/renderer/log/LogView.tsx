import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { useActions, useAppState, useLogCache, useTab } from '../store/context';
import { hiddenCount } from '../store/log';
import type { LogCache } from '../store/log-cache';
import { matchRows, rowAt, rowOfSeq, shownRows } from '../store/log-rows';
import type { LogRows, RowRef } from '../store/log-rows';
import { displaySettings } from '../store/state';
import type { LogState } from '../store/state';
import { formatHex, parseHex } from '../../shared/codec/hex';
import { formatSize } from './format-size';
import { formatStamp, formatTime } from './format-time';
import type { TimestampMode } from './format-time';
import { LogTools } from './LogTools';
import { filterOf, hasFilter, useLogSearch } from './use-log-search';
import type { FilterDraft } from './use-log-search';
import { useOnlyMatches } from './use-only-matches';
import { useLogSelection } from './use-log-selection';
import { isSelected } from './log-selection';
import type { SeqRange } from './log-selection';
import { DataRow, NoteRow, PlaceholderRow } from './LogRow';
import type { RowView } from './LogRow';
import { usePacedLog } from './log-pace';
import { LogTextDecoder } from './log-text-decoder';
import { mergeRows, stableGroup } from './merge-groups';
import type { MergedRows } from './merge-groups';
import { RowLayout } from './row-layout';
import { useLogViewport } from './use-log-viewport';
import type { ShownRow } from './use-log-viewport';
import './log.css';

const NO_EXPANDED: ReadonlySet<number> = new Set();
/** Only matches before its first answer: no rows yet (rather than every row for a moment). */
const NO_MATCHES = { items: [], start: 0, end: 0 };
/** A row's cost to lay out besides its payload's characters (see useLogViewport's rowCost). */
const ROW_COST = 64;

const numberFormats = new Map<string, (n: number) => string>();

/** `toLocaleString` builds a formatter on every call: too dear for a banner shown every update. */
function numberFormat(locale: string): (n: number) => string {
  let format = numberFormats.get(locale);
  if (!format) {
    const formatter = new Intl.NumberFormat(locale);
    format = (n) => formatter.format(n);
    numberFormats.set(locale, format);
  }
  return format;
}

/**
 * Characters that binary data decoded as text shows (U+FFFD, Latin-1, Greek, Cyrillic, Hebrew,
 * Arabic, Devanagari, Thai, CJK, Hangul, symbols), laid out once, off screen, when the log
 * appears: the first row of them otherwise waits for the fallback fonts to load, which cost a
 * 100–200 ms frame at the start of a flood.
 */
const WARM_UP_TEXT = '\uFFFD ÀßøĀƒ ΑΩ БЖ אב عر अक กข 中文日本語 한국 ─│┌ ₩€™ \u200B';

function FontWarmUp() {
  return (
    <div className="row data font-warm-up" aria-hidden="true">
      <span className="payload">
        <span className="text">{WARM_UP_TEXT}</span>
        <span className="symbol">\x1B</span>
      </span>
    </div>
  );
}

function LogBanners(props: { log: LogState }) {
  const limits = useAppState((state) => state.logLimits);
  const t = useTranslate();
  const language = useLanguage();
  const { log } = props;
  const number = numberFormat(language === 'zh-CN' ? 'zh-CN' : 'en-US');
  return (
    <>
      {log.paused && (
        <div className="log-banner" role="status">
          {t('pausedBanner', { count: number(hiddenCount(log)) })}
        </div>
      )}
      {log.window.evicted > 0 && (
        <div className="log-banner evicted">
          {t('evictedBanner', {
            count: number(log.window.evicted),
            entries: number(limits.maxEntries),
            size: formatSize(limits.maxBytes),
          })}
        </div>
      )}
    </>
  );
}

/** Entries of the rows on screen: the first and last seq (empty when first > last). */
function shownSeqs(rows: readonly ShownRow[]) {
  let from = Infinity;
  let to = -Infinity;
  for (const row of rows) {
    if (row.ref.kind !== 'data') continue;
    from = Math.min(from, row.ref.seq);
    to = Math.max(to, row.ref.seq);
  }
  return { from, to };
}

function mergedRowsOf(
  cache: LogCache | undefined,
  rows: LogRows,
  seqs: { from: number; to: number },
  mergeMs: number,
): MergedRows | undefined {
  if (!cache || mergeMs <= 0 || seqs.from > seqs.to) return undefined;
  const noteAfter = new Set(rows.notes.map((note) => note.afterSeq));
  return mergeRows(
    (seq) => (seq >= rows.firstSeq && seq <= rows.lastSeq ? cache.get(seq) : undefined),
    seqs.from,
    seqs.to,
    mergeMs,
    (seq) => noteAfter.has(seq),
  );
}

/**
 * A row as an option of the log's listbox: an entry (selectable, `data-seq` for clicks), a note
 * (not selectable), or nothing at all for a chunk merged into the row above.
 */
function optionOf(ref: RowRef, folded: boolean, range: SeqRange | undefined) {
  if (folded) return { role: 'none' } as const;
  if (ref.kind === 'note')
    return { role: 'option', 'aria-selected': false, 'aria-disabled': true } as const;
  return {
    role: 'option',
    'aria-selected': isSelected(range, ref.seq),
    'data-seq': ref.seq,
  } as const;
}

/** What the matched row marks: the text searched for, or the bytes as the hex view shows them. */
function neededMarks(draft: FilterDraft): { text?: string; hex?: string } {
  if (draft.text === '') return {};
  if (!draft.hex) return { text: draft.text };
  const parsed = parseHex(draft.text);
  return parsed.ok && parsed.bytes.length > 0 ? { hex: formatHex(parsed.bytes) } : {};
}

/**
 * The first kept entry's time, for "since first entry": from the page's cache, or asked of the
 * engine when the view is far from the start.
 */
function useStartTime(
  tabId: string,
  cache: LogCache | undefined,
  firstSeq: number,
  wanted: boolean,
): number | undefined {
  const actions = useActions();
  const cached = cache?.get(firstSeq)?.at;
  const [asked, setAsked] = useState<{ seq: number; at?: number }>({ seq: 0 });
  useEffect(() => {
    if (!wanted || cached !== undefined || asked.seq === firstSeq) return;
    let current = true;
    void actions.entryTime(tabId, firstSeq).then((at) => {
      if (current) setAsked({ seq: firstSeq, ...(at === undefined ? {} : { at }) });
    });
    return () => {
      current = false;
    };
  }, [actions, tabId, firstSeq, wanted, cached, asked.seq]);
  return cached ?? (asked.seq === firstSeq ? asked.at : undefined);
}

/**
 * The traffic log: one row per entry the engine holds (`firstSeq`..`lastSeq`), notes between
 * them. Only the rows in view are rendered and decoded; rows the page does not hold show a light
 * placeholder while they are fetched.
 */
export function LogView(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const log = usePacedLog(tabId);
  const receive = useTab(tabId, (tab) => tab.receive);
  const sessionId = useTab(tabId, (tab) => tab.sessionId);
  const cache = useLogCache(sessionId);
  const { maxBytesShown } = displaySettings(receive);
  const { encoding, hexDisplay, textWithHex, timestamps, autoScroll } = receive;
  const timestampMode: TimestampMode = receive.timestampMode ?? 'absolute';
  const resetKey = `${sessionId ?? ''}|${log.epoch}`;
  const startSeq = useRef((backward: boolean) => (backward ? log.window.lastSeq : 1));
  const search = useLogSearch({
    tabId,
    encoding,
    resetKey,
    startSeq: (backward) => startSeq.current(backward),
  });
  const [onlyMatchesOn, setOnlyMatches] = useState(false);
  const filter = useMemo(() => filterOf(search.draft, encoding), [search.draft, encoding]);
  const filtering = onlyMatchesOn && hasFilter(search.draft);
  const onlyMatches = useOnlyMatches({
    tabId,
    filter,
    active: filtering,
    window: log.window,
    resetKey,
  });
  const { matches } = onlyMatches;
  const rows = useMemo(
    () => (filtering ? matchRows(log, matches ?? NO_MATCHES) : shownRows(log)),
    [filtering, matches, log],
  );
  // Merging joins neighbouring chunks: with Only matches the rows are not neighbours.
  const mergeMs = filtering ? 0 : displaySettings(receive).mergeMs;

  const { status } = search;
  const matchSeq = status.kind === 'match' ? status.seq : undefined;
  const marks = useMemo(() => neededMarks(search.draft), [search.draft]);
  const startAt = useStartTime(
    tabId,
    cache,
    log.window.firstSeq,
    timestamps && timestampMode === 'since-start' && rows.count > 0,
  );

  const selection = useLogSelection({
    tabId,
    resetKey,
    window: log.window,
    matches: rows.matches,
    view: {
      encoding,
      hexDisplay,
      ...(timestamps ? { timestampMode } : {}),
      ...(startAt === undefined ? {} : { startAt }),
    },
  });

  /** A time as the Timestamps mode shows it; `previousAt`: the entry before's (if fetched). */
  const stampOf = (at: number, previousAt: number | undefined): string | undefined => {
    if (!timestamps) return undefined;
    if (timestampMode === 'absolute') return formatTime(at);
    return formatStamp(timestampMode, at, timestampMode === 'since-start' ? startAt : previousAt);
  };

  // A new decoder per encoding and per log: past entries re-render from their bytes.
  const decoder = useMemo(() => new LogTextDecoder(encoding), [encoding, resetKey]);
  const view = useMemo<RowView>(
    () => ({ hexDisplay, textWithHex, timestamps, maxBytesShown }),
    [hexDisplay, textWithHex, timestamps, maxBytesShown],
  );
  const [expanded, setExpanded] = useState({ resetKey, seqs: NO_EXPANDED });
  const expandedSeqs = expanded.resetKey === resetKey ? expanded.seqs : NO_EXPANDED;
  const expand = useCallback(
    (seq: number, count: number) => {
      setExpanded((old) => ({
        resetKey,
        seqs: new Set(old.resetKey === resetKey ? [...old.seqs, seq] : [seq]),
      }));
      // Entries the engine sent cut short (readLog's maxEntryBytes) are fetched whole.
      actions.showWhole(tabId, seq, count);
    },
    [resetKey, actions, tabId],
  );

  // Row heights depend on everything that shapes a row; measure again when any changes.
  const [layoutKey, setLayoutKey] = useState('');
  const [layout, setLayout] = useState(() => new RowLayout());
  const follow = autoScroll && !log.paused;
  const rowCost = (ref: RowRef) => {
    const entry = ref.kind === 'data' ? cache?.get(ref.seq) : undefined;
    if (!entry) return ROW_COST;
    const limit = expandedSeqs.has(entry.seq) ? Infinity : maxBytesShown;
    const characters = hexDisplay ? (textWithHex ? 4 : 3) : 1;
    return ROW_COST + Math.min(entry.bytes.length, limit) * characters;
  };
  const target = status.kind === 'match' ? status : undefined;
  const viewport = useLogViewport({ rows, layout, follow, resetKey, rowCost, target });
  const shapeKey = [resetKey, encoding, hexDisplay, textWithHex, timestamps, maxBytesShown]
    .concat([mergeMs, viewport.width, timestampMode])
    .join();
  if (shapeKey !== layoutKey) {
    setLayoutKey(shapeKey);
    setLayout(new RowLayout());
  }

  const seqs = shownSeqs(viewport.rows);
  const { following } = viewport;
  // Watching the tail is no position in the log: a first search covers all of it.
  startSeq.current = (backward) => {
    if (following || seqs.from > seqs.to) return backward ? rows.lastSeq : rows.firstSeq;
    return seqs.from;
  };
  const merged = mergedRowsOf(cache, rows, seqs, mergeMs);
  useEffect(() => {
    if (seqs.from > seqs.to) return;
    if (!rows.matches) actions.showLog(tabId, seqs.from, seqs.to, following);
    else {
      const shown = viewport.rows.flatMap((row) => (row.ref.kind === 'data' ? [row.ref.seq] : []));
      actions.showMatches(tabId, shown, following);
    }
  });

  /** The entry shown above `seq`: the log's previous one, or with Only matches the previous match. */
  const previousAtOf = (seq: number): number | undefined => {
    if (!rows.matches) return cache?.get(seq - 1)?.at;
    const index = rowOfSeq(rows, seq);
    if (index <= 0) return undefined;
    const above = rowAt(rows, index - 1);
    return above.kind === 'data' ? cache?.get(above.seq)?.at : undefined;
  };

  /**
   * A row's element and its key. The key names what the row shows (a placeholder, the entry, the
   * entry in full), so a row that changes comes back as a new element and is measured again.
   */
  const rowContent = (
    ref: RowRef,
    deferred: boolean,
  ): { key: string; content: ReactNode; estimated?: boolean } => {
    if (ref.kind === 'note' && !deferred) {
      return {
        key: `n${ref.note.id}`,
        content: (
          <NoteRow
            note={ref.note}
            stamp={stampOf(ref.note.at, cache?.get(ref.note.afterSeq)?.at ?? ref.note.at)}
            t={t}
          />
        ),
      };
    }
    const seq = ref.kind === 'data' ? ref.seq : ref.note.afterSeq;
    const entry = deferred ? undefined : cache?.get(seq);
    const group = merged && !deferred ? merged.get(seq) : entry && stableGroup([entry]);
    if (group === undefined) {
      return {
        key: ref.kind === 'data' ? `p${seq}` : `pn${ref.note.id}`,
        content: <PlaceholderRow seq={seq} timestamps={timestamps} t={t} />,
        estimated: true,
      };
    }
    // Folded into the row above ("merge within N ms"): nothing of its own.
    if (group === null) return { key: `f${seq}`, content: null };
    const isExpanded = expandedSeqs.has(seq);
    const head = group[0]!;
    // The first kept entry has no previous one: it shows +0.
    const previousAt = head.seq === rows.firstSeq ? head.at : previousAtOf(head.seq);
    const isMatch =
      matchSeq !== undefined && matchSeq >= head.seq && matchSeq < head.seq + group.length;
    // An entry fetched whole after "Show all" is a new row to measure.
    const held = group.reduce((sum, entry) => sum + entry.bytes.length, 0);
    return {
      key: `${isExpanded ? 'e' : 'd'}${seq}+${group.length}/${held}`,
      content: (
        <DataRow
          entries={group}
          decoder={decoder}
          view={view}
          expanded={isExpanded}
          onExpand={expand}
          t={t}
          stamp={stampOf(head.at, previousAt)}
          match={isMatch ? marks : undefined}
        />
      ),
    };
  };

  return (
    <div className="log-frame">
      <FontWarmUp />
      <LogTools
        tabId={tabId}
        search={search}
        onlyMatches={{
          on: onlyMatchesOn,
          toggle: () => setOnlyMatches(!onlyMatchesOn),
          active: filtering,
          count: rows.matches ? rows.count : 0,
          searching: onlyMatches.searching,
          ...(onlyMatches.failure ? { failure: onlyMatches.failure } : {}),
        }}
        scope={{
          ...(selection.range ? { selection: { ...selection.range, count: selection.count } } : {}),
          ...(hasFilter(search.draft) ? { filter } : {}),
          onlyMatches: filtering,
        }}
        selection={selection}
      />
      <LogBanners log={log} />
      <div
        ref={viewport.scrollerRef}
        className="log-scroll"
        role="log"
        aria-label={t('traffic')}
        tabIndex={0}
        {...selection.handlers}
      >
        {rows.count === 0 ? (
          <p className="log-empty">{t('emptyLog')}</p>
        ) : (
          <div className="log-rows" style={{ height: viewport.height }}>
            <div
              className="log-window"
              style={{ transform: `translateY(${viewport.top}px)` }}
              role="listbox"
              aria-label={t('logEntries')}
              aria-multiselectable="true"
            >
              {viewport.rows.map((row) => {
                const shown = rowContent(row.ref, row.deferred);
                const option = optionOf(row.ref, shown.content === null, selection.range);
                // A placeholder takes the height the layout assumes for the entry, so the rows
                // in view stay where they are when it is filled, and a screenful of them is no
                // more rows than a screenful of entries.
                return shown.estimated ? (
                  <div
                    key={shown.key}
                    data-position={row.position}
                    data-estimated=""
                    className="log-item"
                    style={{ height: layout.estimate }}
                    {...option}
                  >
                    {shown.content}
                  </div>
                ) : (
                  <div
                    key={shown.key}
                    data-position={row.position}
                    className="log-item"
                    {...option}
                  >
                    {shown.content}
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
