import { useState } from 'react';
import type { Framing } from '../../shared/contract';
import { ENCODINGS } from '../../shared/contract';
import { CheckboxField, NumberField, SelectField, Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { ReceiveOptions } from '../store/state';
import { MAX_BYTES_SHOWN_RANGE, displaySettings } from '../store/state';
import { FramingField } from './FramingField';
import { ENCODING_LABELS } from './labels';

/**
 * How received data shows. Framing also goes to the engine (setFraming): until it has the change,
 * the section says so (aria-busy).
 */
export function ReceiveSettings(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const receive = useTab(props.tabId, (tab) => tab.receive);
  const [pending, setPending] = useState(0);
  const change = (patch: Partial<ReceiveOptions>) => actions.changeReceive(props.tabId, patch);
  const setFraming = (framing: Framing) => {
    setPending((n) => n + 1);
    void actions.setFraming(props.tabId, framing).finally(() => setPending((n) => n - 1));
  };
  const display = displaySettings(receive);
  return (
    <Section title={t('receive')} busy={pending > 0}>
      <SelectField
        label={t('encoding')}
        value={receive.encoding}
        options={ENCODINGS.map((e) => ({ value: e, label: ENCODING_LABELS[e] }))}
        onChange={(encoding) => change({ encoding })}
      />
      <CheckboxField
        label={t('hexDisplay')}
        checked={receive.hexDisplay}
        onChange={(hexDisplay) => change({ hexDisplay })}
      />
      <CheckboxField
        className="indented"
        label={t('textWithHex')}
        checked={receive.textWithHex}
        disabled={!receive.hexDisplay}
        onChange={(textWithHex) => change({ textWithHex })}
      />
      <CheckboxField
        label={t('autoScroll')}
        checked={receive.autoScroll}
        onChange={(autoScroll) => change({ autoScroll })}
      />
      <FramingField framing={receive.framing} onChange={setFraming} />
      <p className="muted small">{t('framing.note')}</p>
      <NumberField
        label={t('maxBytesShown')}
        title={t('maxBytesShownHint')}
        value={display.maxBytesShown}
        {...MAX_BYTES_SHOWN_RANGE}
        onChange={(maxBytesShown) => change({ maxBytesShown })}
      />
    </Section>
  );
}
