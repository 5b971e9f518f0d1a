import { useCallback, useEffect, useRef, useState } from 'react';
import type { Direction, EncodingName, Failure, LogFilter } from '../../shared/contract';
import { useActions } from '../store/context';
import { LogSearch } from './log-search';

/** The Filter fields as typed. */
export interface FilterDraft {
  text: string;
  /** `text` is hex digits ("0D 0A"), matched as bytes. */
  hex: boolean;
  direction: Direction | 'all';
  peer: string;
}

export type SearchStatus =
  | { kind: 'idle' }
  | { kind: 'searching' }
  /** `serial` tells a new arrival at the same match (Next wrapped to it again) from a re-render. */
  | { kind: 'match'; seq: number; serial: number }
  | { kind: 'none' }
  | { kind: 'failed'; failure: Failure };

export interface LogSearchControls {
  draft: FilterDraft;
  changeDraft(patch: Partial<FilterDraft>): void;
  status: SearchStatus;
  /** Next match (`backward`: Previous) from the last match, or from where the view is. */
  go(backward: boolean): void;
}

const EMPTY_DRAFT: FilterDraft = { text: '', hex: false, direction: 'all', peer: '' };

export function filterOf(draft: FilterDraft, encoding: EncodingName): LogFilter {
  const text = draft.text;
  const peer = draft.peer.trim();
  return {
    encoding,
    ...(draft.direction === 'all' ? {} : { direction: draft.direction }),
    ...(peer === '' ? {} : { peer }),
    ...(text === '' ? {} : draft.hex ? { hex: text } : { text }),
  };
}

/** Whether the Filter asks for anything (a text, a direction or a peer). */
export function hasFilter(draft: FilterDraft): boolean {
  return draft.text !== '' || draft.direction !== 'all' || draft.peer.trim() !== '';
}

let serials = 0;

/**
 * Filter and search for one tab's log. `startSeq` tells where a search without a match yet
 * starts (the view's position); `resetKey` (a cleared log, a new session) forgets the last match.
 */
export function useLogSearch(input: {
  tabId: string;
  encoding: EncodingName;
  resetKey: string;
  startSeq: (backward: boolean) => number;
}): LogSearchControls {
  const { tabId, encoding, resetKey } = input;
  const actions = useActions();
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [status, setStatus] = useState<SearchStatus>({ kind: 'idle' });
  const filter = useRef(filterOf(draft, encoding));
  filter.current = filterOf(draft, encoding);
  const startSeq = useRef(input.startSeq);
  startSeq.current = input.startSeq;
  const [search] = useState(
    () =>
      new LogSearch((from, backward) => actions.findInLog(tabId, filter.current, from, backward)),
  );

  // What the filter matches changed: the matches found so far are not this filter's.
  const filterKey = JSON.stringify(filter.current);
  useEffect(() => {
    search.reset();
    setStatus({ kind: 'idle' });
  }, [search, filterKey, resetKey]);
  useEffect(() => () => search.cancel(), [search]);

  const changeDraft = useCallback(
    (patch: Partial<FilterDraft>) => setDraft((old) => ({ ...old, ...patch })),
    [],
  );
  const go = useCallback(
    (backward: boolean) => {
      setStatus({ kind: 'searching' });
      void search.step(backward, startSeq.current(backward)).then((outcome) => {
        if (outcome.kind === 'cancelled') return;
        if (outcome.kind === 'match') setStatus({ ...outcome, serial: ++serials });
        else setStatus(outcome);
      });
    },
    [search],
  );
  return { draft, changeDraft, status, go };
}
