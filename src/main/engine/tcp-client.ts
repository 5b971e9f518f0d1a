import net from 'node:net';
import type { Address, AutoSource, CloseReason, Failure, SendTarget } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { GRACEFUL_CLOSE_MS } from './constants';
import { closeReasonOf, errnoOf, socketFailure } from './socket-errors';
import { localOf, remoteOf } from './socket-address';
import { readOption } from './socket-reader';
import { endSocket, refuseWhenQueueFull, writeWithBackpressure } from './tcp-write';
import type { OpenResult, SendResult, Transport, TransportSink } from './transport';

export interface TcpClientOptions {
  host: string;
  port: number;
  localPort?: number;
  connectTimeoutMs: number;
}

/**
 * One outgoing TCP connection: idle → connecting → connected → closed, keeping why it closed
 * (FIN from the peer, RST, refused, timed out, host not found, or the user).
 */
export class TcpClientTransport implements Transport {
  private socket?: net.Socket;
  private connectionId?: string;
  private remote: Address;
  private reason?: CloseReason;

  constructor(
    private readonly options: TcpClientOptions,
    private readonly sink: TransportSink,
  ) {
    this.remote = { host: options.host, port: options.port };
  }

  open(): Promise<OpenResult> {
    const { host, port, localPort, connectTimeoutMs } = this.options;
    this.reason = undefined;
    this.sink.state('connecting', { remote: this.remote });
    return new Promise((resolve) => {
      let failure: Failure | undefined;
      const socket = net.connect({
        host,
        port,
        ...(localPort ? { localPort } : {}),
        noDelay: true,
        onread: readOption((bytes) => this.sink.data('rx', bytes, this.remote, this.connectionId)),
      });
      this.socket = socket;

      const timer = setTimeout(() => {
        failure = fail('CONNECT_TIMEOUT', { host, port, ms: connectTimeoutMs });
        this.reason = 'timeout';
        socket.destroy();
      }, connectTimeoutMs);

      socket.once('connect', () => {
        clearTimeout(timer);
        this.remote = remoteOf(socket);
        const local = localOf(socket);
        this.connectionId = this.sink.nextConnectionId();
        this.sink.connectionOpened(this.connectionId, this.remote, local);
        this.sink.state('connected', { local, remote: this.remote });
        resolve({ ok: true, local, remote: this.remote });
      });
      // The peer sent FIN. With allowHalfOpen off, Node answers with our own FIN.
      socket.on('end', () => {
        this.reason ??= 'peer-closed';
      });
      socket.on('error', (error) => {
        // Binding the chosen local port fails on our side: name that port, not the remote one.
        const local = ['EADDRINUSE', 'EACCES'].includes(errnoOf(error)) && localPort;
        const problem = socketFailure(
          error,
          local ? { host: '0.0.0.0', port: localPort } : { host, port },
        );
        this.reason ??= closeReasonOf(error);
        if (this.connectionId) this.sink.error(problem);
        else failure ??= problem;
      });
      socket.once('close', () => {
        clearTimeout(timer);
        this.socket = undefined;
        const reason = this.reason ?? 'peer-closed';
        if (this.connectionId) {
          this.sink.connectionClosed(this.connectionId, reason);
          this.connectionId = undefined;
        } else {
          resolve(
            reason === 'user'
              ? fail('CANCELLED')
              : (failure ?? socketFailure(null, { host, port })),
          );
        }
        this.sink.state('closed', { reason });
      });
    });
  }

  async send(
    bytes: Uint8Array,
    _target: SendTarget | undefined,
    auto?: AutoSource,
  ): Promise<SendResult> {
    const socket = this.socket;
    if (!socket || !this.connectionId || socket.writableEnded) {
      return fail('NOT_CONNECTED', { state: 'closed' });
    }
    const full = refuseWhenQueueFull(socket, this.remote);
    if (full) return full;
    this.sink.data('tx', bytes, this.remote, this.connectionId, auto);
    await writeWithBackpressure(socket, bytes);
    return { ok: true, bytes: bytes.length, recipients: 1 };
  }

  unsent(): Record<string, number> {
    const waiting = this.socket?.writableLength ?? 0;
    return this.connectionId && waiting > 0 ? { [this.connectionId]: waiting } : {};
  }

  setReading(reading: boolean) {
    if (reading) this.socket?.resume();
    else this.socket?.pause();
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.reason ??= 'user';
    if (!this.connectionId) {
      socket.destroy(); // still connecting: abandon the attempt
      return;
    }
    await endSocket(socket, GRACEFUL_CLOSE_MS);
  }
}
