import { useState } from 'react';
import type { FileKind, FileStatus } from '../../shared/contract';
import { FILE_KINDS } from '../../shared/contract';
import { describeError, formatAddress } from '../../shared/errors';
import { Section } from '../app/controls';
import type { Language, Translate } from '../i18n/translate';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { formatSize } from '../log/format-size';
import { useActions, useTab } from '../store/context';
import { isActive } from '../store/files';
import { shortName } from './short-name';

function exactBytes(t: Translate, bytes: number, language: Language): string {
  return t('file.bytes', { count: bytes.toLocaleString(language === 'zh-CN' ? 'zh-CN' : 'en-US') });
}

/** What the file is doing, in a sentence. `from`: the one client a capture takes bytes of. */
function fileSentence(t: Translate, file: FileStatus, language: Language, from?: string): string {
  const name = shortName(file.name);
  switch (file.state) {
    case 'waiting':
      return t('file.waiting');
    case 'writing':
      if (file.kind === 'log') return t('file.writing.log', { name });
      return from === undefined
        ? t('file.writing.capture', { name })
        : t('file.writing.captureFrom', { name, address: from });
    case 'stopped':
      return t('file.stopped', { name, size: formatSize(file.bytes) });
    case 'failed':
      // The engine's sentence names the file already.
      return file.error
        ? describeError(file.error.code, file.error.params, language)
        : t('reason.error');
  }
}

function FileLine(props: { tabId: string; file: FileStatus }) {
  const t = useTranslate();
  const language = useLanguage();
  const { file } = props;
  const connections = useTab(props.tabId, (tab) => tab.connections);
  const client = connections.find((c) => c.connectionId === file.connectionId);
  const from = client && formatAddress(client.remote.host, client.remote.port);
  return (
    <p
      className={`file-status ${file.state}`}
      role={file.state === 'failed' ? 'alert' : undefined}
      title={`${file.name}\n${exactBytes(t, file.bytes, language)}`}
    >
      {fileSentence(t, file, language, from)}
    </p>
  );
}

/** Start or stop one kind of file; a running one shows what it wrote so far. */
function FileControl(props: { tabId: string; kind: FileKind }) {
  const { tabId, kind } = props;
  const t = useTranslate();
  const actions = useActions();
  const file = useTab(tabId, (tab) => tab.files[kind]);
  // The desktop's save dialog is open meanwhile: one at a time.
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    try {
      await actions.startFile(tabId, kind);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className="file-control">
      <div className="file-actions">
        {isActive(file) ? (
          <button
            type="button"
            className="text-button file-stop"
            aria-label={t(`file.stop.${kind}`)}
            title={t(`file.stop.${kind}`)}
            onClick={() => void actions.stopFile(tabId, kind)}
          >
            <span aria-hidden="true">■</span> {t('action.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="text-button"
            title={t(`file.hint.${kind}`)}
            disabled={starting}
            aria-busy={starting || undefined}
            onClick={() => void start()}
          >
            {t(`file.start.${kind}`)}
          </button>
        )}
        {file?.state === 'writing' && <span className="file-bytes">{formatSize(file.bytes)}</span>}
      </div>
      {file && <FileLine tabId={tabId} file={file} />}
    </div>
  );
}

/** Receive to file and log to file: the files a session writes, in the settings column. */
export function FileSettings(props: { tabId: string }) {
  const t = useTranslate();
  return (
    <Section title={t('files')} className="files">
      {FILE_KINDS.map((kind) => (
        <FileControl key={kind} tabId={props.tabId} kind={kind} />
      ))}
    </Section>
  );
}
