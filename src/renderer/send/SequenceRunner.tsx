import { useId, useState } from 'react';
import { IconButton, SelectField, TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { DELAY_RANGE } from '../store/actions-automation';
import { wholeNumber } from '../store/automation-state';
import { useActions, useAppState, useTab } from '../store/context';

const REPEAT_MAX = 1_000_000;

/** A list of quick commands, each followed by a pause, run `repeat` times in this tab. */
export function SequenceRunner(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const commands = useAppState((state) => state.quickCommands);
  const sequence = useAppState((state) => state.sequence);
  const run = useTab(tabId, (tab) => tab.sequenceRun);
  const headingId = useId();
  const [chosen, setChosen] = useState('');
  const [delay, setDelay] = useState('1000');
  const [repeat, setRepeat] = useState(String(sequence.repeat));
  const commandId = commands.some((c) => c.id === chosen) ? chosen : (commands[0]?.id ?? '');
  const delayMs = wholeNumber(delay, DELAY_RANGE.min, DELAY_RANGE.max);
  const repeatOk = wholeNumber(repeat, 1, REPEAT_MAX) !== undefined;
  const nameOf = (id: string) => commands.find((c) => c.id === id)?.name ?? t('sequence.missing');

  return (
    <div className="sequence" role="group" aria-labelledby={headingId}>
      <h3 id={headingId} className="subheading">
        {t('sequence')}
      </h3>
      {sequence.steps.length === 0 ? (
        <p className="muted small">{t('sequence.empty')}</p>
      ) : (
        <ol className="sequence-steps">
          {sequence.steps.map((step, i) => (
            <li key={i} className={run?.step === i ? 'current' : undefined}>
              <span>
                {t('sequence.stepLine', {
                  n: i + 1,
                  name: nameOf(step.commandId),
                  delay: step.delayMs,
                })}
              </span>
              <IconButton
                label={t('sequence.removeStep', { n: i + 1 })}
                glyph="✕"
                disabled={run !== undefined}
                onClick={() =>
                  actions.changeSequence({
                    ...sequence,
                    steps: sequence.steps.filter((_, j) => j !== i),
                  })
                }
              />
            </li>
          ))}
        </ol>
      )}
      {commands.length > 0 && (
        <div className="sequence-add">
          <SelectField
            label={t('sequence.command')}
            value={commandId}
            options={commands.map((c) => ({ value: c.id, label: c.name }))}
            onChange={setChosen}
          />
          <TextField
            className="short"
            label={t('sequence.delay')}
            value={delay}
            inputMode="numeric"
            invalid={delayMs === undefined}
            onChange={setDelay}
          />
          <button
            type="button"
            className="text-button"
            disabled={delayMs === undefined || commandId === '' || run !== undefined}
            onClick={() =>
              delayMs !== undefined &&
              actions.changeSequence({
                ...sequence,
                steps: [...sequence.steps, { commandId, delayMs }],
              })
            }
          >
            {t('sequence.addStep')}
          </button>
        </div>
      )}
      <div className="sequence-run">
        <TextField
          className="inline short"
          label={t('sequence.repeat')}
          value={repeat}
          inputMode="numeric"
          invalid={!repeatOk}
          disabled={run !== undefined}
          onChange={(text) => {
            setRepeat(text);
            const value = wholeNumber(text, 1, REPEAT_MAX);
            if (value !== undefined) actions.changeSequence({ ...sequence, repeat: value });
          }}
        />
        {run ? (
          <button type="button" className="text-button" onClick={() => actions.stopSequence(tabId)}>
            <span aria-hidden="true">■ </span>
            {t('sequence.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="text-button"
            disabled={sequence.steps.length === 0 || !repeatOk}
            onClick={() => actions.startSequence(tabId)}
          >
            <span aria-hidden="true">▶ </span>
            {t('sequence.start')}
          </button>
        )}
      </div>
      {run && (
        <p className="muted small" role="status">
          {t('sequence.progress', {
            step: run.step + 1,
            steps: sequence.steps.length,
            round: run.round,
            rounds: sequence.repeat,
          })}
        </p>
      )}
    </div>
  );
}
