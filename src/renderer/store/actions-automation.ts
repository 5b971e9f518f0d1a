import type { AutoReplySettings, Failure, Framing } from '../../shared/contract';
import { parseHex } from '../../shared/codec/hex';
import type { NetAssistClient } from '../bridge/client';
import type { MessageKey } from '../i18n/translate';
import { sendOptionsOf, sendTargetOf } from '../sessions/session-config';
import type { Action } from './actions-types';
import type { AutomationDraft, QuickCommand, Sequence } from './automation-state';
import { DEFAULT_AUTO_REPLY, wholeNumber } from './automation-state';
import { nextErrorSerial } from './engine-events';
import { SequenceRunner } from './sequence-runner';
import type { TabState } from './state';
import type { Store } from './store';

export const INTERVAL_RANGE = { min: 1, max: 86_400_000 } as const;
export const COUNT_RANGE = { min: 1, max: 1_000_000_000 } as const;
export const DATAGRAM_RANGE = { min: 1, max: 65_507 } as const;
export const DELAY_RANGE = { min: 0, max: 3_600_000 } as const;

/** POSTs a picked file to the browser-mode host's one-time upload address. */
export type Upload = (address: string, file: Blob) => Promise<boolean>;

export async function uploadFile(address: string, file: Blob): Promise<boolean> {
  try {
    // Same origin: the page's cookie goes along and authorises the upload. The host shows the
    // file by the name given here (it never sees a path).
    const named =
      file instanceof File ? `${address}?name=${encodeURIComponent(file.name)}` : address;
    const response = await fetch(named, { method: 'POST', body: file });
    return response.ok;
  } catch {
    return false;
  }
}

/** What the automation actions share with the others (see createActions). */
export interface ActionContext {
  store: Store;
  client: NetAssistClient;
  dispatch(action: Action): void;
  tabOf(tabId: string): TabState | undefined;
  showFailure(tabId: string, failure: Failure): void;
  sessionOf(tabId: string): Promise<string | undefined>;
  upload: Upload;
}

export interface AutomationActions {
  changeAutomation(tabId: string, patch: Partial<AutomationDraft>): void;
  /** Sends the send box's message every Interval (ms), Count times or until stopped. */
  startPeriodic(tabId: string): Promise<void>;
  stopPeriodic(tabId: string): Promise<void>;
  /**
   * Desktop: the engine asks for the file with an open dialog. Browser: `file` is the one the
   * user picked, uploaded to the address the engine answers with.
   */
  sendFile(tabId: string, file?: Blob): Promise<void>;
  cancelSendFile(tabId: string): Promise<void>;
  /** The whole auto-reply settings (rules, Echo), for the tab and its session. */
  setAutoReply(tabId: string, settings: AutoReplySettings): Promise<void>;
  /** How received bytes are cut into messages (Receive settings), for the tab and its session. */
  setFraming(tabId: string, framing: Framing): Promise<void>;
  /** The tab's saved auto-reply and framing, for a session that was just created. */
  applySavedAutomation(tabId: string, sessionId: string): Promise<void>;
  /** Tells the session the tab's framing (before it opens, so the first bytes are cut by it). */
  applyFraming(tabId: string, sessionId: string): Promise<void>;
  /** Adds a quick command, or replaces the one with its id. */
  saveQuickCommand(command: QuickCommand): void;
  deleteQuickCommand(id: string): void;
  /** Imported commands replace those with the same id; the others are added after. */
  importQuickCommands(commands: readonly QuickCommand[], sequence?: Sequence): void;
  /** True when the engine took it. */
  sendQuickCommand(tabId: string, id: string): Promise<boolean>;
  changeSequence(sequence: Sequence): void;
  startSequence(tabId: string): void;
  stopSequence(tabId: string): void;
}

function uiFailure(ctx: ActionContext, tabId: string, key: MessageKey) {
  ctx.dispatch({ type: 'failed', tabId, error: { kind: 'ui', key, serial: nextErrorSerial() } });
}

function notConnected(tab: TabState): Failure {
  return { ok: false, code: 'NOT_CONNECTED', message: '', params: { state: tab.state } };
}

