/**
 * The WebSocket wire format of the browser mode: the contract's commands and events as JSON text
 * frames. `Uint8Array` values travel as `{ "$bytes": "<base64>" }`.
 *
 * Flow control: every events frame carries a batch number (1, 2, 3, … per connection), and the
 * page acknowledges each batch once it has applied it. The host sends only a few batches ahead of
 * the acknowledgements; a page that falls behind misses `data` events (never any other event),
 * and a `log` event tells it which entries the engine's log holds.
 */
import type { CommandName, CommandRequest, CommandResponse, EngineEvent } from './contract';
import { decodeBase64, encodeBase64 } from './codec/base64';

/** renderer → host */
export interface CommandFrame<C extends CommandName = CommandName> {
  kind: 'command';
  id: number;
  command: C;
  request: CommandRequest<C>;
}

/** host → renderer: the answer to one command */
export interface ResponseFrame<C extends CommandName = CommandName> {
  kind: 'response';
  id: number;
  response: CommandResponse<C>;
}

/** host → renderer: a batch of events, in emission order */
export interface EventsFrame {
  kind: 'events';
  /**
   * Numbers this connection's batches from 1; the page acknowledges it with an AckFrame. Absent:
   * the sender does not wait for acknowledgements.
   */
  batch?: number;
  events: EngineEvent[];
}

/**
 * renderer → host: every events frame up to and including `batch` has been applied. Sent for
 * every batch; an acknowledgement covers the ones before it too.
 */
export interface AckFrame {
  kind: 'ack';
  batch: number;
}

export type ClientFrame = CommandFrame | AckFrame;
export type ServerFrame = ResponseFrame | EventsFrame;

export type BytesToBase64 = (bytes: Uint8Array) => string;

/**
 * `encodeBytes` lets Node pass its native base64 (hundreds of MB/s against a few for plain JS).
 * The replacer reads the holder's raw value: JSON.stringify calls Buffer#toJSON (an array of
 * numbers) before a replacer sees `value`, and the engine's bytes are Buffers.
 */
export function encodeFrame(
  frame: ClientFrame | ServerFrame,
  encodeBytes: BytesToBase64 = encodeBase64,
): string {
  return toJson(frame, encodeBytes);
}

function toJson(value: unknown, encodeBytes: BytesToBase64): string {
  return JSON.stringify(value, function replaceBytes(this: unknown, key: string, field: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Uint8Array ? { $bytes: encodeBytes(raw) } : field;
  });
}

/**
 * The JSON of an events list, encoded once for every page that gets the same batch (only the
 * batch number differs between their frames; see `eventsFrameText`).
 */
export function encodeEvents(
  events: readonly EngineEvent[],
  encodeBytes: BytesToBase64 = encodeBase64,
): string {
  return toJson(events, encodeBytes);
}

/** An events frame around a list from `encodeEvents`; decodes like `encodeFrame`'s. */
export function eventsFrameText(batch: number, encodedEvents: string): string {
  return `{"kind":"events","batch":${batch},"events":${encodedEvents}}`;
}

/** Turns every `{ "$bytes": … }` back into a Uint8Array, in place (faster than a JSON reviver). */
function reviveBytes(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveBytes(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$bytes === 'string') return decodeBase64(record.$bytes);
  for (const key of Object.keys(record)) record[key] = reviveBytes(record[key]);
  return record;
}

/** Parses a frame's JSON; the receiver still validates its shape (the peer is untrusted). */
export function decodeFrame(text: string): unknown {
  return reviveBytes(JSON.parse(text));
}
