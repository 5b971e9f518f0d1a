import { useId } from 'react';
import type { SendOptions } from '../../shared/contract';
import { CHECKSUMS, ENCODINGS, LINE_ENDINGS } from '../../shared/contract';
import { CheckboxField, SelectField } from '../app/controls';
import type { MessageKey } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { ENCODING_LABELS } from '../sessions/labels';

/** The names the fields go by (each form has its own, so no two controls share a name). */
export interface PayloadLabels {
  data: MessageKey;
  /** Shown in the empty data box and as its tooltip. */
  dataHint?: MessageKey;
  hex: MessageKey;
  encoding: MessageKey;
  escapes: MessageKey;
  lineEnding: MessageKey;
  checksum: MessageKey;
}

/**
 * A stored payload (a quick command, a rule's reply): its data, and how it becomes bytes as the
 * send box does.
 */
export function PayloadFields(props: {
  data: string;
  options: SendOptions;
  labels: PayloadLabels;
  onDataChange: (data: string) => void;
  onOptionsChange: (options: SendOptions) => void;
}) {
  const t = useTranslate();
  const dataId = useId();
  const { labels } = props;
  const hint = labels.dataHint && t(labels.dataHint);
  return (
    <>
      <div className="field">
        <label htmlFor={dataId}>{t(labels.data)}</label>
        <textarea
          id={dataId}
          rows={2}
          spellCheck={false}
          value={props.data}
          placeholder={hint}
          title={hint}
          onChange={(event) => props.onDataChange(event.target.value)}
        />
      </div>
      <PayloadOptionsFields
        options={props.options}
        labels={labels}
        onChange={props.onOptionsChange}
      />
    </>
  );
}

function PayloadOptionsFields(props: {
  options: SendOptions;
  labels: PayloadLabels;
  onChange: (options: SendOptions) => void;
}) {
  const t = useTranslate();
  const { options, labels } = props;
  const change = (patch: Partial<SendOptions>) => props.onChange({ ...options, ...patch });
  const hex = options.format === 'hex';
  return (
    <div className="payload-options">
      <CheckboxField
        label={t(labels.hex)}
        checked={hex}
        onChange={(checked) => change({ format: checked ? 'hex' : 'text' })}
      />
      <SelectField
        label={t(labels.encoding)}
        value={options.encoding}
        disabled={hex}
        options={ENCODINGS.map((e) => ({ value: e, label: ENCODING_LABELS[e] }))}
        onChange={(encoding) => change({ encoding })}
      />
      <CheckboxField
        label={t(labels.escapes)}
        checked={options.escapes && !hex}
        disabled={hex}
        onChange={(escapes) => change({ escapes })}
      />
      <SelectField
        label={t(labels.lineEnding)}
        value={options.lineEnding}
        options={LINE_ENDINGS.map((e) => ({ value: e, label: t(`lineEnding.${e}`) }))}
        onChange={(lineEnding) => change({ lineEnding })}
      />
      <SelectField
        label={t(labels.checksum)}
        value={options.checksum}
        options={CHECKSUMS.map((c) => ({ value: c, label: t(`checksum.${c}`) }))}
        onChange={(checksum) => change({ checksum })}
      />
    </div>
  );
}
