import { useEffect, useRef, useState } from 'react';
import type { Failure, LogFilter, LogWindow } from '../../shared/contract';
import { useActions } from '../store/context';
import type { SeqSlice } from '../store/log-rows';
import { MatchCollector } from './match-list';

/** findInLog's bound per call when listing matches (the contract's ceiling). */
const MATCHES_PER_STEP = 10_000;
/** A new filter is searched for after this long without another change. */
const START_DELAY_MS = 150;

export interface OnlyMatchesState {
  /** The matches found so far (undefined: the mode is off). */
  matches?: SeqSlice;
  /** How many of them the log still holds. */
  count: number;
  /** The search has not reached the log's end yet. */
  searching: boolean;
  failure?: Failure;
}

const OFF: OnlyMatchesState = { count: 0, searching: false };

/**
 * Only matches: while `active`, the seqs of the tab's entries matching `filter`, found with
 * bounded findInLog steps and kept growing as new entries arrive. A new filter or `resetKey` (a
 * cleared log, a new session) starts over.
 */
export function useOnlyMatches(input: {
  tabId: string;
  filter: LogFilter;
  active: boolean;
  window: LogWindow;
  resetKey: string;
}): OnlyMatchesState {
  const { tabId, filter, active, window, resetKey } = input;
  const actions = useActions();
  const [state, setState] = useState<OnlyMatchesState>(OFF);
  const collector = useRef<MatchCollector | undefined>(undefined);
  const windowNow = useRef(window);
  windowNow.current = window;
  const filterNow = useRef(filter);
  filterNow.current = filter;
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    if (!active) {
      setState(OFF);
      return;
    }
    setState({ count: 0, searching: true });
    const running = new MatchCollector(
      async (fromSeq) =>
        actions.findInLog(tabId, filterNow.current, fromSeq, false, MATCHES_PER_STEP),
      ({ list, searching, failure }) =>
        setState({
          matches: list.slice(),
          count: list.count,
          searching,
          ...(failure ? { failure } : {}),
        }),
      windowNow.current,
    );
    collector.current = running;
    // Typing a filter changes it on every key: search once the typing pauses.
    const timer = setTimeout(() => void running.run(), START_DELAY_MS);
    return () => {
      clearTimeout(timer);
      running.stop();
      collector.current = undefined;
    };
  }, [actions, tabId, active, filterKey, resetKey]);

  useEffect(() => {
    collector.current?.more(window);
  }, [window]);

  return state;
}
