import { Section } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';

const SHOWN = 50;

/** What this tab sent, newest first; a click puts it back in the message box and sends it. */
export function HistoryList(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const history = useTab(tabId, (tab) => tab.history);
  const newestFirst = history.slice(-SHOWN).reverse();
  return (
    <Section title={t('history')} className="history">
      {newestFirst.length === 0 ? (
        <p className="muted small">{t('history.empty')}</p>
      ) : (
        <ul className="history-list" aria-label={t('history')}>
          {newestFirst.map((message) => (
            <li key={message}>
              <button
                type="button"
                className="history-item"
                title={t('history.resend')}
                onClick={() => {
                  actions.changeMessage(tabId, message);
                  void actions.send(tabId);
                }}
              >
                {message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
