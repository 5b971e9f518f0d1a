import { useId, useMemo, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { formatHex } from '../../shared/codec/hex';
import { describeError } from '../../shared/errors';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { useActions, useTab } from '../store/context';
import type { HistoryCursor } from './message-history';
import { startCursor, stepHistory } from './message-history';
import { previewPayload } from './payload-preview';
import { PeriodicSend } from './PeriodicSend';
import { SendFile } from './SendFile';
import { SendTarget } from './SendTarget';

function caretOnFirstLine(box: HTMLTextAreaElement) {
  return (
    box.selectionStart === box.selectionEnd &&
    !box.value.slice(0, box.selectionStart).includes('\n')
  );
}

function caretOnLastLine(box: HTMLTextAreaElement) {
  return (
    box.selectionStart === box.selectionEnd && !box.value.slice(box.selectionEnd).includes('\n')
  );
}

export function SendBox(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const message = useTab(tabId, (tab) => tab.message);
  const send = useTab(tabId, (tab) => tab.send);
  const encoding = useTab(tabId, (tab) => tab.receive.encoding);
  const history = useTab(tabId, (tab) => tab.history);
  const box = useRef<HTMLTextAreaElement>(null);
  const cursor = useRef<HistoryCursor | undefined>(undefined);
  const hintId = useId();
  const preview = useMemo(() => previewPayload(message, send, encoding), [message, send, encoding]);

  const sendKeyName = send.sendKey === 'enter' ? 'Enter' : 'Ctrl+Enter';
  const placeholder = t(send.hexSend ? 'messagePlaceholderHex' : 'messagePlaceholderText', {
    key: sendKeyName,
  });

  function sendNow() {
    cursor.current = undefined;
    void actions.send(tabId);
  }

  function recall(step: -1 | 1) {
    const from = cursor.current ?? startCursor(history, message);
    const next = stepHistory(history, from, step);
    if (!next) return false;
    cursor.current = next.cursor;
    actions.changeMessage(tabId, next.text);
    requestAnimationFrame(() => {
      const end = box.current?.value.length ?? 0;
      box.current?.setSelectionRange(end, end);
    });
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter that confirms a Chinese IME candidate must not send.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    const target = event.currentTarget;
    if (event.key === 'Enter') {
      const withCtrl = event.ctrlKey || event.metaKey;
      const plain = !withCtrl && !event.shiftKey && !event.altKey;
      if (withCtrl || (send.sendKey === 'enter' && plain)) {
        event.preventDefault();
        sendNow();
      }
    } else if (event.key === 'ArrowUp' && caretOnFirstLine(target)) {
      if (recall(-1)) event.preventDefault();
    } else if (event.key === 'ArrowDown' && caretOnLastLine(target)) {
      if (recall(1)) event.preventDefault();
    }
  }

  return (
    <div className="send-box">
      <label htmlFor={`${hintId}-message`} className="visually-hidden">
        {t('message')}
      </label>
      <textarea
        id={`${hintId}-message`}
        ref={box}
        className={`message ${send.hexSend ? 'hex' : ''}`}
        rows={3}
        value={message}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={preview.kind === 'invalid' || undefined}
        aria-describedby={hintId}
        onChange={(event) => {
          cursor.current = undefined;
          actions.changeMessage(tabId, event.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="send-bar">
        <div id={hintId} className="send-hint">
          {preview.kind === 'invalid' ? (
            <span className="inline-error" role="alert">
              {describeError(preview.failure.code, preview.failure.params, language)}
            </span>
          ) : preview.kind === 'ok' ? (
            <span className="muted">
              {t(preview.exact ? 'byteCount' : 'byteCountApprox', { count: preview.size })}
              {preview.checksum && preview.checksum.length > 0 && (
                <span className="checksum">
                  {' '}
                  + {t(`checksum.${send.checksum}`)} {formatHex(preview.checksum)}
                </span>
              )}
            </span>
          ) : null}
        </div>
        <SendTarget tabId={tabId} />
        <button type="button" className="primary send-button" onClick={sendNow}>
          {t('send')}
        </button>
      </div>
      <div className="automation-bar">
        <PeriodicSend tabId={tabId} />
        <SendFile tabId={tabId} />
      </div>
    </div>
  );
}
