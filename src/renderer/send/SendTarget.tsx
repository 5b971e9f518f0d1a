import { formatAddress } from '../../shared/errors';
import { CheckboxField, SelectField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';

/** Where Send goes: a server picks all clients or one; UDP may answer the last sender. */
export function SendTarget(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const protocol = useTab(tabId, (tab) => tab.draft.protocol);
  const connections = useTab(tabId, (tab) => tab.connections);
  const sendTo = useTab(tabId, (tab) => tab.sendTo);
  const replyToLastSender = useTab(tabId, (tab) => tab.send.replyToLastSender);
  const lastSender = useTab(tabId, (tab) => tab.lastSender);

  if (protocol === 'tcp-server') {
    return (
      <SelectField
        className="inline send-to"
        label={t('sendTo')}
        value={sendTo}
        options={[
          { value: 'all', label: t('allClients') },
          ...connections.map((c) => ({
            value: c.connectionId,
            label: formatAddress(c.remote.host, c.remote.port),
          })),
        ]}
        onChange={(value) => actions.chooseSendTo(tabId, value)}
      />
    );
  }
  if (protocol === 'udp') {
    const sender = lastSender ? ` (${formatAddress(lastSender.host, lastSender.port)})` : '';
    return (
      <CheckboxField
        className="inline"
        label={`${t('replyToLastSender')}${sender}`}
        checked={replyToLastSender}
        onChange={(checked) => actions.changeSend(tabId, { replyToLastSender: checked })}
      />
    );
  }
  return null;
}
