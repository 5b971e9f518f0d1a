import type {
  AutoReplySettings,
  EngineEvent,
  FileSendStatus,
  FileKind,
  FileStatus,
  LogEntry,
  LogLimits,
  LogWindow,
  PeriodicStatus,
  SessionSnapshot,
} from '../../shared/contract';
import type { BridgeStatus } from '../bridge/client';
import type { HostInfo } from '../bridge/host-info';
import type { Language } from '../i18n/translate';
import type {
  AutoReplyProblem,
  AutomationDraft,
  QuickCommand,
  Sequence,
  SequenceRun,
} from './automation-state';
import type { ReceiveOptions, SendPreferences, SessionDraft, ShownError, TabState } from './state';

/** Everything that can change the renderer's state. Components dispatch these through actions. */
export type Action =
  | { type: 'events'; events: readonly EngineEvent[] }
  | { type: 'bridge-status'; status: BridgeStatus }
  | { type: 'host-info'; info: HostInfo | undefined }
  | { type: 'tab-added'; tab: TabState; activate: boolean }
  | { type: 'tab-removed'; tabId: string }
  | { type: 'tab-activated'; tabId: string }
  | { type: 'session-attached'; tabId: string; sessionId: string }
  | { type: 'session-lost'; tabId: string }
  | { type: 'snapshot'; tabId: string; snapshot: SessionSnapshot }
  | { type: 'draft-changed'; tabId: string; patch: Partial<SessionDraft> }
  | { type: 'receive-changed'; tabId: string; patch: Partial<ReceiveOptions> }
  | { type: 'send-changed'; tabId: string; patch: Partial<SendPreferences> }
  | { type: 'message-changed'; tabId: string; message: string }
  | { type: 'send-to-changed'; tabId: string; sendTo: string }
  | { type: 'busy'; tabId: string; busy: boolean }
  | { type: 'failed'; tabId: string; error: ShownError }
  | { type: 'error-dismissed'; tabId: string }
  | { type: 'log-cleared'; tabId: string; window: LogWindow }
  | { type: 'log-fetched'; sessionId: string; entries: readonly LogEntry[]; window: LogWindow }
  | { type: 'log-paused'; tabId: string; paused: boolean }
  | { type: 'sent'; tabId: string; message: string }
  | { type: 'language-changed'; language: Language }
  /** startFile answered: the file's first status, unless the engine already sent a newer one. */
  | { type: 'file-started'; tabId: string; file: FileStatus }
  /** stopFile answered with the bytes the file holds. */
  | { type: 'file-stopped'; tabId: string; kind: FileKind; bytes: number }
  | { type: 'log-limits'; limits: LogLimits }
  | AutomationAction;

/** Periodic send, send file, auto-reply, quick commands and the sequence runner. */
export type AutomationAction =
  | { type: 'automation-changed'; tabId: string; patch: Partial<AutomationDraft> }
  /**
   * A command answered; `before` is what the tab showed when it was asked, so an engine event
   * that came first (and is newer) is not overwritten.
   */
  | { type: 'periodic-started'; tabId: string; before?: PeriodicStatus; periodic: PeriodicStatus }
  | { type: 'periodic-stopped'; tabId: string; sent: number }
  | { type: 'file-send-started'; tabId: string; before?: FileSendStatus; fileSend: FileSendStatus }
  | { type: 'auto-reply-changed'; tabId: string; settings: AutoReplySettings }
  | { type: 'auto-reply-problem'; tabId: string; problem?: AutoReplyProblem }
  | { type: 'quick-commands-changed'; commands: readonly QuickCommand[] }
  | { type: 'sequence-changed'; sequence: Sequence }
  | { type: 'sequence-progress'; tabId: string; run?: SequenceRun };