export function createAutomationActions(ctx: ActionContext): AutomationActions {
  const { client, dispatch, tabOf, showFailure } = ctx;
  // Only the newest setAutoReply's answer may set or clear the problem shown.
  const autoReplySerial = new Map<string, number>();

  async function sendQuickCommand(tabId: string, id: string): Promise<boolean> {
    const tab = tabOf(tabId);
    const command = ctx.store.getState().quickCommands.find((c) => c.id === id);
    if (!tab || !command) return false;
    const target = sendTargetOf(tab);
    if (!target.ok) {
      showFailure(tabId, target);
      return false;
    }
    if (!tab.sessionId) {
      showFailure(tabId, notConnected(tab));
      return false;
    }
    const sent = await client.send({
      sessionId: tab.sessionId,
      data: command.data,
      options: command.options,
      ...(target.target ? { target: target.target } : {}),
    });
    if (!sent.ok) showFailure(tabId, sent);
    return sent.ok;
  }

  const runner = new SequenceRunner(ctx.store, sendQuickCommand);

  async function tellEngine(tabId: string, sessionId: string, settings: AutoReplySettings) {
    const serial = (autoReplySerial.get(tabId) ?? 0) + 1;
    autoReplySerial.set(tabId, serial);
    const set = await client.setAutoReply({ sessionId, ...settings });
    if (autoReplySerial.get(tabId) !== serial) return;
    if (set.ok) {
      dispatch({ type: 'auto-reply-problem', tabId, problem: undefined });
      return;
    }
    const rule =
      set.code === 'INVALID_PATTERN'
        ? settings.rules.find((r) => r.pattern === set.params.pattern)
        : undefined;
    dispatch({
      type: 'auto-reply-problem',
      tabId,
      problem: { code: set.code, params: set.params, ...(rule ? { ruleId: rule.id } : {}) },
    });
    if (!rule) showFailure(tabId, set);
  }

  async function tellEngineFraming(tabId: string, sessionId: string, framing: Framing) {
    const set = await client.setFraming({ sessionId, framing });
    if (!set.ok) showFailure(tabId, set);
  }

  return {
    changeAutomation: (tabId, patch) => dispatch({ type: 'automation-changed', tabId, patch }),

    async startPeriodic(tabId) {
      const tab = tabOf(tabId);
      if (!tab) return;
      const intervalMs = wholeNumber(tab.automation.intervalMs, 1, INTERVAL_RANGE.max);
      const count = wholeNumber(tab.automation.count, 1, COUNT_RANGE.max);
      // The fields show what is wrong with them; nothing starts until they are right.
      if (intervalMs === undefined) return;
      if (tab.automation.count.trim() !== '' && count === undefined) return;
      if (tab.send.hexSend && tab.message.trim() !== '' && !parseHex(tab.message).ok) return;
      const target = sendTargetOf(tab);
      if (!target.ok) return showFailure(tabId, target);
      if (!tab.sessionId) return showFailure(tabId, notConnected(tab));
      const before = tab.periodic;
      const started = await client.startPeriodic({
        sessionId: tab.sessionId,
        data: tab.message,
        options: sendOptionsOf(tab),
        intervalMs,
        ...(count === undefined ? {} : { count }),
        ...(target.target ? { target: target.target } : {}),
      });
      if (!started.ok) return showFailure(tabId, started);
      dispatch({ type: 'sent', tabId, message: tab.message });
      dispatch({
        type: 'periodic-started',
        tabId,
        before,
        periodic: { running: true, intervalMs, sent: 0, ...(count ? { count } : {}) },
      });
    },

    async stopPeriodic(tabId) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return;
      const stopped = await client.stopPeriodic({ sessionId });
      if (!stopped.ok) return showFailure(tabId, stopped);
      dispatch({ type: 'periodic-stopped', tabId, sent: stopped.sent });
    },

    async sendFile(tabId, file) {
      const tab = tabOf(tabId);
      if (!tab) return;
      const target = sendTargetOf(tab);
      if (!target.ok) return showFailure(tabId, target);
      if (!tab.sessionId) return showFailure(tabId, notConnected(tab));
      const udp = tab.draft.protocol === 'udp';
      const datagramBytes = udp
        ? wholeNumber(tab.automation.datagramBytes, DATAGRAM_RANGE.min, DATAGRAM_RANGE.max)
        : undefined;
      const delayMs = udp
        ? wholeNumber(tab.automation.delayMs, DELAY_RANGE.min, DELAY_RANGE.max)
        : undefined;
      const before = tab.fileSend;
      const started = await client.sendFile({
        sessionId: tab.sessionId,
        ...(target.target ? { target: target.target } : {}),
        ...(datagramBytes === undefined ? {} : { datagramBytes }),
        ...(delayMs === undefined ? {} : { delayMs }),
      });
      if (!started.ok) return showFailure(tabId, started);
      const { upload } = started;
      dispatch({
        type: 'file-send-started',
        tabId,
        before,
        fileSend: {
          name: file instanceof File ? file.name : started.name,
          state: upload === undefined ? 'sending' : 'waiting',
          sent: 0,
          ...(file ? { total: file.size } : {}),
        },
      });
      if (upload === undefined) return;
      if (!file || !(await ctx.upload(upload, file))) {
        // The engine ends the send when the upload breaks off; say why in the page's words.
        uiFailure(ctx, tabId, 'sendFile.uploadFailed');
      }
    },

    async cancelSendFile(tabId) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return;
      const cancelled = await client.cancelSendFile({ sessionId });
      if (!cancelled.ok) showFailure(tabId, cancelled);
    },

    async setAutoReply(tabId, settings) {
      dispatch({ type: 'auto-reply-changed', tabId, settings });
      const sessionId = await ctx.sessionOf(tabId);
      if (sessionId !== undefined) await tellEngine(tabId, sessionId, settings);
    },

    async setFraming(tabId, framing) {
      const tab = tabOf(tabId);
      if (!tab) return;
      dispatch({ type: 'receive-changed', tabId, patch: { framing } });
      const sessionId = await ctx.sessionOf(tabId);
      if (sessionId !== undefined) await tellEngineFraming(tabId, sessionId, framing);
    },

    async applySavedAutomation(tabId, sessionId) {
      const tab = tabOf(tabId);
      if (!tab) return;
      const { autoReply, receive } = tab;
      await Promise.all([
        autoReply === DEFAULT_AUTO_REPLY ? undefined : tellEngine(tabId, sessionId, autoReply),
        // A new session cuts nothing (raw) until told otherwise.
        receive.framing.mode === 'raw'
          ? undefined
          : tellEngineFraming(tabId, sessionId, receive.framing),
      ]);
    },

    async applyFraming(tabId, sessionId) {
      const framing = tabOf(tabId)?.receive.framing;
      if (framing) await tellEngineFraming(tabId, sessionId, framing);
    },

    saveQuickCommand(command) {
      const commands = ctx.store.getState().quickCommands;
      const known = commands.some((c) => c.id === command.id);
      dispatch({
        type: 'quick-commands-changed',
        commands: known
          ? commands.map((c) => (c.id === command.id ? command : c))
          : [...commands, command],
      });
    },

    deleteQuickCommand(id) {
      const state = ctx.store.getState();
      dispatch({
        type: 'quick-commands-changed',
        commands: state.quickCommands.filter((c) => c.id !== id),
      });
      const steps = state.sequence.steps.filter((s) => s.commandId !== id);
      if (steps.length !== state.sequence.steps.length) {
        dispatch({ type: 'sequence-changed', sequence: { ...state.sequence, steps } });
      }
    },

    importQuickCommands(imported, sequence) {
      const commands = ctx.store.getState().quickCommands;
      const byId = new Map(imported.map((c) => [c.id, c]));
      const kept = commands.map((c) => byId.get(c.id) ?? c);
      const added = imported.filter((c) => !commands.some((k) => k.id === c.id));
      dispatch({ type: 'quick-commands-changed', commands: [...kept, ...added] });
      if (sequence) dispatch({ type: 'sequence-changed', sequence });
    },

    sendQuickCommand,
    changeSequence: (sequence) => dispatch({ type: 'sequence-changed', sequence }),
    startSequence: (tabId) => runner.start(tabId),
    stopSequence: (tabId) => runner.stop(tabId),
  };
}
