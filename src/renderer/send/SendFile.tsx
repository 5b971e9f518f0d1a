import { useId, useRef, useState } from 'react';
import type { FileSendStatus } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import type { Language, Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { formatSize } from '../log/format-size';
import { DATAGRAM_RANGE, DELAY_RANGE } from '../store/actions-automation';
import { wholeNumber } from '../store/automation-state';
import { useActions, useTab } from '../store/context';
import { shortName } from '../sessions/short-name';
import { AutomationNumberField } from './AutomationNumberField';
import { HiddenFilePicker } from './HiddenFilePicker';

function progressSentence(t: Translate, file: FileSendStatus, language: Language): string {
  const name = shortName(file.name);
  switch (file.state) {
    case 'waiting':
      return t('sendFile.waiting', { name });
    case 'sending':
      return file.total
        ? t('sendFile.sending', {
            name,
            sent: formatSize(file.sent),
            total: formatSize(file.total),
            percent: Math.floor((file.sent / file.total) * 100),
          })
        : t('sendFile.sendingUnknown', { name, sent: formatSize(file.sent) });
    case 'done':
      return t('sendFile.done', { name, size: formatSize(file.sent) });
    case 'cancelled':
      return t('sendFile.cancelled', { name, sent: formatSize(file.sent) });
    case 'failed':
      return file.error
        ? describeError(file.error.code, file.error.params, language)
        : t('reason.error');
  }
}

function isActive(file: FileSendStatus | undefined) {
  return file?.state === 'waiting' || file?.state === 'sending';
}

/**
 * Send file. In the browser the picker must open within the click (a user gesture), so it opens
 * first and the engine is asked once a file is chosen; the desktop's engine shows its own dialog.
 */
export function SendFile(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const protocol = useTab(tabId, (tab) => tab.draft.protocol);
  const draft = useTab(tabId, (tab) => tab.automation);
  const fileSend = useTab(tabId, (tab) => tab.fileSend);
  const picker = useRef<HTMLInputElement>(null);
  const [starting, setStarting] = useState(false);
  const progressId = useId();
  const pickInPage = !window.netassist;

  const start = async (file?: File) => {
    setStarting(true);
    try {
      await actions.sendFile(tabId, file);
    } finally {
      setStarting(false);
    }
  };

  const active = isActive(fileSend);
  const datagramOk =
    draft.datagramBytes.trim() === '' ||
    wholeNumber(draft.datagramBytes, DATAGRAM_RANGE.min, DATAGRAM_RANGE.max) !== undefined;
  const delayOk = wholeNumber(draft.delayMs, DELAY_RANGE.min, DELAY_RANGE.max) !== undefined;
  const percent =
    fileSend?.total && fileSend.state === 'sending'
      ? Math.floor((fileSend.sent / fileSend.total) * 100)
      : fileSend?.state === 'done'
        ? 100
        : undefined;
  return (
    <div className="send-file">
      {active ? (
        <button
          type="button"
          className="text-button"
          onClick={() => void actions.cancelSendFile(tabId)}
        >
          <span aria-hidden="true">■ </span>
          {t('sendFile.cancel')}
        </button>
      ) : (
        <button
          type="button"
          className="text-button"
          disabled={starting}
          aria-busy={starting || undefined}
          onClick={() => {
            if (pickInPage) picker.current?.click();
            else void start();
          }}
        >
          {t('sendFile')}
        </button>
      )}
      <HiddenFilePicker ref={picker} onPick={(file) => void start(file)} />
      {protocol === 'udp' && (
        <>
          <AutomationNumberField
            tabId={tabId}
            field="datagramBytes"
            label={t('sendFile.datagramBytes')}
            placeholder={t('sendFile.datagramHint')}
            title={t('sendFile.datagramHint')}
            valid={datagramOk}
            disabled={active}
          />
          <AutomationNumberField
            tabId={tabId}
            field="delayMs"
            label={t('sendFile.delay')}
            valid={delayOk}
            disabled={active}
          />
        </>
      )}
      {fileSend && (
        <span
          className={`send-file-status ${fileSend.state}`}
          // Progress is not announced on every step, only how the send ended.
          role={fileSend.state === 'failed' ? 'alert' : isActive(fileSend) ? undefined : 'status'}
          title={fileSend.name}
        >
          {percent !== undefined && (
            <progress
              id={progressId}
              aria-label={t('sendFile.progress')}
              max={100}
              value={percent}
            />
          )}
          {progressSentence(t, fileSend, language)}
        </span>
      )}
    </div>
  );
}
