import { ENCODINGS } from '../../shared/contract';
import { CheckboxField, SelectField, Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { ReceiveOptions } from '../store/state';
import { ENCODING_LABELS } from './labels';

export function ReceiveSettings(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const receive = useTab(props.tabId, (tab) => tab.receive);
  const change = (patch: Partial<ReceiveOptions>) => actions.changeReceive(props.tabId, patch);
  return (
    <Section title={t('receive')}>
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
        label={t('timestamps')}
        checked={receive.timestamps}
        onChange={(timestamps) => change({ timestamps })}
      />
      <CheckboxField
        label={t('autoScroll')}
        checked={receive.autoScroll}
        onChange={(autoScroll) => change({ autoScroll })}
      />
    </Section>
  );
}
