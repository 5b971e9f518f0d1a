import type { Failure, SendOptions, SendTarget, SessionConfig } from '../../shared/contract';
import { isBlankHost, parseHost, parsePort } from '../../shared/address';
import type { SessionDraft, TabState } from '../store/state';

type ConfigResult = { ok: true; config: SessionConfig } | Failure;

// English field names: the English error sentences say them; the Chinese ones do not need them.
const FIELD = {
  remoteHost: 'remote host',
  remotePort: 'remote port',
  localHost: 'local host',
  localPort: 'local port',
} as const;

function optionalHost(value: string, field: string) {
  return isBlankHost(value) ? ({ ok: true, host: undefined } as const) : parseHost(value, field);
}

function optionalPort(value: string, field: string) {
  return value.trim() === '' ? ({ ok: true, port: 0 } as const) : parsePort(value, field, 0);
}

/** The typed fields as the engine's configuration, or the first field that is wrong. */
export function configOf(draft: SessionDraft): ConfigResult {
  switch (draft.protocol) {
    case 'tcp-client': {
      const host = parseHost(draft.remoteHost, FIELD.remoteHost);
      if (!host.ok) return host;
      const port = parsePort(draft.remotePort, FIELD.remotePort);
      if (!port.ok) return port;
      const local = optionalPort(draft.clientLocalPort, FIELD.localPort);
      if (!local.ok) return local;
      return {
        ok: true,
        config: {
          protocol: 'tcp-client',
          remoteHost: host.host,
          remotePort: port.port,
          ...(local.port ? { localPort: local.port } : {}),
          ...(draft.autoReconnect ? { reconnectMs: draft.reconnectMs } : {}),
        },
      };
    }
    case 'tcp-server': {
      const host = optionalHost(draft.localHost, FIELD.localHost);
      if (!host.ok) return host;
      const port = parsePort(draft.localPort, FIELD.localPort, 0);
      if (!port.ok) return port;
      return {
        ok: true,
        config: {
          protocol: 'tcp-server',
          localPort: port.port,
          ...(host.host ? { localHost: host.host } : {}),
        },
      };
    }
    case 'udp': {
      const host = optionalHost(draft.localHost, FIELD.localHost);
      if (!host.ok) return host;
      const port = optionalPort(draft.localPort, FIELD.localPort);
      if (!port.ok) return port;
      const remote = udpRemote(draft);
      if (remote && !remote.ok) return remote;
      return {
        ok: true,
        config: {
          protocol: 'udp',
          localPort: port.port,
          ...(host.host ? { localHost: host.host } : {}),
          ...(remote ? { remoteHost: remote.host, remotePort: remote.port } : {}),
          ...(draft.broadcast ? { broadcast: true } : {}),
        },
      };
    }
  }
}

/** UDP's remote fields: both empty means "no default target", else both must be right. */
function udpRemote(draft: SessionDraft) {
  if (draft.remoteHost.trim() === '' && draft.remotePort.trim() === '') return undefined;
  const host = parseHost(draft.remoteHost, FIELD.remoteHost);
  if (!host.ok) return host;
  const port = parsePort(draft.remotePort, FIELD.remotePort);
  if (!port.ok) return port;
  return { ok: true as const, host: host.host, port: port.port };
}

/** Where Send goes, from the tab's Send to / reply / remote fields. */
export function sendTargetOf(tab: TabState): { ok: true; target?: SendTarget } | Failure {
  switch (tab.draft.protocol) {
    case 'tcp-client':
      return { ok: true };
    case 'tcp-server':
      return {
        ok: true,
        target:
          tab.sendTo === 'all' ? { kind: 'all' } : { kind: 'connection', connectionId: tab.sendTo },
      };
    case 'udp': {
      if (tab.send.replyToLastSender) return { ok: true, target: { kind: 'last-sender' } };
      const remote = udpRemote(tab.draft);
      if (!remote) return { ok: true };
      if (!remote.ok) return remote;
      return { ok: true, target: { kind: 'address', host: remote.host, port: remote.port } };
    }
  }
}

/** For live field checks: is this field's current text acceptable? */
export function fieldProblem(
  field: keyof typeof FIELD | 'clientLocalPort',
  value: string,
  draft: SessionDraft,
): boolean {
  if (field === 'localHost' && isBlankHost(value)) return false;
  if (value.trim() === '') {
    if (field === 'clientLocalPort') return false;
    if (field === 'localPort') return draft.protocol === 'tcp-server';
    return draft.protocol === 'tcp-client';
  }
  if (field === 'remoteHost' || field === 'localHost') return !parseHost(value).ok;
  return !parsePort(value, 'port', field === 'remotePort' ? 1 : 0).ok;
}

/** How the send box's text becomes bytes, from the tab's send and receive settings. */
export function sendOptionsOf(tab: Pick<TabState, 'send' | 'receive'>): SendOptions {
  const { send, receive } = tab;
  return {
    format: send.hexSend ? 'hex' : 'text',
    encoding: receive.encoding,
    escapes: send.escapes && !send.hexSend,
    lineEnding: send.lineEnding,
    checksum: send.checksum,
  };
}
