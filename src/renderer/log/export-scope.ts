import type { LogFilter } from '../../shared/contract';
import type { ExportScope } from '../store/actions-log-tools';
import type { SeqRange } from './log-selection';

/** Which entries the form offers to export besides all kept ones. */
export interface ExportChoices {
  /** The rows selected in the log (with Only matches: the matches among them). */
  selection?: SeqRange & { count: number };
  /** The Filter, when it asks for anything. */
  filter?: LogFilter;
  /** Only matches is on: a selection holds only matches too. */
  onlyMatches: boolean;
}

export type EntriesChoice = 'all' | 'selection' | 'matches';

/** What exportLog is asked for, from the Entries choice. */
export function exportScope(choice: EntriesChoice, choices: ExportChoices): ExportScope {
  const { selection, filter, onlyMatches } = choices;
  if (choice === 'selection' && selection) {
    return {
      fromSeq: selection.from,
      toSeq: selection.to,
      ...(onlyMatches && filter ? { filter } : {}),
    };
  }
  if (choice === 'matches' && filter) return { filter };
  return {};
}
