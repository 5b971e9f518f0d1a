/**
 * What a session needs from its socket layer. Each protocol (TCP client, TCP server, UDP) is one
 * Transport; the Session around it owns ids, sequence numbers, counters and the event sink.
 */
import type {
  Address,
  AutoSource,
  CloseReason,
  Direction,
  Failure,
  MulticastMembership,
  Result,
  SendTarget,
  SessionState,
} from '../../shared/contract';

export interface TransportSink {
  state(
    state: SessionState,
    detail?: { reason?: CloseReason; local?: Address; remote?: Address },
  ): void;
  /** `auto`: the engine sent these bytes on its own (an auto-reply or Echo). */
  data(
    direction: Direction,
    bytes: Uint8Array,
    peer: Address,
    connectionId?: string,
    auto?: AutoSource,
  ): void;
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
  /** `auto`: why the engine sends on its own (marks the tx entries); absent for the user's sends. */
  send(bytes: Uint8Array, target: SendTarget | undefined, auto?: AutoSource): Promise<SendResult>;
  /** UDP: the largest payload one datagram can carry. */
  readonly maxDatagramBytes?: number;
  /** Closes every socket; resolves when they are closed. Idempotent. */
  close(): Promise<void>;
  disconnect?(connectionId: string): Promise<Result>;
  joinMulticast?(group: string, interfaceAddress?: string): Result;
  leaveMulticast?(group: string, interfaceAddress?: string): Result;
  multicastGroups?(): MulticastMembership[];
  /**
   * TCP: bytes handed to a socket that still wait in NetAssist for the peer to read, per
   * connection; only connections with some are listed.
   */
  unsent?(): Record<string, number>;
  /** Stops (false) or resumes (true) reading from TCP sockets: the peer's sending then waits. */
  setReading?(reading: boolean): void;
}
