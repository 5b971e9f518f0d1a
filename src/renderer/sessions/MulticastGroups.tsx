import { parseInterfaceAddress, parseMulticastGroup } from '../../shared/address';
import { IconButton, Section, TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import { OPEN_STATES } from '../store/state';

/**
 * UDP: join multicast groups (SSDP's 239.255.255.250, mDNS's 224.0.0.251, a device's own group)
 * to receive what is sent to them, and see which ones the open socket is a member of.
 */
export function MulticastGroups(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const group = useTab(tabId, (tab) => tab.draft.multicastGroup);
  const iface = useTab(tabId, (tab) => tab.draft.multicastInterface);
  const joined = useTab(tabId, (tab) => tab.multicast);
  const open = useTab(tabId, (tab) => OPEN_STATES.has(tab.state));
  const groupWrong = group.trim() !== '' && !parseMulticastGroup(group).ok;
  const ifaceWrong = iface.trim() !== '' && !parseInterfaceAddress(iface).ok;
  const auto = t('multicastInterfaceAuto');
  return (
    <Section title={`${t('multicast')} (${joined.length})`} className="multicast">
      <form
        className="panel-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (open && group.trim() !== '') void actions.joinMulticast(tabId);
        }}
      >
        <TextField
          label={t('multicastGroup')}
          value={group}
          placeholder="239.255.255.250"
          invalid={groupWrong}
          onChange={(multicastGroup) => actions.changeDraft(tabId, { multicastGroup })}
        />
        <TextField
          label={t('multicastInterface')}
          value={iface}
          placeholder={auto}
          title={t('multicastInterface.hint')}
          invalid={ifaceWrong}
          onChange={(multicastInterface) => actions.changeDraft(tabId, { multicastInterface })}
        />
        <button type="submit" className="text-button" disabled={!open || group.trim() === ''}>
          {t('multicastJoin')}
        </button>
      </form>
      {joined.length > 0 ? (
        <ul className="client-list" role="list" aria-label={t('multicastJoined')}>
          {joined.map((membership) => {
            const address = membership.interfaceAddress ?? auto;
            return (
              <li
                key={`${membership.group}|${membership.interfaceAddress ?? ''}`}
                className="client"
              >
                <div className="client-main">
                  <span className="client-address">{membership.group}</span>
                  <span className="client-since">{t('multicastOn', { address })}</span>
                </div>
                <IconButton
                  label={t('multicastLeave', { group: membership.group, address })}
                  glyph="✕"
                  danger
                  onClick={() => void actions.leaveMulticast(tabId, membership)}
                />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted small">{open ? t('multicast.hint') : t('multicastOpenFirst')}</p>
      )}
    </Section>
  );
}
