/**
 * The WebSocket wire format of the browser mode: the contract's commands and events as JSON text
 * frames. `Uint8Array` values travel as `{ "$bytes": "<base64>" }`.
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
  events: EngineEvent[];
}

export type ClientFrame = CommandFrame;
export type ServerFrame = ResponseFrame | EventsFrame;

function replacer(_key: string, value: unknown) {
  return value instanceof Uint8Array ? { $bytes: encodeBase64(value) } : value;
}

function reviver(_key: string, value: unknown) {
  if (value !== null && typeof value === 'object' && '$bytes' in value) {
    const encoded = (value as { $bytes: unknown }).$bytes;
    if (typeof encoded === 'string') return decodeBase64(encoded);
  }
  return value;
}

export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame, replacer);
}

/** Parses a frame's JSON; the receiver still validates its shape (the peer is untrusted). */
export function decodeFrame(text: string): unknown {
  return JSON.parse(text, reviver);
}
