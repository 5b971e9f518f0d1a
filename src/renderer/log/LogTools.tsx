import { useId } from 'react';
import type { Direction } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import { SelectField } from '../app/controls';
import type { Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { LogWindow } from '../../shared/contract';
import { ExportLog, ExportStatus } from './ExportLog';
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

/** Filter (text or hex, direction, peer) with Previous / Next match. */
function FilterBar(props: { search: LogSearchControls; window: LogWindow }) {
  const t = useTranslate();
  const language = useLanguage();
  const { draft, changeDraft, status, go } = props.search;
  const filterId = useId();
  const peerId = useId();
  const statusId = useId();
  const error =
    status.kind === 'failed'
      ? describeError(status.failure.code, status.failure.params, language)
      : '';
  return (
    <div className="log-filter" role="search">
      <div className="field filter-text">
        <label htmlFor={filterId}>{t('filter')}</label>
        <input
          id={filterId}
          type="text"
          value={draft.text}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={statusId}
          aria-invalid={status.kind === 'failed' || undefined}
          placeholder={draft.hex ? '0D 0A' : ''}
          onChange={(event) => changeDraft({ text: event.target.value })}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            go(event.shiftKey);
          }}
        />
      </div>
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
      <div className="field filter-peer">
        <label htmlFor={peerId}>{t('filter.peer')}</label>
        <input
          id={peerId}
          type="text"
          value={draft.peer}
          spellCheck={false}
          autoComplete="off"
          placeholder="127.0.0.1:9000"
          onChange={(event) => changeDraft({ peer: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Enter') go(event.shiftKey);
          }}
        />
      </div>
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

/**
 * The log's tools, above the rows: Filter and search, the Timestamps mode, Export log and how
 * the last export went.
 */
export function LogTools(props: { tabId: string; search: LogSearchControls }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const window = useTab(tabId, (tab) => tab.log.window);
  const mode = useTab(tabId, (tab) =>
    tab.receive.timestamps ? (tab.receive.timestampMode ?? 'absolute') : 'off',
  );
  return (
    <div className="log-tools">
      <FilterBar search={props.search} window={window} />
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
        <ExportLog tabId={tabId} />
      </div>
      <ExportStatus tabId={tabId} />
    </div>
  );
}
