import { useTranslate } from '../i18n/use-translate';
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
