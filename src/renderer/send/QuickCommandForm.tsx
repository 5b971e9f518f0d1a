import { useId, useState } from 'react';
import { TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import type { QuickCommand } from '../store/automation-state';
import type { PayloadLabels } from './PayloadFields';
import { PayloadFields } from './PayloadFields';
import { SaveOrCancel } from '../app/SaveOrCancel';

const LABELS: PayloadLabels = {
  data: 'quick.data',
  hex: 'quick.hex',
  encoding: 'quick.encoding',
  escapes: 'quick.escapes',
  lineEnding: 'quick.lineEnding',
  checksum: 'quick.checksum',
};

/** Adds or edits one quick command: its name, its data and how the data becomes bytes. */
export function QuickCommandForm(props: {
  initial: QuickCommand;
  onSave: (command: QuickCommand) => void;
  onCancel: () => void;
}) {
  const t = useTranslate();
  const [command, setCommand] = useState(props.initial);
  const [tried, setTried] = useState(false);
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
      <PayloadFields
        data={command.data}
        options={command.options}
        labels={LABELS}
        onDataChange={(data) => setCommand({ ...command, data })}
        onOptionsChange={(options) => setCommand({ ...command, options })}
      />
      <SaveOrCancel saveLabel={t('quick.save')} onCancel={props.onCancel} />
    </form>
  );
}
