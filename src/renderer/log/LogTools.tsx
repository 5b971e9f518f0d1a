import { useId, useState } from 'react';
import type { Direction } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import { SelectField } from '../app/controls';
import type { Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { Failure, LogWindow } from '../../shared/contract';
import { ExportLog, ExportStatus } from './ExportLog';
import type { ExportChoices } from './export-scope';
import { MAX_COPY_ENTRIES } from './copy-rows';
import type { CopyNotice, LogSelectionControls } from './use-log-selection';
import { TIMESTAMP_MODES } from './format-time';
import type { TimestampMode } from './format-time';
import type { LogSearchControls, SearchStatus } from './use-log-search';

const DIRECTIONS: readonly (Direction | 'all')[] = ['all', 'rx', 'tx'];

function statusText(t: Translate, status: SearchStatus, window: LogWindow, error: string) {
  switch (status.kind) {
    case 'idle':
      return '';
    case 'searching':
      return t('filter.searching');
    case 'match':
      return t('filter.match', {
        n: status.seq - window.firstSeq + 1,
        total: Math.max(0, window.lastSeq - window.firstSeq + 1),
      });
    case 'none':
      return t('filter.none');
    case 'failed':
      return t('filter.failed', { error });
  }
}

/** The Only matches toggle and what it found. */
export interface OnlyMatchesControls {
  on: boolean;
  toggle(): void;
  /** On, with a filter set: the log shows only the matches. */
  active: boolean;
  count: number;
  searching: boolean;
  failure?: Failure;
}

function matchesText(t: Translate, only: OnlyMatchesControls, error: string) {
  if (!only.active) return '';
  if (only.failure) return t('filter.failed', { error });
  return t(only.searching ? 'onlyMatches.searching' : 'onlyMatches.count', { count: only.count });
}

/**
 * Only matches, beside the Filter (on the tools' second line, so they keep to two lines at
 * 1280 px): the toggle and how many matches it found so far.
 */
function OnlyMatches(props: { only: OnlyMatchesControls }) {
  const t = useTranslate();
  const language = useLanguage();
  const { only } = props;
  const error = only.failure ? describeError(only.failure.code, only.failure.params, language) : '';
  return (
    <div className="log-matches">
      <button
        type="button"
        className="text-button"
        aria-pressed={only.on}
        title={t('onlyMatches.title')}
        onClick={only.toggle}
      >
        {t('onlyMatches')}
      </button>
      <span
        className={`log-tools-status match-count${only.failure ? ' failed' : ''}`}
        aria-live="polite"
      >
        {matchesText(t, only, error)}
      </span>
    </div>
  );
}

/** A box of the filter: Enter goes to the next match, Shift+Enter to the previous one. */
function FilterField(props: {
  className: string;
  label: string;
  value: string;
  placeholder: string;
  describedBy?: string;
  invalid?: boolean;
  onChange: (value: string) => void;
  go: (backward: boolean) => void;
}) {
  const id = useId();
  return (
    <div className={`field ${props.className}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          props.go(event.shiftKey);
        }}
      />
    </div>
  );
}

/** Filter (text or hex, direction, peer) with Previous / Next match. */
function FilterBar(props: { search: LogSearchControls; window: LogWindow }) {
  const t = useTranslate();
  const language = useLanguage();
  const { draft, changeDraft, status, go } = props.search;
  const statusId = useId();
  const error =
    status.kind === 'failed'
      ? describeError(status.failure.code, status.failure.params, language)
      : '';
  return (
    <div className="log-filter" role="search">
      <FilterField
        className="filter-text"
        label={t('filter')}
        value={draft.text}
        placeholder={draft.hex ? '0D 0A' : ''}
        describedBy={statusId}
        invalid={status.kind === 'failed'}
        onChange={(text) => changeDraft({ text })}
        go={go}
      />
      <button
        type="button"
        className="text-button"
        aria-pressed={draft.hex}
        onClick={() => changeDraft({ hex: !draft.hex })}
      >
        {t('filter.hex')}
      </button>
      <SelectField
        label={t('filter.direction')}
        value={draft.direction}
        options={DIRECTIONS.map((value) => ({ value, label: t(`filter.direction.${value}`) }))}
        onChange={(direction) => changeDraft({ direction })}
      />
      <FilterField
        className="filter-peer"
        label={t('filter.peer')}
        value={draft.peer}
        placeholder="127.0.0.1:9000"
        onChange={(peer) => changeDraft({ peer })}
        go={go}
      />
      <button type="button" className="text-button" onClick={() => go(true)}>
        <span aria-hidden="true">↑</span> {t('filter.previous')}
      </button>
      <button type="button" className="text-button" onClick={() => go(false)}>
        <span aria-hidden="true">↓</span> {t('filter.next')}
      </button>
      <span id={statusId} className={`log-tools-status ${status.kind}`} role="status">
        {statusText(t, status, props.window, error)}
      </span>
    </div>
  );
}

function copyNoticeText(t: Translate, notice: CopyNotice, language: 'en' | 'zh-CN') {
  switch (notice.kind) {
    case 'copying':
      return t('copy.copying', { count: notice.count });
    case 'copied':
      return t('copy.copied', { count: notice.count });
    case 'too-large':
      return t('copy.tooLarge', { count: notice.count, max: MAX_COPY_ENTRIES });
    case 'failed':
      return t('copy.failed', {
        error: notice.failure
          ? describeError(notice.failure.code, notice.failure.params, language)
          : notice.error,
      });
  }
}

/** How many rows are selected, and what the last Copy did. */
function SelectionStatus(props: { selection: LogSelectionControls; onExport: () => void }) {
  const t = useTranslate();
  const language = useLanguage();
  const { count, notice } = props.selection;
  if (count === 0 && !notice) return null;
  return (
    <div className="selection-line">
      <p className="log-tools-status selection-status" role="status">
        {count > 0 && t('selection.count', { count })}
        {count > 0 && notice && ' · '}
        {notice && copyNoticeText(t, notice, language)}
      </p>
      {notice?.kind === 'too-large' && count > 0 && (
        <button type="button" className="text-button" onClick={props.onExport}>
          {t('copy.exportSelection')}
        </button>
      )}
    </div>
  );
}

/**
 * The log's tools, above the rows: Filter and search with Only matches, the Timestamps mode,
 * Export log (all, the selection, the matches) and how the last export went.
 */
export function LogTools(props: {
  tabId: string;
  search: LogSearchControls;
  onlyMatches: OnlyMatchesControls;
  scope: ExportChoices;
  selection: LogSelectionControls;
}) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const window = useTab(tabId, (tab) => tab.log.window);
  // Copy's "too many" offers Export log of the selection instead: a new number opens the form.
  const [exportOffer, setExportOffer] = useState(0);
  const mode = useTab(tabId, (tab) =>
    tab.receive.timestamps ? (tab.receive.timestampMode ?? 'absolute') : 'off',
  );
  return (
    <div className="log-tools">
      <FilterBar search={props.search} window={window} />
      <OnlyMatches only={props.onlyMatches} />
      <div className="log-tools-side">
        <SelectField<TimestampMode | 'off'>
          label={t('timestampMode')}
          value={mode}
          options={(['off', ...TIMESTAMP_MODES] as const).map((value) => ({
            value,
            label: t(`timestampMode.${value}`),
          }))}
          onChange={(timestampMode) =>
            actions.changeReceive(
              tabId,
              timestampMode === 'off' ? { timestamps: false } : { timestamps: true, timestampMode },
            )
          }
        />
        <ExportLog tabId={tabId} choices={props.scope} offer={exportOffer} />
      </div>
      <ExportStatus tabId={tabId} />
      <SelectionStatus
        selection={props.selection}
        onExport={() => setExportOffer((offer) => offer + 1)}
      />
    </div>
  );
}
