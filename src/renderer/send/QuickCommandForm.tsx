import { useId, useState } from 'react';
import { TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import type { QuickCommand } from '../store/automation-state';
import { PayloadOptionsFields } from './PayloadOptionsFields';

const LABELS = {
  hex: 'quick.hex',
  encoding: 'quick.encoding',
  escapes: 'quick.escapes',
  lineEnding: 'quick.lineEnding',
  checksum: 'quick.checksum',
} as const;

/** Adds or edits one quick command: its name, its data and how the data becomes bytes. */
export function QuickCommandForm(props: {
  initial: QuickCommand;
  onSave: (command: QuickCommand) => void;
  onCancel: () => void;
}) {
  const t = useTranslate();
  const [command, setCommand] = useState(props.initial);
  const [tried, setTried] = useState(false);
  const dataId = useId();
  const errorId = useId();
  const nameMissing = command.name.trim() === '';
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (!nameMissing) props.onSave({ ...command, name: command.name.trim() });
      }}
    >
      <TextField
        label={t('quick.name')}
        value={command.name}
        invalid={tried && nameMissing}
        describedBy={errorId}
        onChange={(name) => setCommand({ ...command, name })}
      />
      {tried && nameMissing && (
        <span id={errorId} className="inline-error" role="alert">
          {t('quick.nameRequired')}
        </span>
      )}
      <div className="field">
        <label htmlFor={dataId}>{t('quick.data')}</label>
        <textarea
          id={dataId}
          rows={2}
          spellCheck={false}
          value={command.data}
          onChange={(event) => setCommand({ ...command, data: event.target.value })}
        />
      </div>
      <PayloadOptionsFields
        options={command.options}
        labels={LABELS}
        onChange={(options) => setCommand({ ...command, options })}
      />
      <div className="form-actions">
        <button type="submit" className="text-button primary-text">
          {t('quick.save')}
        </button>
        <button type="button" className="text-button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
