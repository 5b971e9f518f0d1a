import type { ExportFormat, LogFilter, Result } from '../../shared/contract';
import type { FindStep } from '../log/log-search';
import type { ActionContext } from './actions-automation';

/** findInLog's bound per call: the view shows one match at a time, the rest are the next ones. */
const MATCHES_PER_STEP = 100;

export interface LogToolActions {
  /**
   * Export log: the kept entries in `format`, text in the tab's encoding (or hex, with Hex
   * display). The desktop asks where; in the browser the file is a download the page starts.
   * Progress comes as the session's 'export' file.
   */
  exportLog(tabId: string, format: ExportFormat): Promise<void>;
  /** One bounded search step of the tab's log (see LogSearch). */
  findInLog(
    tabId: string,
    filter: LogFilter,
    fromSeq: number,
    backward: boolean,
  ): Promise<Result<FindStep>>;
  /** When entry `seq` was logged (undefined: the engine no longer holds it). */
  entryTime(tabId: string, seq: number): Promise<number | undefined>;
}

export function createLogToolActions(
  context: Omit<ActionContext, 'upload'>,
  download: (address: string) => void,
): LogToolActions {
  const { client, dispatch, tabOf, showFailure, sessionOf } = context;
  return {
    async exportLog(tabId, format) {
      const tab = tabOf(tabId);
      const sessionId = await sessionOf(tabId);
      if (!tab || !sessionId) return;
      const { encoding, hexDisplay } = tab.receive;
      const started = await client.exportLog({ sessionId, format, encoding, hex: hexDisplay });
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

    async findInLog(tabId, filter, fromSeq, backward) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return { ok: true, seqs: [], nextSeq: fromSeq, done: true };
      const found = await client.findInLog({
        sessionId,
        filter,
        fromSeq,
        maxMatches: MATCHES_PER_STEP,
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
