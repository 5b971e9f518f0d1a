import type { ConnectionInfo } from '../../shared/contract';
import type { Translate } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { formatSize } from '../log/format-size';
import { useActions, useAppState, useTab } from '../store/context';
import { stateText, stateTone } from './state-text';

export function StatusBar(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const session = useTab(props.tabId, (tab) => tab);
  const hostInfo = useAppState((state) => state.hostInfo);
  const { counters } = session;
  return (
    <footer className="status-bar" aria-label={t('statusBar')}>
      <span className="status-state" role="status">
        <span className={`dot ${stateTone(session.state, session.reason)}`} aria-hidden="true" />
        {stateText(t, session)}
      </span>
      <span className="counter rx">RX {counters.rxBytes}</span>
      <span className="counter tx">TX {counters.txBytes}</span>
      <span className="counter muted">
        {t('messages', { rx: counters.rxMessages, tx: counters.txMessages })}
      </span>
      {session.unsent && <Unsent t={t} unsent={session.unsent} connections={session.connections} />}
      <button
        type="button"
        className="text-button"
        onClick={() => void actions.resetCounters(props.tabId)}
      >
        {t('resetCounters')}
      </button>
      <span className="spacer" />
      {hostInfo && (
        <span className="muted policy">
          {t(hostInfo.keepSessionsWhenPageCloses ? 'policy.keep' : 'policy.close')}
        </span>
      )}
      {hostInfo && <span className="muted">{t('version', { version: hostInfo.version })}</span>}
    </footer>
  );
}

/**
 * Bytes waiting for peers that do not read, said while any wait (the engine reports them). Only
 * connections still listed count: a page that missed the last report (it reconnected after the
 * connection went) must not show them forever.
 */
function Unsent(props: {
  t: Translate;
  unsent: Readonly<Record<string, number>>;
  connections: readonly ConnectionInfo[];
}) {
  const waiting = props.connections
    .map(({ connectionId }) => props.unsent[connectionId] ?? 0)
    .filter((bytes) => bytes > 0);
  if (waiting.length === 0) return null;
  const size = formatSize(waiting.reduce((total, bytes) => total + bytes, 0));
  return (
    <span className="counter unsent">
      {waiting.length === 1
        ? props.t('unsent', { size })
        : props.t('unsentClients', { size, count: waiting.length })}
    </span>
  );
}
