import dgram from 'node:dgram';
import {
  isIPv4,
  isIPv6,
  parseHost,
  parseInterfaceAddress,
  parseMulticastGroup,
  parsePort,
} from '../../shared/address';
import type {
  Address,
  AutoSource,
  Failure,
  MulticastMembership,
  Result,
  SendTarget,
} from '../../shared/contract';
import { fail } from '../../shared/errors';
import { UDP_MAX_PAYLOAD_IPV4, UDP_MAX_PAYLOAD_IPV6, UDP_RECEIVE_BUFFER_BYTES } from './constants';
import { errnoOf, socketFailure } from './socket-errors';
import { displayHost } from './socket-address';
import type { OpenResult, SendResult, Transport, TransportSink } from './transport';

export interface UdpOptions {
  localHost: string;
  localPort: number;
  remote?: Address;
  broadcast: boolean;
}

/**
 * A bound datagram socket: receives from anyone (each datagram keeps its source), sends to the
 * configured remote, to any address, or back to the last sender.
 */
export class UdpTransport implements Transport {
  private socket?: dgram.Socket;
  private lastSender?: Address;
  private readonly memberships = new Map<string, MulticastMembership>();

  constructor(
    private readonly options: UdpOptions,
    private readonly sink: TransportSink,
  ) {}

  private get ipv6() {
    return isIPv6(this.options.localHost);
  }

  get maxDatagramBytes() {
    return this.ipv6 ? UDP_MAX_PAYLOAD_IPV6 : UDP_MAX_PAYLOAD_IPV4;
  }

  open(): Promise<OpenResult> {
    const { localHost, localPort, broadcast } = this.options;
    return new Promise((resolve) => {
      const socket = dgram.createSocket({ type: this.ipv6 ? 'udp6' : 'udp4' });
      socket.once('error', (error) => {
        socket.close();
        this.sink.state('closed', { reason: 'error' });
        resolve(socketFailure(error, { host: localHost, port: localPort }));
      });
      socket.bind({ address: localHost, port: localPort }, () => {
        socket.removeAllListeners('error');
        socket.on('error', (error) =>
          this.sink.error(socketFailure(error, { host: localHost, port: localPort })),
        );
        try {
          socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
        } catch {
          // The kernel may refuse a larger buffer; the default still works, only less burst-proof.
        }
        if (broadcast) socket.setBroadcast(true);
        socket.on('message', (message: Buffer, rinfo: dgram.RemoteInfo) => {
          const peer = { host: displayHost(rinfo.address), port: rinfo.port };
          this.lastSender = peer;
          this.sink.data('rx', message, peer);
        });
        this.socket = socket;
        const bound = socket.address();
        const local = { host: bound.address, port: bound.port };
        this.sink.state('bound', {
          local,
          ...(this.options.remote ? { remote: this.options.remote } : {}),
        });
        resolve({
          ok: true,
          local,
          ...(this.options.remote ? { remote: this.options.remote } : {}),
        });
      });
    });
  }

  private resolveTarget(target: SendTarget | undefined): Result<{ to: Address }> {
    if (target?.kind === 'last-sender') {
      return this.lastSender ? { ok: true, to: this.lastSender } : fail('NO_TARGET');
    }
    if (target?.kind === 'address') {
      const host = parseHost(target.host, 'remote host');
      if (!host.ok) return host;
      const port = parsePort(target.port, 'remote port');
      if (!port.ok) return port;
      return { ok: true, to: { host: host.host, port: port.port } };
    }
    return this.options.remote ? { ok: true, to: this.options.remote } : fail('NO_TARGET');
  }

  send(bytes: Uint8Array, target: SendTarget | undefined, auto?: AutoSource): Promise<SendResult> {
    const socket = this.socket;
    if (!socket) return Promise.resolve(fail('NOT_CONNECTED', { state: 'closed' }));
    const resolved = this.resolveTarget(target);
    if (!resolved.ok) return Promise.resolve(resolved);
    const { to } = resolved;
    const max = this.maxDatagramBytes;
    if (bytes.length > max)
      return Promise.resolve(fail('DATAGRAM_TOO_LARGE', { bytes: bytes.length, max }));
    const mismatch = this.versionMismatch(to.host);
    if (mismatch) return Promise.resolve(mismatch);
    // An IPv6 socket bound to :: takes IPv4 peers too, but only written as IPv4-mapped addresses.
    const host = this.ipv6 && isIPv4(to.host) ? `::ffff:${to.host}` : to.host;
    return new Promise((resolve) => {
      socket.send(bytes, to.port, host, (error) => {
        if (error) return resolve(this.sendFailure(error, to));
        this.sink.data('tx', bytes, to, undefined, auto);
        resolve({ ok: true, bytes: bytes.length, recipients: 1 });
      });
    });
  }

