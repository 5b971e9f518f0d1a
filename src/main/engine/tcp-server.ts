import net from 'node:net';
import type { Address, AutoSource, CloseReason, Result, SendTarget } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { GRACEFUL_CLOSE_MS } from './constants';
import { closeReasonOf, socketFailure } from './socket-errors';
import { localOf, remoteOf } from './socket-address';
import { adoptAccepted } from './socket-reader';
import { endSocket, refuseWhenQueueFull, writeWithBackpressure } from './tcp-write';
import type { OpenResult, SendResult, Transport, TransportSink } from './transport';

export interface TcpServerOptions {
  host: string;
  port: number;
}

interface Client {
  socket: net.Socket;
  remote: Address;
  /** Set once we know why it will close; the first cause wins. */
  reason?: CloseReason;
}

/**
 * A listening socket that takes many clients at once (unlike the lessons' one-at-a-time
 * `accept()` loop), each with its own id, so the user can send to one or all and drop one.
 */
export class TcpServerTransport implements Transport {
  private server?: net.Server;
  private readonly clients = new Map<string, Client>();
  private reading = true;

  constructor(
    private readonly options: TcpServerOptions,
    private readonly sink: TransportSink,
  ) {}

  open(): Promise<OpenResult> {
    const { host, port } = this.options;
    return new Promise((resolve) => {
      // Paused, so nothing is read before accept() re-wraps the socket to read via the log.
      const server = net.createServer({ noDelay: true, pauseOnConnect: true });
      server.on('connection', (accepted) => this.accept(accepted));
      server.once('error', (error) => {
        server.close();
        this.sink.state('closed', { reason: 'error' });
        resolve(socketFailure(error, { host, port }));
      });
      server.listen({ host, port }, () => {
        server.removeAllListeners('error');
        server.on('error', (error) => this.sink.error(socketFailure(error, { host, port })));
        this.server = server;
        const bound = server.address() as net.AddressInfo;
        const local = { host: bound.address, port: bound.port };
        this.sink.state('listening', { local });
        resolve({ ok: true, local });
      });
    });
  }

  private accept(accepted: net.Socket) {
    const connectionId = this.sink.nextConnectionId();
    const socket = adoptAccepted(accepted, (bytes) =>
      this.sink.data('rx', bytes, client.remote, connectionId),
    );
    const client: Client = { socket, remote: remoteOf(socket) };
    this.clients.set(connectionId, client);
    this.sink.connectionOpened(connectionId, client.remote, localOf(socket));
    if (!this.reading) socket.pause();
    socket.on('end', () => {
      client.reason ??= 'peer-closed';
    });
    socket.on('error', (error) => {
      client.reason ??= closeReasonOf(error);
      this.sink.error(socketFailure(error, client.remote));
    });
    socket.once('close', () => {
      this.clients.delete(connectionId);
      this.sink.connectionClosed(connectionId, client.reason ?? 'peer-closed');
    });
  }

  async send(
    bytes: Uint8Array,
    target: SendTarget | undefined,
    auto?: AutoSource,
  ): Promise<SendResult> {
    if (!this.server) return fail('NOT_CONNECTED', { state: 'closed' });
    let recipients: [string, Client][];
    if (target?.kind === 'connection') {
      const client = this.clients.get(target.connectionId);
      if (!client) return fail('UNKNOWN_CONNECTION', { connectionId: target.connectionId });
      // It sent FIN and Node answered with ours: a write now would be logged yet never sent.
      if (client.socket.writableEnded) return fail('BROKEN_PIPE', { ...client.remote });
      recipients = [[target.connectionId, client]];
    } else {
      recipients = [...this.clients].filter(([, client]) => !client.socket.writableEnded);
      if (recipients.length === 0) return fail('NO_CLIENTS');
    }
    // All or none: one client that does not read refuses a send to all, naming it, so what
    // reached whom never depends on who happened to be full (disconnect it to go on).
    for (const [, client] of recipients) {
      const full = refuseWhenQueueFull(client.socket, client.remote);
      if (full) return full;
    }
    const writes = recipients.map(([connectionId, client]) => {
      this.sink.data('tx', bytes, client.remote, connectionId, auto);
      return writeWithBackpressure(client.socket, bytes);
    });
    await Promise.all(writes);
    return { ok: true, bytes: bytes.length, recipients: recipients.length };
  }

  unsent(): Record<string, number> {
    const waiting: Record<string, number> = {};
    for (const [connectionId, { socket }] of this.clients) {
      if (socket.writableLength > 0) waiting[connectionId] = socket.writableLength;
    }
    return waiting;
  }

  setReading(reading: boolean) {
    this.reading = reading;
    for (const { socket } of this.clients.values()) {
      if (reading) socket.resume();
      else socket.pause();
    }
  }

  async disconnect(connectionId: string): Promise<Result> {
    const client = this.clients.get(connectionId);
    if (!client) return fail('UNKNOWN_CONNECTION', { connectionId });
    client.reason ??= 'user';
    await endSocket(client.socket, GRACEFUL_CLOSE_MS);
    return { ok: true };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed: Promise<void>[] = [new Promise((resolve) => server.close(() => resolve()))];
    for (const client of this.clients.values()) {
      client.reason ??= 'server-stopped';
      // Registered after accept()'s own 'close' listener, so each client's connection-closed
      // event is out before the session says the server is closed.
      closed.push(new Promise((resolve) => client.socket.once('close', () => resolve())));
      client.socket.destroy();
    }
    await Promise.all(closed);
    this.sink.state('closed', { reason: 'user' });
  }
}
