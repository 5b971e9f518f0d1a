/**
 * What a session needs from its socket layer. Each protocol (TCP client, TCP server, UDP) is one
 * Transport; the Session around it owns ids, sequence numbers, counters and the event sink.
 */
import type {
  Address,
  CloseReason,
  Direction,
  Failure,
  Result,
  SendTarget,
  SessionState,
} from '../../shared/contract';

export interface TransportSink {
  state(
    state: SessionState,
    detail?: { reason?: CloseReason; local?: Address; remote?: Address },
  ): void;
  data(direction: Direction, bytes: Uint8Array, peer: Address, connectionId?: string): void;
  connectionOpened(connectionId: string, remote: Address, local: Address): void;
  connectionClosed(connectionId: string, reason: CloseReason): void;
  /** An error outside any command (e.g. a reset mid-stream). */
  error(failure: Failure): void;
  /** A fresh connection id, unique within the session. */
  nextConnectionId(): string;
}

export type OpenResult = Result<{ local: Address; remote?: Address }>;
export type SendResult = Result<{ bytes: number; recipients: number }>;

export interface Transport {
  /** Connect / listen / bind. Resolves once open, or with the reason it could not open. */
  open(): Promise<OpenResult>;
  send(bytes: Uint8Array, target: SendTarget | undefined): Promise<SendResult>;
  /** Closes every socket; resolves when they are closed. Idempotent. */
  close(): Promise<void>;
  disconnect?(connectionId: string): Promise<Result>;
  joinMulticast?(group: string, interfaceAddress?: string): Result;
  leaveMulticast?(group: string, interfaceAddress?: string): Result;
  /** Stops (false) or resumes (true) reading from TCP sockets: the peer's sending then waits. */
  setReading?(reading: boolean): void;
}
