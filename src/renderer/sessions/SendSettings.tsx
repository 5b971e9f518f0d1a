import { CHECKSUMS, LINE_ENDINGS } from '../../shared/contract';
import { CheckboxField, SelectField, Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { SendKey, SendPreferences } from '../store/state';

const SEND_KEYS: readonly SendKey[] = ['enter', 'ctrl-enter'];

export function SendSettings(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const send = useTab(props.tabId, (tab) => tab.send);
  const change = (patch: Partial<SendPreferences>) => actions.changeSend(props.tabId, patch);
  return (
    <Section title={t('sendSettings')}>
      <CheckboxField
        label={t('hexSend')}
        checked={send.hexSend}
        onChange={(hexSend) => change({ hexSend })}
      />
      <CheckboxField
        label={t('escapes')}
        checked={send.escapes}
        disabled={send.hexSend}
        onChange={(escapes) => change({ escapes })}
      />
      <SelectField
        label={t('lineEnding')}
        value={send.lineEnding}
        options={LINE_ENDINGS.map((e) => ({ value: e, label: t(`lineEnding.${e}`) }))}
        onChange={(lineEnding) => change({ lineEnding })}
      />
      <SelectField
        label={t('checksum')}
        value={send.checksum}
        options={CHECKSUMS.map((c) => ({ value: c, label: t(`checksum.${c}`) }))}
        onChange={(checksum) => change({ checksum })}
      />
      <CheckboxField
        label={t('clearAfterSend')}
        checked={send.clearAfterSend}
        onChange={(clearAfterSend) => change({ clearAfterSend })}
      />
      <SelectField
        label={t('sendKey')}
        value={send.sendKey}
        options={SEND_KEYS.map((k) => ({ value: k, label: t(`sendKey.${k}`) }))}
        onChange={(sendKey) => change({ sendKey })}
      />
    </Section>
  );
}
