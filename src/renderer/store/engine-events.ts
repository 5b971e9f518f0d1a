import type { EngineEvent, SessionSnapshot } from '../../shared/contract';
import { filesOf, withFile } from './files';
import { freshLog, withEntry, withNote, withWindow } from './log';
import type { LogNote, LogState, ReceiveOptions, TabState } from './state';

let errorSerial = 0;

/** A fresh number per shown error, so the same error twice still re-announces. */
export function nextErrorSerial() {
  return ++errorSerial;
}

/**
 * Applies a batch of one session's events to its tab. Data events only tell which entries exist
 * (their bytes went to the store's LogCache); notes are placed after the newest entry so far.
 */
export function applyEvents(tab: TabState, events: readonly EngineEvent[]): TabState {
  let log: LogState = tab.log;
  const note = (added: Omit<LogNote, 'id' | 'afterSeq'>) => (log = withNote(log, added));
  let next = tab;
  for (const event of events) {
    switch (event.type) {
      case 'state': {
        const protocol = next.draft.protocol;
        const previous = next.state;
        next = {
          ...next,
          state: event.state,
          reason: event.state === 'closed' ? event.reason : undefined,
          local: event.local ?? next.local,
          remote: event.remote ?? next.remote,
          reconnect: event.reconnect,
          // Connected again: what went wrong on the way (connection refused …) is over.
          ...(event.state === 'connected' && next.reconnect ? { error: undefined } : {}),
        };
        if (event.state === 'listening' || event.state === 'bound') {
          note({ at: event.at, note: event.state, address: event.local });
        }
        // A TCP client's end is already told by its connection's `connection-closed`.
        if (event.state === 'closed' && protocol !== 'tcp-client' && previous !== 'idle') {
          note({ at: event.at, note: 'closed', reason: event.reason });
        }
        if (event.state === 'closed') next = { ...next, connections: [], sendTo: 'all' };
        break;
      }
      case 'connection-opened': {
        const { connection } = event;
        next = {
          ...next,
          connections: [...next.connections, connection],
          connectionCounters: {
            ...next.connectionCounters,
            [connection.connectionId]: connection.counters,
          },
        };
        const kind = next.draft.protocol === 'tcp-server' ? 'clientConnected' : 'connected';
        note({ at: event.at, note: kind, address: connection.remote });
        break;
      }
      case 'connection-closed': {
        const closing = next.connections.find((c) => c.connectionId === event.connectionId);
        const connectionCounters = { ...next.connectionCounters };
        delete connectionCounters[event.connectionId];
        next = {
          ...next,
          connections: next.connections.filter((c) => c.connectionId !== event.connectionId),
          connectionCounters,
          sendTo: next.sendTo === event.connectionId ? 'all' : next.sendTo,
        };
        note({
          at: event.at,
          note: 'disconnected',
          address: closing?.remote,
          reason: event.reason,
        });
        break;
      }
      case 'data':
        log = withEntry(log, event.seq);
        if (event.direction === 'rx' && next.draft.protocol === 'udp') {
          next = { ...next, lastSender: event.peer };
        }
        break;
      case 'counters':
        next = {
          ...next,
          counters: event.counters,
          connectionCounters: event.connections,
          unsent: event.unsent,
        };
        break;
      case 'log':
        log = withWindow(log, event);
        break;
      case 'file':
        next = { ...next, files: withFile(next.files, event.file) };
        break;
      case 'periodic':
        next = { ...next, periodic: event.periodic };
        break;
      case 'file-send':
        next = { ...next, fileSend: event.fileSend };
        break;
      case 'multicast':
        next = { ...next, multicast: event.groups };
        break;
      case 'error':
        next = {
          ...next,
          error: {
            kind: 'engine',
            code: event.code,
            params: event.params,
            serial: nextErrorSerial(),
          },
        };
        break;
    }
  }
  return log === tab.log ? next : { ...next, log };
}

/** The snapshot's log window; a different session than the tab knew starts a fresh log. */
function logOfSnapshot(tab: TabState, snapshot: SessionSnapshot): LogState {
  if (tab.sessionId !== snapshot.sessionId) return freshLog(tab.log, snapshot.log);
  return withWindow(tab.log, snapshot.log);
}

/** After a page reload or a reconnect: the engine's view of the session wins. */
export function applySnapshot(tab: TabState, snapshot: SessionSnapshot): TabState {
  const config = snapshot.config;
  const draft = config
    ? {
        ...tab.draft,
        protocol: config.protocol,
        ...(config.protocol === 'tcp-client'
          ? {
              remoteHost: config.remoteHost,
              remotePort: String(config.remotePort),
              autoReconnect: config.reconnectMs !== undefined,
              ...(config.reconnectMs ? { reconnectMs: config.reconnectMs } : {}),
            }
          : { localPort: String(config.localPort) }),
        ...(config.protocol !== 'tcp-client' && config.localHost
          ? { localHost: config.localHost }
          : {}),
        ...(config.protocol === 'udp' && config.remoteHost
          ? { remoteHost: config.remoteHost }
          : {}),
        ...(config.protocol === 'udp' && config.remotePort
          ? { remotePort: String(config.remotePort) }
          : {}),
        ...(config.protocol === 'udp' ? { broadcast: config.broadcast ?? false } : {}),
      }
    : tab.draft;
  const connectionCounters = Object.fromEntries(
    snapshot.connections.map((c) => [c.connectionId, c.counters]),
  );
  return {
    ...tab,
    sessionId: snapshot.sessionId,
    draft,
    state: snapshot.state,
    reason: snapshot.reason,
    reconnect: snapshot.reconnect,
    local: snapshot.local,
    // A TCP client's connection has the peer's own address; between connections (auto
    // reconnect) the session still knows where it is going.
    remote: snapshot.connections[0]?.remote ?? snapshot.remote ?? tab.remote,
    counters: snapshot.counters,
    connections: snapshot.connections,
    connectionCounters,
    multicast: snapshot.multicast ?? [],
    busy: false,
    log: logOfSnapshot(tab, snapshot),
    files: filesOf(snapshot.files),
    periodic: snapshot.periodic,
    fileSend: snapshot.fileSend,
    // The engine's rules and framing are the ones in force; an engine without them keeps the
    // page's.
    autoReply: snapshot.autoReply ?? tab.autoReply,
    receive: receiveOfSnapshot(tab.receive, snapshot),
  };
}

/** The tab's receive options with the framing the session cuts by (unchanged when the same). */
function receiveOfSnapshot(receive: ReceiveOptions, snapshot: SessionSnapshot): ReceiveOptions {
  const framing = snapshot.framing ?? receive.framing;
  return JSON.stringify(framing) === JSON.stringify(receive.framing)
    ? receive
    : { ...receive, framing };
}
