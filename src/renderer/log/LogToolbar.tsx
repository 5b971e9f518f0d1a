import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import { stateText, stateTone } from '../sessions/state-text';

/** Above the log: what the session is doing, and the view's own buttons (pause, clear). */
export function LogToolbar(props: { tabId: string }) {
  const t = useTranslate();
  const actions = useActions();
  const session = useTab(props.tabId, (tab) => tab);
  const paused = session.log.paused !== undefined;
  const tone = stateTone(session.state, session.reason);
  return (
    <div className="log-toolbar">
      <h2 className="log-title">{t('traffic')}</h2>
      <span className={`state-pill ${tone}`}>
        <span className={`dot ${tone}`} aria-hidden="true" />
        {stateText(t, session)}
      </span>
      <span className="spacer" />
      <button
        type="button"
        className="text-button"
        aria-pressed={paused}
        onClick={() => actions.pauseLog(props.tabId, !paused)}
      >
        <span aria-hidden="true">{paused ? '▶' : '❚❚'}</span>{' '}
        {t(paused ? 'resumeView' : 'pauseView')}
      </button>
      <button
        type="button"
        className="text-button"
        onClick={() => void actions.clearLog(props.tabId)}
      >
        <span aria-hidden="true">⌫</span> {t('clearLog')}
      </button>
    </div>
  );
}