  /**
   * An IPv4 socket cannot send to an IPv6 address, and an IPv6 socket bound to one address (not
   * `::`) cannot reach IPv4: the system only says EINVAL or ENETUNREACH, so say it before sending.
   */
  private versionMismatch(target: string): Failure | undefined {
    // Bound to `::` (however it was typed: `::0`, `0:0:0:0:0:0:0:0`), it reaches IPv4 too.
    const reachable = this.ipv6
      ? !isIPv4(target) || this.socket?.address().address === '::'
      : !isIPv6(target);
    return reachable ? undefined : this.mismatch(target);
  }

  private mismatch(target: string): Failure {
    return fail('IP_VERSION_MISMATCH', {
      local: this.options.localHost,
      host: target,
      localFamily: this.ipv6 ? 'IPv6' : 'IPv4',
      hostFamily: this.ipv6 ? 'IPv4' : 'IPv6',
    });
  }

  /** Linux refuses a datagram to a broadcast address with EACCES unless SO_BROADCAST is set. */
  private sendFailure(error: unknown, to: Address): Failure {
    const broadcastRefused = errnoOf(error) === 'EACCES' && !this.options.broadcast;
    return broadcastRefused ? fail('BROADCAST_OFF', { host: to.host }) : socketFailure(error, to);
  }

  joinMulticast(group: string, interfaceAddress?: string): Result {
    return this.membership('add', group, interfaceAddress);
  }

  leaveMulticast(group: string, interfaceAddress?: string): Result {
    return this.membership('drop', group, interfaceAddress);
  }

  /** The groups this socket has joined; the system drops them all when it closes. */
  multicastGroups(): MulticastMembership[] {
    return [...this.memberships.values()];
  }

  private membership(action: 'add' | 'drop', value: string, interfaceValue?: string): Result {
    if (!this.socket) return fail('NOT_CONNECTED', { state: 'closed' });
    const parsed = parseMulticastGroup(value);
    if (!parsed.ok) return parsed;
    const group = sameSpelling(parsed.group);
    if (!this.ipv6 && isIPv6(group)) return this.mismatch(group);
    const iface = interfaceValue?.trim() ? parseInterfaceAddress(interfaceValue) : undefined;
    if (iface && !iface.ok) return iface;
    const interfaceAddress = iface && sameSpelling(iface.address);
    const key = `${group}|${interfaceAddress ?? ''}`;
    if ((action === 'add') === this.memberships.has(key)) return { ok: true };
    try {
      if (action === 'add') this.socket.addMembership(group, interfaceAddress);
      else this.socket.dropMembership(group, interfaceAddress);
    } catch (error) {
      const refused = membershipFailure(action, errnoOf(error), interfaceAddress);
      if (refused) return refused;
      if (refused === undefined) return socketFailure(error, { host: group, port: 0 });
      // null: the system already had it so (a member through another spelling, or not one).
    }
    if (action === 'add') {
      this.memberships.set(key, { group, ...(interfaceAddress ? { interfaceAddress } : {}) });
    } else {
      this.memberships.delete(key);
    }
    return { ok: true };
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.socket = undefined;
    return new Promise((resolve) =>
      socket.close(() => {
        this.sink.state('closed', { reason: 'user' });
        resolve();
      }),
    );
  }
}

/**
 * What a refused join or leave means. `null`: nothing to do — the system refuses a second join
 * (EADDRINUSE) and a leave of a group not joined (EADDRNOTAVAIL), in words about ports and
 * addresses that would mislead. ENODEV / EADDRNOTAVAIL / EINVAL with an interface: no network card
 * has that address. `undefined`: any other error, worded as such.
 */
function membershipFailure(
  action: 'add' | 'drop',
  errno: string,
  interfaceAddress: string | undefined,
): Failure | null | undefined {
  if (action === 'add' ? errno === 'EADDRINUSE' : errno === 'EADDRNOTAVAIL') return null;
  if (interfaceAddress && ['ENODEV', 'EADDRNOTAVAIL', 'EINVAL'].includes(errno)) {
    return fail('INVALID_INTERFACE', { value: interfaceAddress, detail: 'not-local' });
  }
  return undefined;
}

/** One spelling per address (`FF02::1:3` and `ff02::1:3` are one group). */
function sameSpelling(address: string): string {
  const [ip = '', zone] = address.split('%');
  if (!isIPv6(ip)) return address;
  const canonical = new URL(`http://[${ip}]`).hostname.slice(1, -1);
  return zone === undefined ? canonical : `${canonical}%${zone}`;
}
