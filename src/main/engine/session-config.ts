/**
 * A session's configuration, checked and turned into the transport that carries it. Every bad
 * field is refused here with a specific error, before any socket exists.
 */
import { isIPv6, parseHost, parsePort } from '../../shared/address';
import type { Address, Failure, SessionConfig, UdpConfig } from '../../shared/contract';
import { RECONNECT_MS_RANGE } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_SERVER_HOST } from './constants';
import { TcpClientTransport } from './tcp-client';
import { TcpServerTransport } from './tcp-server';
import type { Transport, TransportSink } from './transport';
import { UdpTransport } from './udp';

const MAX_CONNECT_TIMEOUT_MS = 10 * 60 * 1000;

type Made = { ok: true; transport: Transport } | Failure;

export function createTransport(config: SessionConfig, sink: TransportSink): Made {
  switch (config.protocol) {
    case 'tcp-client': {
      const host = parseHost(config.remoteHost, 'remote host');
      if (!host.ok) return host;
      const port = parsePort(config.remotePort, 'remote port');
      if (!port.ok) return port;
      const localPort = parsePort(config.localPort ?? 0, 'local port', 0);
      if (!localPort.ok) return localPort;
      const timeout = config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_CONNECT_TIMEOUT_MS) {
        return fail('INVALID_REQUEST', {
          detail: `the connect timeout must be 1 to ${MAX_CONNECT_TIMEOUT_MS} ms`,
        });
      }
      const reconnect = config.reconnectMs;
      const { min, max } = RECONNECT_MS_RANGE;
      if (
        reconnect !== undefined &&
        (!Number.isInteger(reconnect) || reconnect < min || reconnect > max)
      ) {
        return fail('INVALID_REQUEST', {
          detail: `the reconnect interval must be ${min} to ${max} ms`,
        });
      }
      const options = { host: host.host, port: port.port, localPort: localPort.port };
      return {
        ok: true,
        transport: new TcpClientTransport({ ...options, connectTimeoutMs: timeout }, sink),
      };
    }
    case 'tcp-server': {
      const host = parseHost(config.localHost ?? DEFAULT_SERVER_HOST, 'local host');
      if (!host.ok) return host;
      const port = parsePort(config.localPort, 'local port', 0);
      if (!port.ok) return port;
      return {
        ok: true,
        transport: new TcpServerTransport({ host: host.host, port: port.port }, sink),
      };
    }
    case 'udp':
      return createUdp(config, sink);
    default:
      return fail('INVALID_REQUEST', { detail: 'unknown protocol' });
  }
}

function createUdp(config: UdpConfig, sink: TransportSink): Made {
  let remote: Address | undefined;
  if (config.remoteHost !== undefined && config.remoteHost.trim() !== '') {
    const host = parseHost(config.remoteHost, 'remote host');
    if (!host.ok) return host;
    const port = parsePort(config.remotePort, 'remote port');
    if (!port.ok) return port;
    remote = { host: host.host, port: port.port };
  }
  // Without an explicit local address, bind the family the remote needs (a udp4 socket cannot
  // reach ::1).
  const fallbackHost = remote && isIPv6(remote.host) ? '::' : '0.0.0.0';
  const localHost = parseHost(config.localHost?.trim() || fallbackHost, 'local host');
  if (!localHost.ok) return localHost;
  const localPort = parsePort(config.localPort, 'local port', 0);
  if (!localPort.ok) return localPort;
  const options = {
    localHost: localHost.host,
    localPort: localPort.port,
    broadcast: config.broadcast ?? false,
    ...(remote ? { remote } : {}),
  };
  return { ok: true, transport: new UdpTransport(options, sink) };
}
