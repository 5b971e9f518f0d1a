import type { AutoReplySettings, ErrorCode, ErrorParams, SendOptions } from '../../shared/contract';

/** A named payload the user keeps, with how it becomes bytes. Sent with one click or Alt+1…9. */
export interface QuickCommand {
  id: string;
  name: string;
  data: string;
  options: SendOptions;
}

/** One step of the sequence runner: a quick command, then a pause before the next step. */
export interface SequenceStep {
  commandId: string;
  delayMs: number;
}

export interface Sequence {
  steps: readonly SequenceStep[];
  /** How many times the whole list runs (≥ 1). */
  repeat: number;
}

/** Where a running sequence is: step (0-based) of round (1-based). */
export interface SequenceRun {
  step: number;
  round: number;
}

/**
 * The automation fields as typed (strings, checked when used), kept per tab so they survive a tab
 * switch (the session view is re-mounted) and a restart.
 */
export interface AutomationDraft {
  intervalMs: string;
  /** Empty: until stopped. */
  count: string;
  /** UDP file send: bytes per datagram (empty: the largest that fits) and the pause between. */
  datagramBytes: string;
  delayMs: string;
}

/** setAutoReply refused the settings: the sentence shows next to the rule it is about. */
export interface AutoReplyProblem {
  ruleId?: string;
  code: ErrorCode;
  params: ErrorParams;
}

export const DEFAULT_AUTOMATION: AutomationDraft = {
  intervalMs: '1000',
  count: '',
  datagramBytes: '',
  delayMs: '0',
};

export const DEFAULT_AUTO_REPLY: AutoReplySettings = {
  rules: [],
  echo: false,
};

export const EMPTY_SEQUENCE: Sequence = { steps: [], repeat: 1 };

/** Alt+1 … Alt+9 send the first nine quick commands. */
export const QUICK_SHORTCUTS = 9;

let idCounter = 0;

/** An id unique within this page and unlikely to clash with ids from an imported file. */
export function newId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${idCounter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A whole number typed in a field, within [min, max], or undefined. */
export function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
