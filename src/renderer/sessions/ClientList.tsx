import { formatAddress } from '../../shared/errors';
import { IconButton, Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { formatClock } from '../log/format-time';
import { formatSize } from '../log/format-size';
import { useActions, useTab } from '../store/context';
import { isActive } from '../store/files';

/**
 * TCP server: who is connected, what each sent and received, and ways to receive one client's
 * bytes to a file and to drop one.
 */
export function ClientList(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const connections = useTab(props.tabId, (tab) => tab.connections);
  const counters = useTab(props.tabId, (tab) => tab.connectionCounters);
  const unsent = useTab(props.tabId, (tab) => tab.unsent);
  // A session captures to one file at a time: the session's bytes or one client's.
  const capturing = useTab(props.tabId, (tab) => isActive(tab.files.capture));
  return (
    <Section title={`${t('clients')} (${connections.length})`} className="clients">
      <ul className="client-list" role="list" aria-label={t('clients')}>
        {connections.map((connection) => {
          const address = formatAddress(connection.remote.host, connection.remote.port);
          const traffic = counters[connection.connectionId] ?? connection.counters;
          const waiting = unsent?.[connection.connectionId] ?? 0;
          return (
            <li key={connection.connectionId} className="client">
              <div className="client-main">
                <span className="client-address">{address}</span>
                <span className="client-since">
                  {t('connectedSince', { time: formatClock(connection.connectedAt) })}
                </span>
              </div>
              <div
                className="client-traffic"
                title={t('clientTraffic', { rx: traffic.rxBytes, tx: traffic.txBytes })}
              >
                <span className="rx">← {traffic.rxBytes}</span>
                <span className="tx">→ {traffic.txBytes}</span>
              </div>
              <IconButton
                label={t('file.startFrom', { address })}
                glyph="⤓"
                disabled={capturing}
                onClick={() =>
                  void actions.startFile(props.tabId, 'capture', connection.connectionId)
                }
              />
              <IconButton
                label={t('disconnectClient', { address })}
                glyph="✕"
                danger
                onClick={() => void actions.disconnectClient(props.tabId, connection)}
              />
              {waiting > 0 && (
                <span className="client-unsent">{t('unsent', { size: formatSize(waiting) })}</span>
              )}
            </li>
          );
        })}
      </ul>
      {connections.length === 0 && <p className="muted small">{t('noClients')}</p>}
    </Section>
  );
}
