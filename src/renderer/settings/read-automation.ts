/**
 * Automation settings from storage or an imported file, as values we can trust: anything that is
 * not what it should be becomes the default (or, for a list item, is left out).
 */
import type {
  AutoReplyRule,
  AutoReplySettings,
  Framing,
  MatchKind,
  SendOptions,
} from '../../shared/contract';
import { CHECKSUMS, ENCODINGS, LINE_ENDINGS } from '../../shared/contract';
import type {
  AutomationDraft,
  QuickCommand,
  Sequence,
  SequenceStep,
} from '../store/automation-state';
import { DEFAULT_AUTOMATION, DEFAULT_AUTO_REPLY, EMPTY_SEQUENCE } from '../store/automation-state';

type Loose = Record<string, unknown>;

export const MAX_QUICK_COMMANDS = 200;
export const MAX_RULES = 100;
const MAX_STEPS = 100;
const MAX_PAYLOAD_CHARS = 64 * 1024;
const MAX_NAME_CHARS = 200;
const MATCH_KINDS: readonly MatchKind[] = ['exact', 'contains', 'starts-with', 'regex'];

export function isObject(value: unknown): value is Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function shortText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

function whole(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

export function readSendOptions(raw: unknown): SendOptions {
  const o = isObject(raw) ? raw : {};
  return {
    format: pick(o.format, ['text', 'hex'] as const, 'text'),
    encoding: pick(o.encoding, ENCODINGS, 'utf-8'),
    escapes: o.escapes === true,
    lineEnding: pick(o.lineEnding, LINE_ENDINGS, 'none'),
    checksum: pick(o.checksum, CHECKSUMS, 'none'),
  };
}

/** One quick command, or undefined when it lacks a name or data. */
export function readQuickCommand(raw: unknown, fallbackId: string): QuickCommand | undefined {
  if (!isObject(raw)) return undefined;
  const name = shortText(raw.name, MAX_NAME_CHARS);
  const data = shortText(raw.data, MAX_PAYLOAD_CHARS);
  if (name === undefined || name.trim() === '' || data === undefined) return undefined;
  const id = shortText(raw.id, MAX_NAME_CHARS) || fallbackId;
  return { id, name, data, options: readSendOptions(raw.options) };
}

export function readQuickCommands(raw: unknown): QuickCommand[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const commands: QuickCommand[] = [];
  for (const [i, item] of raw.slice(0, MAX_QUICK_COMMANDS).entries()) {
    const command = readQuickCommand(item, `quick-${i + 1}`);
    if (!command || seen.has(command.id)) continue;
    seen.add(command.id);
    commands.push(command);
  }
  return commands;
}

export function readSequence(raw: unknown): Sequence {
  if (!isObject(raw)) return EMPTY_SEQUENCE;
  const steps: SequenceStep[] = Array.isArray(raw.steps)
    ? raw.steps.slice(0, MAX_STEPS).flatMap((step: unknown) => {
        if (!isObject(step)) return [];
        const commandId = shortText(step.commandId, MAX_NAME_CHARS);
        const delayMs = whole(step.delayMs, 0, 3_600_000);
        return commandId === undefined || delayMs === undefined ? [] : [{ commandId, delayMs }];
      })
    : [];
  return { steps, repeat: whole(raw.repeat, 1, 1_000_000) ?? 1 };
}

export function readFraming(raw: unknown): Framing {
  if (!isObject(raw)) return { mode: 'raw' };
  switch (raw.mode) {
    case 'merge':
      return { mode: 'merge', withinMs: whole(raw.withinMs, 1, 60_000) ?? 20 };
    case 'delimiter': {
      const delimiter = shortText(raw.delimiter, 200);
      return { mode: 'delimiter', delimiter: delimiter?.trim() ? delimiter : '0A' };
    }
    case 'fixed':
      return { mode: 'fixed', length: whole(raw.length, 1, 16 * 1024 * 1024) ?? 8 };
    case 'length-prefixed':
      return {
        mode: 'length-prefixed',
        prefixBytes: pick(raw.prefixBytes, [1, 2, 4] as const, 2),
        byteOrder: pick(raw.byteOrder, ['big', 'little'] as const, 'big'),
      };
    default:
      return { mode: 'raw' };
  }
}

function readRule(raw: unknown, fallbackId: string): AutoReplyRule | undefined {
  if (!isObject(raw)) return undefined;
  const pattern = shortText(raw.pattern, MAX_PAYLOAD_CHARS);
  const reply = shortText(raw.reply, MAX_PAYLOAD_CHARS);
  if (pattern === undefined || reply === undefined) return undefined;
  return {
    id: shortText(raw.id, MAX_NAME_CHARS) || fallbackId,
    name: shortText(raw.name, MAX_NAME_CHARS) ?? '',
    enabled: raw.enabled !== false,
    match: pick(raw.match, MATCH_KINDS, 'contains'),
    pattern,
    patternFormat: pick(raw.patternFormat, ['text', 'hex'] as const, 'text'),
    encoding: pick(raw.encoding, ENCODINGS, 'utf-8'),
    reply,
    replyOptions: readSendOptions(raw.replyOptions),
  };
}

export function readAutoReply(raw: unknown): AutoReplySettings {
  if (!isObject(raw)) return DEFAULT_AUTO_REPLY;
  const rules = Array.isArray(raw.rules)
    ? raw.rules
        .slice(0, MAX_RULES)
        .flatMap((rule: unknown, i) => readRule(rule, `rule-${i + 1}`) ?? [])
    : [];
  return { rules, echo: raw.echo === true };
}

export function readAutomationDraft(raw: unknown): AutomationDraft {
  if (!isObject(raw)) return DEFAULT_AUTOMATION;
  const field = (key: keyof AutomationDraft) => shortText(raw[key], 20) ?? DEFAULT_AUTOMATION[key];
  return {
    intervalMs: field('intervalMs'),
    count: field('count'),
    datagramBytes: field('datagramBytes'),
    delayMs: field('delayMs'),
  };
}
