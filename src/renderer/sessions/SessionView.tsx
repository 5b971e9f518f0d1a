import { useTranslate } from '../i18n/use-translate';
import { LogToolbar } from '../log/LogToolbar';
import { LogView } from '../log/LogView';
import { HistoryList } from '../send/HistoryList';
import { QuickCommands } from '../send/QuickCommands';
import { SendBox } from '../send/SendBox';
import { useTab } from '../store/context';
import { AutoReply } from './AutoReply';
import { ClientList } from './ClientList';
import { ErrorAlert } from './ErrorAlert';
import { FileSettings } from './FileSettings';
import { MulticastGroups } from './MulticastGroups';
import { NetworkSettings } from './NetworkSettings';
import { ReceiveSettings } from './ReceiveSettings';
import { SendSettings } from './SendSettings';
import { StatusBar } from './StatusBar';

/**
 * One tab: settings on the left, the log filling the middle with the send box under it, and the
 * automation tools (quick commands, auto-reply, history) on the right.
 */
export function SessionView(props: { tabId: string; labelledBy: string; id: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const protocol = useTab(tabId, (tab) => tab.draft.protocol);
  return (
    <div className="session" role="tabpanel" id={props.id} aria-labelledby={props.labelledBy}>
      <aside className="sidebar" aria-label={t('sessionSettings')}>
        <NetworkSettings tabId={tabId} />
        {protocol === 'tcp-server' && <ClientList tabId={tabId} />}
        {protocol === 'udp' && <MulticastGroups tabId={tabId} />}
        <ReceiveSettings tabId={tabId} />
        <FileSettings tabId={tabId} />
        <SendSettings tabId={tabId} />
      </aside>
      <main className="workspace">
        <LogToolbar tabId={tabId} />
        <LogView tabId={tabId} />
        <ErrorAlert tabId={tabId} />
        <SendBox tabId={tabId} />
      </main>
      <aside className="tools" aria-label={t('automation')}>
        <QuickCommands tabId={tabId} />
        <AutoReply tabId={tabId} />
        <HistoryList tabId={tabId} />
      </aside>
      <StatusBar tabId={tabId} />
    </div>
  );
}
