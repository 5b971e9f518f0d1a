import type { Address, AutoSource, Direction } from '../../shared/contract';

/** One chunk as a session's files see it: what its DataEvent says, without the envelope. */
export interface Chunk {
  seq: number;
  /** ms since the epoch. */
  at: number;
  direction: Direction;
  peer: Address;
  connectionId?: string;
  bytes: Uint8Array;
  /** Sent by the engine on its own (auto-reply or Echo). */
  auto?: AutoSource;
}

/** What a file of one kind writes for a chunk: bytes, text, or nothing. */
export type ChunkFormat = (chunk: Chunk) => Uint8Array | string | undefined;
