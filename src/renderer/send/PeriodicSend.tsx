import { useId, useState } from 'react';
import type { PeriodicStatus } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import { CheckboxField } from '../app/controls';
import type { Language, Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { COUNT_RANGE, INTERVAL_RANGE } from '../store/actions-automation';
import { wholeNumber } from '../store/automation-state';
import { useActions, useTab } from '../store/context';
import { AutomationNumberField } from './AutomationNumberField';

function statusSentence(t: Translate, periodic: PeriodicStatus, language: Language): string {
  const { sent, intervalMs: interval, count } = periodic;
  if (periodic.running) {
    return count === undefined
      ? t('periodic.running', { interval, sent })
      : t('periodic.runningOf', { interval, sent, count });
  }
  switch (periodic.end) {
    case 'finished':
      return t('periodic.finished', { sent });
    case 'failed':
      return t('periodic.failed', {
        sent,
        error: periodic.error
          ? describeError(periodic.error.code, periodic.error.params, language)
          : t('reason.error'),
      });
    default:
      return t('periodic.stopped', { sent });
  }
}

/**
 * Periodic send: checking the box sends the message box's payload every Interval (ms), Count
 * times or until unchecked; the engine's word (running, how many sent, why it ended) is shown.
 */
export function PeriodicSend(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const draft = useTab(tabId, (tab) => tab.automation);
  const periodic = useTab(tabId, (tab) => tab.periodic);
  // What the user asked for while the engine answers: the box shows it at once.
  const [pending, setPending] = useState<boolean | undefined>(undefined);
  const errorId = useId();
  const intervalOk =
    wholeNumber(draft.intervalMs, INTERVAL_RANGE.min, INTERVAL_RANGE.max) !== undefined;
  const countOk =
    draft.count.trim() === '' ||
    wholeNumber(draft.count, COUNT_RANGE.min, COUNT_RANGE.max) !== undefined;
  const running = periodic?.running === true;

  const toggle = async (on: boolean) => {
    setPending(on);
    try {
      if (on) await actions.startPeriodic(tabId);
      else await actions.stopPeriodic(tabId);
    } finally {
      setPending(undefined);
    }
  };

  const problem = !intervalOk
    ? t('periodic.intervalInvalid')
    : !countOk
      ? t('periodic.countInvalid')
      : undefined;
  return (
    <div className="periodic">
      <CheckboxField
        label={t('periodic')}
        checked={pending ?? running}
        disabled={pending !== undefined || (!running && problem !== undefined)}
        onChange={(on) => void toggle(on)}
      />
      <AutomationNumberField
        tabId={tabId}
        field="intervalMs"
        label={t('periodic.interval')}
        valid={intervalOk}
        disabled={running}
        describedBy={errorId}
      />
      <AutomationNumberField
        tabId={tabId}
        field="count"
        label={t('periodic.count')}
        placeholder="∞"
        title={t('periodic.countHint')}
        valid={countOk}
        disabled={running}
        describedBy={errorId}
      />
      {/* Not live while running: a count going up every few ms would drown a screen reader. */}
      <span id={errorId} className="periodic-status" aria-live={running ? 'off' : 'polite'}>
        {problem !== undefined ? (
          <span className="inline-error">{problem}</span>
        ) : periodic ? (
          <span className={periodic.end === 'failed' ? 'inline-error' : 'muted'}>
            {statusSentence(t, periodic, language)}
          </span>
        ) : null}
      </span>
    </div>
  );
}
