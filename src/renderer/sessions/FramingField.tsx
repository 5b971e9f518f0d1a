import type { Framing } from '../../shared/contract';
import { FRAMING_MODES } from '../../shared/contract';
import { useState } from 'react';
import { NumberField, SelectField, TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { readFraming } from '../settings/read-automation';

type Mode = Framing['mode'];

/**
 * How received bytes are cut into messages: the log's rows and what auto-reply matches (`merge`
 * only groups rows in the page). A number being typed is applied once it is a valid one.
 */
export function FramingField(props: { framing: Framing; onChange: (framing: Framing) => void }) {
  const t = useTranslate();
  const { framing, onChange } = props;
  return (
    <div className="framing">
      <SelectField
        label={t('framing')}
        title={t('framing.hint')}
        value={framing.mode}
        options={FRAMING_MODES.map((mode) => ({ value: mode, label: t(`framing.${mode}`) }))}
        onChange={(mode: Mode) => onChange(readFraming({ mode }))}
      />
      {framing.mode === 'merge' && (
        <NumberText
          label={t('framing.withinMs')}
          title={t('mergeWithinHint')}
          value={framing.withinMs}
          max={60_000}
          onChange={(withinMs) => onChange({ ...framing, withinMs })}
        />
      )}
      {framing.mode === 'fixed' && (
        <NumberText
          label={t('framing.length')}
          value={framing.length}
          max={16 * 1024 * 1024}
          onChange={(length) => onChange({ ...framing, length })}
        />
      )}
      {framing.mode === 'delimiter' && <DelimiterText framing={framing} onChange={onChange} />}
      {framing.mode === 'length-prefixed' && (
        <>
          <SelectField
            label={t('framing.prefixBytes')}
            value={String(framing.prefixBytes) as '1' | '2' | '4'}
            options={(['1', '2', '4'] as const).map((n) => ({
              value: n,
              label: t('framing.prefix', { count: n }),
            }))}
            onChange={(n) => onChange({ ...framing, prefixBytes: Number(n) as 1 | 2 | 4 })}
          />
          <SelectField
            label={t('framing.byteOrder')}
            value={framing.byteOrder}
            options={(['big', 'little'] as const).map((order) => ({
              value: order,
              label: t(`byteOrder.${order}`),
            }))}
            onChange={(byteOrder) => onChange({ ...framing, byteOrder })}
          />
        </>
      )}
    </div>
  );
}

function NumberText(props: {
  label: string;
  title?: string;
  value: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return <NumberField className="short" {...props} min={1} />;
}

const HEX_BYTES = /^\s*([0-9a-f]{2}\s*)+$/i;

/** Applied once it is whole hex bytes, so the engine never hears of "0D 0". */
function DelimiterText(props: {
  framing: Extract<Framing, { mode: 'delimiter' }>;
  onChange: (framing: Framing) => void;
}) {
  const t = useTranslate();
  const [typed, setTyped] = useState(props.framing.delimiter);
  return (
    <TextField
      className="short"
      label={t('framing.delimiterHex')}
      title={t('framing.delimiterHint')}
      placeholder="0D 0A"
      value={typed}
      invalid={!HEX_BYTES.test(typed)}
      onChange={(delimiter) => {
        setTyped(delimiter);
        if (HEX_BYTES.test(delimiter)) {
          props.onChange({ mode: 'delimiter', delimiter: delimiter.trim() });
        }
      }}
    />
  );
}
