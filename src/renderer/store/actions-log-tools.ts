import type { ExportFormat, LogFilter, Result } from '../../shared/contract';
import { readSelected } from '../log/copy-rows';
import type { ReadSelected } from '../log/copy-rows';
import type { FindStep } from '../log/log-search';
import type { ActionContext } from './actions-automation';
import { LogFetcher } from './log-fetcher';

/** findInLog's bound per call: the view shows one match at a time, the rest are the next ones. */
const MATCHES_PER_STEP = 100;

/** Which entries an export writes: a range of seqs (default all kept), only those matching. */
export interface ExportScope {
  fromSeq?: number;
  toSeq?: number;
  filter?: LogFilter;
}

export interface LogToolActions {
  /**
   * Export log: the kept entries in `format`, text in the tab's encoding (or hex, with Hex
   * display). The desktop asks where; in the browser the file is a download the page starts.
   * Progress comes as the session's 'export' file. `scope`: a selection, the matches of a filter.
   */
  exportLog(tabId: string, format: ExportFormat, scope?: ExportScope): Promise<void>;
  /** Stop export: the export ends as failed with CANCELLED (the engine says so in its event). */
  cancelExport(tabId: string): Promise<void>;
  /** One bounded search step of the tab's log (see LogSearch); `maxMatches` defaults to 100. */
  findInLog(
    tabId: string,
    filter: LogFilter,
    fromSeq: number,
    backward: boolean,
    maxMatches?: number,
  ): Promise<Result<FindStep>>;
  /**
   * Only matches: the view shows these entries (ascending); the page fetches those it lacks, not
   * the entries between them.
   */
  showMatches(tabId: string, seqs: readonly number[], followTail: boolean): void;
  /** The entries `seqs` read whole, for Copy (bounded: see readSelected). */
  readEntries(tabId: string, seqs: readonly number[]): Promise<ReadSelected>;
  /** When entry `seq` was logged (undefined: the engine no longer holds it). */
  entryTime(tabId: string, seq: number): Promise<number | undefined>;
}

export function createLogToolActions(
  context: Omit<ActionContext, 'upload'>,
  download: (address: string) => void,
): LogToolActions {
  const { client, dispatch, tabOf, showFailure, sessionOf, store } = context;
  const matchFetcher = new LogFetcher(client, store);
  return {
    async exportLog(tabId, format, scope = {}) {
      const tab = tabOf(tabId);
      const sessionId = await sessionOf(tabId);
      if (!tab || !sessionId) return;
      const { encoding, hexDisplay } = tab.receive;
      const started = await client.exportLog({
        sessionId,
        format,
        encoding,
        hex: hexDisplay,
        ...(scope.fromSeq === undefined ? {} : { fromSeq: scope.fromSeq }),
        ...(scope.toSeq === undefined ? {} : { toSeq: scope.toSeq }),
        ...(scope.filter === undefined ? {} : { filter: scope.filter }),
      });
      if (!started.ok) return showFailure(tabId, started);
      dispatch({
        type: 'file-started',
        tabId,
        file: {
          kind: 'export',
          name: started.name,
          // The browser mode writes once the page fetches the download.
          state: started.download === undefined ? 'writing' : 'waiting',
          bytes: 0,
        },
      });
      if (started.download !== undefined) download(started.download);
    },

    async cancelExport(tabId) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return;
      const cancelled = await client.cancelExport({ sessionId });
      if (!cancelled.ok) showFailure(tabId, cancelled);
    },

    showMatches(tabId, seqs, followTail) {
      const sessionId = tabOf(tabId)?.sessionId;
      const from = seqs[0];
      const to = seqs[seqs.length - 1];
      if (sessionId === undefined || from === undefined || to === undefined) return;
      store.logs.of(sessionId)?.setFocus(from, to, followTail, seqs);
      matchFetcher.want(sessionId, from, to, followTail, seqs);
    },

    async readEntries(tabId, seqs) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return { ok: true, entries: [] };
      return readSelected((request) => client.readLog(request), sessionId, seqs);
    },

    async findInLog(tabId, filter, fromSeq, backward, maxMatches = MATCHES_PER_STEP) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return { ok: true, seqs: [], nextSeq: fromSeq, done: true };
      const found = await client.findInLog({
        sessionId,
        filter,
        fromSeq,
        maxMatches,
        ...(backward ? { backward } : {}),
      });
      if (!found.ok) return found;
      return { ok: true, seqs: found.seqs, nextSeq: found.nextSeq, done: found.done };
    },

    async entryTime(tabId, seq) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return undefined;
      const read = await client.readLog({ sessionId, fromSeq: seq, count: 1, maxEntryBytes: 1 });
      const entry = read.ok ? read.entries[0] : undefined;
      return entry?.seq === seq ? entry.at : undefined;
    },
  };
}
