import { describeError } from '../../shared/errors';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';

/** The tab's last failure, in the user's language, until dismissed or the next success. */
export function ErrorAlert(props: { tabId: string }) {
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const error = useTab(props.tabId, (tab) => tab.error);
  if (!error) return null;
  const text =
    error.kind === 'engine' ? describeError(error.code, error.params, language) : t(error.key);
  return (
    <div className="alert error" role="alert" key={error.serial}>
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <span className="alert-text">{text}</span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('dismiss')}
        title={t('dismiss')}
        onClick={() => actions.dismissError(props.tabId)}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}
