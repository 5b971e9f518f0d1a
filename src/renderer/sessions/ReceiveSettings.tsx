import { ENCODINGS } from '../../shared/contract';
import { CheckboxField, NumberField, SelectField, Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { ReceiveOptions } from '../store/state';
import { MAX_BYTES_SHOWN_RANGE, MERGE_MS_RANGE, displaySettings } from '../store/state';
import { ENCODING_LABELS } from './labels';

export function ReceiveSettings(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const receive = useTab(props.tabId, (tab) => tab.receive);
  const change = (patch: Partial<ReceiveOptions>) => actions.changeReceive(props.tabId, patch);
  const display = displaySettings(receive);
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
        label={t('autoScroll')}
        checked={receive.autoScroll}
        onChange={(autoScroll) => change({ autoScroll })}
      />
      <NumberField
        label={t('mergeWithin')}
        title={t('mergeWithinHint')}
        value={display.mergeMs}
        {...MERGE_MS_RANGE}
        onChange={(mergeMs) => change({ mergeMs })}
      />
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
