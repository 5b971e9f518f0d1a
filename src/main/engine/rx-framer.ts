/**
 * Framing of what a session receives: cuts each stream (a TCP connection, or a UDP peer) into
 * messages by the session's framing, however the bytes arrived in chunks. Each message becomes
 * one log entry; bytes of an unfinished one come out as they are when their stream ends or the
 * framing changes, so the log never loses a byte. `raw` and `merge` cut nothing: the session
 * logs chunks as they came without asking the framer (see `cutting`).
 */
import type { Address, Framing, Result } from '../../shared/contract';
import type { ByteFraming } from '../../shared/codec/framing';
import { FrameSplitter, toByteFraming } from '../../shared/codec/framing';
import { MAX_FRAMED_STREAMS } from './constants';

export const DEFAULT_FRAMING: Framing = { mode: 'raw' };

/** A framing checked once: what the user set, and the byte framing it cuts by (if any). */
export interface CheckedFraming {
  framing: Framing;
  byteFraming: ByteFraming | undefined;
}

/** Checks a framing: INVALID_HEX for a bad delimiter, INVALID_REQUEST for a length out of range. */
export function checkFraming(framing: Framing): Result<CheckedFraming> {
  const checked = toByteFraming(framing);
  if (!checked.ok) return checked;
  return { ok: true, framing, byteFraming: checked.framing };
}

/**
 * Where messages go: a complete one (`complete`), or the unfinished bytes of a stream that ended
 * or whose framing changed. `bytes` are the framer's own (nothing else holds them).
 */
export type MessageSink = (
  bytes: Uint8Array,
  peer: Address,
  connectionId: string | undefined,
  complete: boolean,
) => void;

interface Stream {
  splitter: FrameSplitter;
  peer: Address;
  connectionId: string | undefined;
}

export class RxFramer {
  private checked: CheckedFraming = { framing: DEFAULT_FRAMING, byteFraming: undefined };
  /** Least recently heard first, so the cap forgets the streams that went quiet. */
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly sink: MessageSink) {}

  /** The framing as the user set it. */
  get framing(): Framing {
    return this.checked.framing;
  }

  /** Whether received bytes are cut by a byte framing (not raw or merge). */
  get cutting(): boolean {
    return this.checked.byteFraming !== undefined;
  }

  /** Switches framing: every stream's unfinished message of the old one is logged first. */
  set(checked: CheckedFraming) {
    this.endAll();
    this.checked = checked;
  }

  /** `chunk` arrived on a stream (only while `cutting`): out go the messages it completes. */
  push(chunk: Uint8Array, peer: Address, connectionId: string | undefined) {
    const byteFraming = this.checked.byteFraming;
    if (!byteFraming) return;
    const stream = this.streamOf(connectionId ?? `${peer.host}|${peer.port}`, peer, connectionId);
    for (const message of stream.splitter.push(chunk)) this.sink(message, peer, connectionId, true);
  }

  /** The TCP connection closed: its unfinished message is logged. */
  end(connectionId: string) {
    const stream = this.streams.get(connectionId);
    if (!stream) return;
    this.streams.delete(connectionId);
    this.flush(stream);
  }

  /** The session closed (or the framing changes): every stream's unfinished message is logged. */
  endAll() {
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const stream of streams) this.flush(stream);
  }

  private streamOf(key: string, peer: Address, connectionId: string | undefined): Stream {
    let stream = this.streams.get(key);
    if (stream) {
      this.streams.delete(key);
    } else {
      stream = { splitter: new FrameSplitter(this.checked.byteFraming!), peer, connectionId };
      if (this.streams.size >= MAX_FRAMED_STREAMS) {
        const [oldest, forgotten] = this.streams.entries().next().value!;
        this.streams.delete(oldest);
        // A forgotten stream ends here: its bytes are logged, not lost.
        this.flush(forgotten);
      }
    }
    this.streams.set(key, stream);
    return stream;
  }

  private flush(stream: Stream) {
    const unfinished = stream.splitter.unfinished;
    if (unfinished.length > 0) this.sink(unfinished, stream.peer, stream.connectionId, false);
  }
}
