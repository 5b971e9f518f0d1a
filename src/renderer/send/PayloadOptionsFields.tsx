import type { SendOptions } from '../../shared/contract';
import { CHECKSUMS, ENCODINGS, LINE_ENDINGS } from '../../shared/contract';
import { CheckboxField, SelectField } from '../app/controls';
import type { MessageKey } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { ENCODING_LABELS } from '../sessions/labels';

/** The names the fields go by (each form has its own, so no two controls share a name). */
export interface PayloadOptionLabels {
  hex: MessageKey;
  encoding: MessageKey;
  escapes: MessageKey;
  lineEnding: MessageKey;
  checksum: MessageKey;
}

/** How a stored payload (a quick command, a rule's reply) becomes bytes, as the send box does. */
export function PayloadOptionsFields(props: {
  options: SendOptions;
  labels: PayloadOptionLabels;
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
