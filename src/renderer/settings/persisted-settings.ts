import {
  CHECKSUMS,
  ENCODINGS,
  LINE_ENDINGS,
  PROTOCOLS,
  RECONNECT_MS_RANGE,
} from '../../shared/contract';
import { isLanguage } from '../i18n/translate';
import { TIMESTAMP_MODES } from '../log/format-time';
import type { Language } from '../i18n/translate';
import type { AutoReplySettings, Framing } from '../../shared/contract';
import type { AutomationDraft, QuickCommand, Sequence } from '../store/automation-state';
import type { AppState, ReceiveOptions, SendPreferences, SessionDraft } from '../store/state';
import { DEFAULT_DRAFT, DEFAULT_RECEIVE, DEFAULT_SEND } from '../store/state';
import {
  readAutoReply,
  readAutomationDraft,
  readFraming,
  readQuickCommands,
  readSequence,
} from './read-automation';

export interface PersistedTab {
  draft: SessionDraft;
  receive: ReceiveOptions;
  send: SendPreferences;
  /** Absent in settings saved before issue 6. */
  history?: string[];
  automation?: AutomationDraft;
  /** Re-applied to the tab's session when it is created (setAutoReply). */
  autoReply?: AutoReplySettings;
}

export interface PersistedSettings {
  language?: Language;
  history: string[];
  tabs: PersistedTab[];
  activeIndex: number;
  /** Absent when there are none. */
  quickCommands?: QuickCommand[];
  sequence?: Sequence;
}

const MAX_SAVED_HISTORY = 50;

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length < 256 ? value : fallback;
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function readDraft(raw: unknown): SessionDraft {
  const d = isObject(raw) ? raw : {};
  return {
    protocol: pick(d.protocol, PROTOCOLS, DEFAULT_DRAFT.protocol),
    remoteHost: text(d.remoteHost, DEFAULT_DRAFT.remoteHost),
    remotePort: text(d.remotePort, DEFAULT_DRAFT.remotePort),
    localHost: text(d.localHost, DEFAULT_DRAFT.localHost),
    localPort: text(d.localPort, DEFAULT_DRAFT.localPort),
    clientLocalPort: text(d.clientLocalPort, DEFAULT_DRAFT.clientLocalPort),
    autoReconnect: flag(d.autoReconnect, DEFAULT_DRAFT.autoReconnect),
    reconnectMs: whole(
      d.reconnectMs,
      RECONNECT_MS_RANGE.min,
      RECONNECT_MS_RANGE.max,
      DEFAULT_DRAFT.reconnectMs,
    ),
    broadcast: flag(d.broadcast, DEFAULT_DRAFT.broadcast),
    multicastGroup: text(d.multicastGroup, DEFAULT_DRAFT.multicastGroup),
    multicastInterface: text(d.multicastInterface, DEFAULT_DRAFT.multicastInterface),
  };
}

/**
 * The tab's framing. Settings saved before it moved into the receive settings had it in the
 * auto-reply settings (`autoReply.framing`) and a merge window beside it (`receive.mergeMs`):
 * a byte framing the user chose wins (it is what cuts messages now), then a merge window.
 */
function readReceiveFraming(receive: Loose, autoReply: unknown): Framing {
  if (isObject(receive.framing)) return readFraming(receive.framing);
  const old = isObject(autoReply) && isObject(autoReply.framing) ? autoReply.framing : undefined;
  const framing = readFraming(old);
  if (framing.mode !== 'raw' && framing.mode !== 'merge') return framing;
  const mergeMs = whole(receive.mergeMs, 1, 60_000, 0);
  return mergeMs > 0 ? { mode: 'merge', withinMs: mergeMs } : framing;
}

