import { memo, useState } from 'react';
import { formatHex } from '../../shared/codec/hex';
import { formatAddress } from '../../shared/errors';
import type { Translate } from '../i18n/translate';
import type { DataEntry, LogEntry, NoteEntry, ReceiveOptions } from '../store/state';
import { formatTime } from './format-time';
import { visiblePieces } from './visible-text';

/** Past these a row shows the start and a button for the rest, so one 64 KB chunk stays cheap. */
const MAX_TEXT_CHARS = 4000;
const MAX_HEX_BYTES = 1024;

function Payload(props: { text: string }) {
  return (
    <>
      {visiblePieces(props.text).map((piece, i) =>
        piece.symbol ? (
          <span key={i} className="symbol" aria-hidden="true">
            {piece.text}
          </span>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}

type LogView = Pick<ReceiveOptions, 'hexDisplay' | 'textWithHex' | 'timestamps'>;

interface LogRowProps {
  entry: LogEntry;
  text: string;
  view: LogView;
  t: Translate;
}

function DataRow({
  entry,
  text,
  view,
  t,
}: {
  entry: DataEntry;
  text: string;
  view: LogView;
  t: Translate;
}) {
  const [expanded, setExpanded] = useState(false);
  const { bytes, direction } = entry;
  const showHex = view.hexDisplay;
  const showText = !view.hexDisplay || view.textWithHex;
  const hexCut = !expanded && bytes.length > MAX_HEX_BYTES;
  const textCut = !expanded && text.length > MAX_TEXT_CHARS;
  const cut = (showHex && hexCut) || (showText && textCut);
  const peer = formatAddress(entry.peer.host, entry.peer.port);
  return (
    <div className={`row data ${direction}`}>
      {view.timestamps && <time className="time">{formatTime(entry.at)}</time>}
      <span className="direction" title={`${t(`directionTitle.${direction}`)} ${peer}`}>
        <span aria-hidden="true">{direction === 'rx' ? '←' : '→'}</span>{' '}
        {t(`direction.${direction}`)}
      </span>
      <span className="peer">{peer}</span>
      <span className="size">{bytes.length} B</span>
      <div className="payload">
        {showHex && (
          <div className="hex">{formatHex(hexCut ? bytes.subarray(0, MAX_HEX_BYTES) : bytes)}</div>
        )}
        {showText && (
          <div className={showHex ? 'text secondary' : 'text'}>
            <Payload text={textCut ? text.slice(0, MAX_TEXT_CHARS) : text} />
          </div>
        )}
        {cut && (
          <button type="button" className="link" onClick={() => setExpanded(true)}>
            {t('showAll', { count: bytes.length })}
          </button>
        )}
      </div>
    </div>
  );
}

function NoteRow({ entry, view, t }: { entry: NoteEntry; view: LogView; t: Translate }) {
  const address = entry.address ? formatAddress(entry.address.host, entry.address.port) : '?';
  const reason = entry.reason ? t(`reason.${entry.reason}`) : '';
  return (
    <div className={`row note ${entry.note}`}>
      {view.timestamps && <time className="time">{formatTime(entry.at)}</time>}
      <span className="note-text">
        <span className="dot" aria-hidden="true" />
        {t(`note.${entry.note}`, { address, reason })}
      </span>
    </div>
  );
}

/** One log entry. Memoised: rows re-render only when their entry, text or view changes. */
export const LogRow = memo(function LogRow(props: LogRowProps) {
  const { entry, text, view, t } = props;
  return entry.kind === 'data' ? (
    <DataRow entry={entry} text={text} view={view} t={t} />
  ) : (
    <NoteRow entry={entry} view={view} t={t} />
  );
});
