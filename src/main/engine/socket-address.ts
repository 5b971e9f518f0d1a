import type { Socket } from 'node:net';
import type { Address } from '../../shared/contract';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is shown as the IPv4 address it is. */
export function displayHost(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
}

export function remoteOf(socket: Socket): Address {
  return { host: displayHost(socket.remoteAddress), port: socket.remotePort ?? 0 };
}

export function localOf(socket: Socket): Address {
  return { host: displayHost(socket.localAddress), port: socket.localPort ?? 0 };
}