function readReceive(raw: unknown, autoReply: unknown): ReceiveOptions {
  const r = isObject(raw) ? raw : {};
  return {
    encoding: pick(r.encoding, ENCODINGS, DEFAULT_RECEIVE.encoding),
    hexDisplay: flag(r.hexDisplay, DEFAULT_RECEIVE.hexDisplay),
    textWithHex: flag(r.textWithHex, DEFAULT_RECEIVE.textWithHex),
    timestamps: flag(r.timestamps, DEFAULT_RECEIVE.timestamps),
    timestampMode: pick(r.timestampMode, TIMESTAMP_MODES, 'absolute'),
    autoScroll: flag(r.autoScroll, DEFAULT_RECEIVE.autoScroll),
    framing: readReceiveFraming(r, autoReply),
    maxBytesShown: whole(r.maxBytesShown, 16, 1024 * 1024, DEFAULT_RECEIVE.maxBytesShown ?? 1024),
  };
}

/** A whole number within [min, max], or the fallback. */
function whole(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : fallback;
}

function readSend(raw: unknown): SendPreferences {
  const s = isObject(raw) ? raw : {};
  return {
    hexSend: flag(s.hexSend, DEFAULT_SEND.hexSend),
    escapes: flag(s.escapes, DEFAULT_SEND.escapes),
    lineEnding: pick(s.lineEnding, LINE_ENDINGS, DEFAULT_SEND.lineEnding),
    checksum: pick(s.checksum, CHECKSUMS, DEFAULT_SEND.checksum),
    sendKey: pick(s.sendKey, ['enter', 'ctrl-enter'] as const, DEFAULT_SEND.sendKey),
    replyToLastSender: flag(s.replyToLastSender, DEFAULT_SEND.replyToLastSender),
    clearAfterSend: flag(s.clearAfterSend, DEFAULT_SEND.clearAfterSend),
  };
}

/** Whatever storage held (an older version, a hand edit), as settings we can trust. */
export function readSettings(raw: unknown): PersistedSettings {
  const s = isObject(raw) ? raw : {};
  const tabs = Array.isArray(s.tabs)
    ? s.tabs.slice(0, 20).map((t: unknown) => {
        const tab = isObject(t) ? t : {};
        return {
          draft: readDraft(tab.draft),
          receive: readReceive(tab.receive, tab.autoReply),
          send: readSend(tab.send),
          ...(Array.isArray(tab.history) ? { history: readHistory(tab.history) } : {}),
          automation: readAutomationDraft(tab.automation),
          autoReply: readAutoReply(tab.autoReply),
        };
      })
    : [];
  const history = readHistory(s.history);
  const quickCommands = readQuickCommands(s.quickCommands);
  const activeIndex =
    typeof s.activeIndex === 'number' && Number.isInteger(s.activeIndex) ? s.activeIndex : 0;
  return {
    ...(isLanguage(s.language) ? { language: s.language } : {}),
    history,
    tabs,
    activeIndex: Math.max(0, Math.min(activeIndex, tabs.length - 1)),
    ...(quickCommands.length ? { quickCommands } : {}),
    ...(isObject(s.sequence) ? { sequence: readSequence(s.sequence) } : {}),
  };
}

function readHistory(raw: unknown): string[] {
  return Array.isArray(raw)
    ? raw.filter((m): m is string => typeof m === 'string').slice(-MAX_SAVED_HISTORY)
    : [];
}

export function settingsOf(state: AppState): PersistedSettings {
  return {
    language: state.language,
    history: state.history.slice(-MAX_SAVED_HISTORY),
    tabs: state.tabs.map((tab) => ({
      draft: tab.draft,
      receive: tab.receive,
      send: tab.send,
      history: tab.history.slice(-MAX_SAVED_HISTORY),
      automation: tab.automation,
      autoReply: tab.autoReply,
    })),
    activeIndex: Math.max(
      0,
      state.tabs.findIndex((t) => t.tabId === state.activeTabId),
    ),
    ...(state.quickCommands.length ? { quickCommands: [...state.quickCommands] } : {}),
    ...(state.sequence.steps.length ? { sequence: state.sequence } : {}),
  };
}
