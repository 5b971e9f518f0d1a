import { PROTOCOLS, RECONNECT_MS_RANGE } from '../../shared/contract';
import type { Protocol } from '../../shared/contract';
import { CheckboxField, NumberField, SelectField, Section, TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { SessionDraft } from '../store/state';
import { OPEN_STATES } from '../store/state';
import { OpenButton } from './OpenButton';
import { fieldProblem } from './session-config';

type AddressField = 'remoteHost' | 'remotePort' | 'localHost' | 'localPort' | 'clientLocalPort';

/** Which address fields each protocol needs, in the order people fill them. */
const FIELDS: Record<Protocol, readonly AddressField[]> = {
  'tcp-client': ['remoteHost', 'remotePort', 'clientLocalPort'],
  'tcp-server': ['localHost', 'localPort'],
  udp: ['localHost', 'localPort', 'remoteHost', 'remotePort'],
};

export function NetworkSettings(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const draft = useTab(tabId, (tab) => tab.draft);
  const state = useTab(tabId, (tab) => tab.state);
  const busy = useTab(tabId, (tab) => tab.busy);
  const bound = useTab(tabId, (tab) => tab.local);
  const open = OPEN_STATES.has(state) || busy;
  // Port 0 lets the system choose; once open, show the port it chose.
  const shown = (field: AddressField) =>
    field === 'localPort' && open && bound && ['', '0'].includes(draft.localPort.trim())
      ? String(bound.port)
      : draft[field];

  const change = (patch: Partial<SessionDraft>) => actions.changeDraft(tabId, patch);
  // UDP's target can change between datagrams; everything else is fixed once open.
  const locked = (field: AddressField) =>
    open && !(draft.protocol === 'udp' && (field === 'remoteHost' || field === 'remotePort'));

  const label: Record<AddressField, string> = {
    remoteHost: t('remoteHost'),
    remotePort: t('remotePort'),
    localHost: t('localHost'),
    localPort: t('localPort'),
    clientLocalPort: t('localPort'),
  };
  const placeholder: Partial<Record<AddressField, string>> = {
    clientLocalPort: t('localPortAny'),
    localHost: `0.0.0.0 (${t('localHostAll')})`,
    ...(draft.protocol === 'udp' ? { localPort: t('localPortAny') } : {}),
  };

  return (
    <Section title={t('network')}>
      <SelectField
        label={t('protocol')}
        value={draft.protocol}
        disabled={open}
        options={PROTOCOLS.map((p) => ({ value: p, label: t(`protocol.${p}`) }))}
        onChange={(protocol) => change({ protocol })}
      />
      <div className="field-grid">
        {FIELDS[draft.protocol].map((field) => (
          <TextField
            key={field}
            className={field.endsWith('Port') ? 'port' : 'host'}
            label={label[field]}
            value={shown(field)}
            placeholder={placeholder[field]}
            inputMode={field.endsWith('Port') ? 'numeric' : undefined}
            disabled={locked(field)}
            invalid={fieldProblem(
              field === 'clientLocalPort' ? 'clientLocalPort' : field,
              draft[field],
              draft,
            )}
            onChange={(value) => change({ [field]: value })}
          />
        ))}
      </div>
      {draft.protocol === 'tcp-client' && (
        <div className="field-grid">
          <CheckboxField
            label={t('autoReconnect')}
            title={t('autoReconnect.hint')}
            checked={draft.autoReconnect}
            disabled={open}
            onChange={(autoReconnect) => change({ autoReconnect })}
          />
          <NumberField
            className="port"
            label={t('reconnectMs')}
            value={draft.reconnectMs}
            {...RECONNECT_MS_RANGE}
            step={100}
            disabled={open || !draft.autoReconnect}
            onChange={(reconnectMs) => change({ reconnectMs })}
          />
        </div>
      )}
      {draft.protocol === 'udp' && (
        <CheckboxField
          label={t('broadcast')}
          title={t('broadcast.hint')}
          checked={draft.broadcast}
          disabled={open}
          onChange={(broadcast) => change({ broadcast })}
        />
      )}
      <OpenButton tabId={tabId} />
    </Section>
  );
}
