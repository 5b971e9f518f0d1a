import { useId, useState } from 'react';
import type { ExportFormat, FileStatus } from '../../shared/contract';
import { EXPORT_FORMATS } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import { SelectField } from '../app/controls';
import type { Language, Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { ENCODING_LABELS } from '../sessions/labels';
import { shortName } from '../sessions/short-name';
import { useActions, useTab } from '../store/context';
import { isActive } from '../store/files';
import { exportScope } from './export-scope';
import type { EntriesChoice, ExportChoices } from './export-scope';
import { formatSize } from './format-size';

/** What the export is doing, in a sentence. */
function exportSentence(t: Translate, file: FileStatus, language: Language): string {
  const name = shortName(file.name);
  const total = file.entries?.total ?? 0;
  switch (file.state) {
    case 'waiting':
      return t('export.waiting', { name });
    case 'writing':
      return t('export.progress', {
        name,
        done: file.entries?.done ?? 0,
        total,
        size: formatSize(file.bytes),
      });
    case 'stopped':
      return t('export.saved', { name, total, size: formatSize(file.bytes) });
    case 'failed':
      return t('export.failed', {
        name,
        error: file.error
          ? describeError(file.error.code, file.error.params, language)
          : t('reason.error'),
      });
  }
}

/** The last export's progress or result, under the log tools; Stop export while it runs. */
export function ExportStatus(props: { tabId: string }) {
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const file = useTab(props.tabId, (tab) => tab.files.export);
  if (!file) return null;
  return (
    <div className="export-status-line">
      <p
        className={`log-tools-status export-status ${file.state}`}
        role={file.state === 'failed' ? 'alert' : 'status'}
        title={file.name}
      >
        {exportSentence(t, file, language)}
      </p>
      {isActive(file) && (
        <button
          type="button"
          className="text-button"
          onClick={() => void actions.cancelExport(props.tabId)}
        >
          <span aria-hidden="true">■</span> {t('export.stop')}
        </button>
      )}
    </div>
  );
}

/** Export all kept entries, the selection or the matches of the Filter (radio buttons). */
function EntriesField(props: {
  choice: EntriesChoice;
  onChange: (choice: EntriesChoice) => void;
  kept: number;
  choices: ExportChoices;
}) {
  const t = useTranslate();
  const name = useId();
  const { selection, filter } = props.choices;
  const options: { value: EntriesChoice; label: string }[] = [
    { value: 'all', label: t('export.entries.all', { count: props.kept }) },
  ];
  if (selection) {
    options.push({
      value: 'selection',
      label: t('export.entries.selection', { count: selection.count }),
    });
  }
  if (filter) options.push({ value: 'matches', label: t('export.entries.matches') });
  return (
    <fieldset className="export-entries">
      <legend>{t('export.entries')}</legend>
      {options.map((option) => (
        <label key={option.value} className="radio">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={props.choice === option.value}
            onChange={() => props.onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Export log: a button that opens a small form (format; every kept entry, the selection or the
 * matches of the Filter; text as the log shows it, in the tab's encoding or as hex).
 */
export function ExportLog(props: {
  tabId: string;
  choices: ExportChoices;
  /** A new number opens the form with the selection chosen (offered when Copy cannot). */
  offer?: number;
}) {
  const { tabId, choices, offer = 0 } = props;
  const t = useTranslate();
  const actions = useActions();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('text');
  const [picked, setPicked] = useState<EntriesChoice>('all');
  const [offered, setOffered] = useState(offer);
  if (offer !== offered) {
    setOffered(offer);
    setOpen(true);
    setPicked('selection');
  }
  // A choice that went away (selection cleared, filter emptied) falls back to every entry.
  const choice =
    (picked === 'selection' && !choices.selection) || (picked === 'matches' && !choices.filter)
      ? 'all'
      : picked;
  const receive = useTab(tabId, (tab) => tab.receive);
  const window = useTab(tabId, (tab) => tab.log.window);
  const exporting = useTab(tabId, (tab) => isActive(tab.files.export));
  const kept = Math.max(0, window.lastSeq - window.firstSeq + 1);
  const shapesText = format === 'text' || format === 'csv';
  return (
    <div className="export-log">
      <button
        type="button"
        className="text-button"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">⤓</span> {t('exportLog')}
      </button>
      {open && (
        <form
          id={formId}
          className="export-form"
          role="dialog"
          aria-label={t('exportLog')}
          onSubmit={(event) => {
            event.preventDefault();
            setOpen(false);
            void actions.exportLog(tabId, format, exportScope(choice, choices));
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <SelectField
            label={t('export.format')}
            value={format}
            options={EXPORT_FORMATS.map((value) => ({
              value,
              label: t(`export.format.${value}`),
            }))}
            onChange={setFormat}
          />
          <EntriesField choice={choice} onChange={setPicked} kept={kept} choices={choices} />
          {shapesText && (
            <p className="hint">
              {format === 'text' && receive.hexDisplay
                ? t('export.asHex')
                : t('export.asText', { encoding: ENCODING_LABELS[receive.encoding] })}
            </p>
          )}
          <div className="export-buttons">
            <button type="submit" className="primary" disabled={exporting || kept === 0}>
              {t('export.start')}
            </button>
            <button type="button" className="text-button" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
