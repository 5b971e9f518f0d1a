import { useTranslate } from '../i18n/use-translate';

/** The buttons that end an inline form: save (it submits the form) or cancel. */
export function SaveOrCancel(props: { saveLabel: string; onCancel: () => void }) {
  const t = useTranslate();
  return (
    <div className="form-actions">
      <button type="submit" className="text-button primary-text">
        {props.saveLabel}
      </button>
      <button type="button" className="text-button" onClick={props.onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
