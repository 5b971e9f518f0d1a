import { memo } from 'react';
import { formatHex } from '../../shared/codec/hex';
import { formatAddress } from '../../shared/errors';
import type { Translate } from '../i18n/translate';
import type { CachedEntry } from '../store/log-cache';
import type { LogNote, ReceiveOptions } from '../store/state';
import { shownBytes } from './entry-bytes';
import type { LogTextDecoder } from './log-text-decoder';
import { visiblePieces } from './visible-text';

/** `text` with each `needle` in it marked (the Filter's match). */
function Marked(props: { text: string; needle: string | undefined }) {
  const { text, needle } = props;
  if (!needle || !text.includes(needle)) return <>{text}</>;
  const parts = text.split(needle);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && <mark>{needle}</mark>}
          {part}
        </span>
      ))}
    </>
  );
}

function Payload(props: { text: string; needle?: string }) {
  return (
    <>
      {visiblePieces(props.text).map((piece, i) =>
        piece.symbol ? (
          <span key={i} className="symbol" aria-hidden="true">
            {piece.text}
          </span>
        ) : (
          <Marked key={i} text={piece.text} needle={props.needle} />
        ),
      )}
    </>
  );
}

/** How rows show: the receive options that shape a row, and the byte limit before "Show all". */
export type RowView = Pick<ReceiveOptions, 'hexDisplay' | 'textWithHex' | 'timestamps'> & {
  maxBytesShown: number;
};

interface DataRowProps {
  /** One entry, or the chunks merged into this row ("merge within N ms"). */
  entries: readonly CachedEntry[];
  decoder: LogTextDecoder;
  view: RowView;
  expanded: boolean;
  /** "Show all": the row's entries, `count` of them from `seq`. */
  onExpand: (seq: number, count: number) => void;
  t: Translate;
  /** The row's time as the Timestamps mode shows it (absent: timestamps off). */
  stamp?: string;
  /** The Filter's current match: the row stands out, the text searched for is marked. */
  match?: { text?: string; hex?: string };
}

/** One entry (or merged group), decoded now that it is on screen. Memoised on its props. */
export const DataRow = memo(function DataRow(props: DataRowProps) {
  const { entries, decoder, view, expanded, t, stamp, match } = props;
  const head = entries[0]!;
  const limit = expanded ? Infinity : view.maxBytesShown;
  const shown = shownBytes(entries, limit);
  const showHex = view.hexDisplay;
  const showText = !view.hexDisplay || view.textWithHex;
  const peer = formatAddress(head.peer.host, head.peer.port);
  const { direction } = head;
  return (
    <div className={`row data ${direction}${match ? ' match' : ''}`}>
      {stamp !== undefined && <time className="time">{stamp}</time>}
      <span className="direction" title={`${t(`directionTitle.${direction}`)} ${peer}`}>
        <span aria-hidden="true">{direction === 'rx' ? '←' : '→'}</span>{' '}
        {t(`direction.${direction}`)}
      </span>
      <span className="peer">{peer}</span>
      {head.auto && (
        <span className="auto">
          {head.auto.kind === 'echo' ? t('auto.echo') : t('auto.rule', { name: head.auto.name })}
        </span>
      )}
      <span className="size">
        {shown.total} B
        {entries.length > 1 && (
          <span className="merged" title={t('mergedChunks', { count: entries.length })}>
            {' '}
            ×{entries.length}
          </span>
        )}
      </span>
      <div className="payload">
        {showHex && (
          <div className="hex">
            <Marked text={formatHex(shown.bytes)} needle={match?.hex} />
          </div>
        )}
        {showText && (
          <div className={showHex ? 'text secondary' : 'text'}>
            <Payload text={decoder.text(entries, limit)} needle={match?.text} />
          </div>
        )}
        {shown.cut && (
          <>
            {/* A listbox option may hold no control of its own (ARIA): the button is for the
                mouse; keyboard and screen-reader users select the entry and press Enter. */}
            <button
              type="button"
              className="link"
              tabIndex={-1}
              aria-hidden="true"
              data-show-all=""
              onClick={() => props.onExpand(head.seq, entries.length)}
            >
              {t('showAll', { count: shown.total })}
            </button>
            <span className="visually-hidden">{t('showAllHint', { count: shown.total })}</span>
          </>
        )}
      </div>
    </div>
  );
});

/** An entry the engine holds and the page is fetching: a light stand-in of one line. */
export const PlaceholderRow = memo(function PlaceholderRow(props: {
  seq: number;
  timestamps: boolean;
  t: Translate;
}) {
  return (
    <div className="row placeholder">
      {props.timestamps && <span className="time placeholder-bar" aria-hidden="true" />}
      <span className="placeholder-bar wide" aria-hidden="true" />
      <span className="visually-hidden">{props.t('loadingEntry', { seq: props.seq })}</span>
    </div>
  );
});

export const NoteRow = memo(function NoteRow(props: {
  note: LogNote;
  /** The note's time as the Timestamps mode shows it (absent: timestamps off). */
  stamp?: string;
  t: Translate;
}) {
  const { note, t } = props;
  const address = note.address ? formatAddress(note.address.host, note.address.port) : '?';
  const reason = note.reason ? t(`reason.${note.reason}`) : '';
  return (
    <div className={`row note ${note.note}`}>
      {props.stamp !== undefined && <time className="time">{props.stamp}</time>}
      <span className="note-text">
        <span className="dot" aria-hidden="true" />
        {t(`note.${note.note}`, { address, reason })}
      </span>
    </div>
  );
});
