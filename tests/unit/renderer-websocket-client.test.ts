/**
 * The renderer's WebSocket bridge against a real WebSocket server on loopback (port 0): commands
 * matched to responses by id, event batches delivered, commands failed (not hung) when the socket
 * drops, and a reconnect afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { BridgeStatus } from '../../src/renderer/bridge/client';
import { WebSocketClient } from '../../src/renderer/bridge/websocket-client';
import type { EngineEvent } from '../../src/shared/contract';
import { decodeFrame, encodeFrame } from '../../src/shared/wire';
import type { AckFrame, CommandFrame } from '../../src/shared/wire';

const globals = globalThis as { WebSocket?: unknown };
const originalWebSocket = globals.WebSocket;

let server: WebSocketServer;
let url: string;
let client: WebSocketClient | undefined;

beforeEach(async () => {
  // Node 20 has no global WebSocket; `ws` implements the same browser-style API.
  globals.WebSocket = NodeWebSocket;
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});

afterEach(async () => {
  client?.dispose();
  client = undefined;
  for (const socket of server.clients) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  globals.WebSocket = originalWebSocket;
});

function nextStatus(of: WebSocketClient, wanted: BridgeStatus) {
  return new Promise<void>((resolve) => {
    const stop = of.onStatus((status) => {
      if (status !== wanted) return;
      queueMicrotask(() => stop());
      resolve();
    });
  });
}

describe('WebSocketClient', () => {
  it('answers each command with its own response, even out of order, and delivers event batches', async () => {
    server.on('connection', (socket) => {
      const frames: CommandFrame[] = [];
      socket.on('message', (data) => {
        frames.push(decodeFrame(String(data)) as CommandFrame);
        if (frames.length < 2) return;
        // Answer the second command first.
        for (const frame of [...frames].reverse()) {
          socket.send(
            encodeFrame({
              kind: 'response',
              id: frame.id,
              response: { ok: true, sessionId: `for-${frame.id}` },
            }),
          );
        }
        const event: EngineEvent = {
          type: 'data',
          sessionId: 's1',
          at: 1,
          seq: 1,
          direction: 'rx',
          peer: { host: '127.0.0.1', port: 1 },
          bytes: Uint8Array.of(0xe4, 0xbd, 0xa0),
        };
        socket.send(encodeFrame({ kind: 'events', events: [event] }));
      });
    });
    client = new WebSocketClient(url);
    const batches: EngineEvent[][] = [];
    client.onEvents((events) => batches.push(events));

    // Issued before the socket is open: they wait for it.
    const [first, second] = await Promise.all([client.createSession({}), client.createSession({})]);

    expect(first).toEqual({ ok: true, sessionId: 'for-1' });
    expect(second).toEqual({ ok: true, sessionId: 'for-2' });
    await expect.poll(() => batches.length).toBe(1);
    const event = batches[0]![0]!;
    expect(event.type === 'data' && Array.from(event.bytes)).toEqual([0xe4, 0xbd, 0xa0]);
  });

  it('fails a command in flight when the socket drops, then reconnects', async () => {
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      socket.on('message', (data) => {
        const frame = decodeFrame(String(data)) as CommandFrame;
        if (connections === 1)
          socket.terminate(); // the host goes away mid-command
        else
          socket.send(
            encodeFrame({ kind: 'response', id: frame.id, response: { ok: true, sessions: [] } }),
          );
      });
    });
    client = new WebSocketClient(url);
    await nextStatus(client, 'open');

    const lost = await client.listSessions({});
    expect(lost).toMatchObject({ ok: false, code: 'HOST_DISCONNECTED' });
    // While it is down, commands fail at once instead of hanging.
    expect(await client.listSessions({})).toMatchObject({ ok: false });

    await nextStatus(client, 'open');
    expect(await client.listSessions({})).toEqual({ ok: true, sessions: [] });
    expect(connections).toBe(2);
  });

  it('acknowledges each batch once its listeners ran', async () => {
    const seen: string[] = [];
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const frame = decodeFrame(String(data)) as AckFrame;
        if (frame.kind === 'ack') seen.push(`ack ${frame.batch}`);
      });
      for (const batch of [1, 2, 3])
        socket.send(encodeFrame({ kind: 'events', batch, events: [] }));
      // A host without flow control: nothing to acknowledge.
      socket.send(encodeFrame({ kind: 'events', events: [] }));
      socket.send(encodeFrame({ kind: 'events', batch: 4, events: [] }));
    });
    client = new WebSocketClient(url);
    client.onEvents(() => seen.push('applied'));

    await expect.poll(() => seen.filter((s) => s.startsWith('ack'))).toHaveLength(4);

    // Every numbered batch once, in order; the unnumbered one is not acknowledged.
    expect(seen.filter((s) => s.startsWith('ack'))).toEqual(['ack 1', 'ack 2', 'ack 3', 'ack 4']);
    expect(seen.filter((s) => s === 'applied')).toHaveLength(5);
  });

  it('acknowledges with no listener at all, so the host never stops sending', async () => {
    const acks: number[] = [];
    server.on('connection', (socket) => {
      socket.on('message', (data) => acks.push((decodeFrame(String(data)) as AckFrame).batch));
      socket.send(encodeFrame({ kind: 'events', batch: 1, events: [] }));
    });
    client = new WebSocketClient(url);
    await expect.poll(() => acks).toEqual([1]);
  });

  it('ignores frames that are not the contract', async () => {
    server.on('connection', (socket) => {
      socket.send('not json');
      socket.send(JSON.stringify({ kind: 'response', id: 'x' }));
      socket.send(JSON.stringify({ kind: 'events', events: 'nope' }));
      socket.on('message', (data) => {
        const frame = decodeFrame(String(data)) as CommandFrame;
        socket.send(
          encodeFrame({ kind: 'response', id: frame.id, response: { ok: true, sessions: [] } }),
        );
      });
    });
    client = new WebSocketClient(url);
    const batches: unknown[] = [];
    client.onEvents((events) => batches.push(events));
    expect(await client.listSessions({})).toEqual({ ok: true, sessions: [] });
    expect(batches).toEqual([]);
  });
});
