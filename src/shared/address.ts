/**
 * Host and port validation, shared so the UI can check a field while the user types and the
 * engine can refuse the same input with the same words.
 */
import type { Failure } from './contract';
import { fail } from './errors';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
// RFC 1123 host names: labels of letters, digits and hyphens, not starting or ending with a hyphen.
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Only programs on this computer can reach a socket bound to one of these. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

export function isIPv6(text: string): boolean {
  const [address = '', zone] = text.split('%');
  if (zone !== undefined && !/^[\w.-]+$/.test(zone)) return false;
  let groups = address.split(':');
  // An embedded IPv4 tail (::ffff:127.0.0.1) stands for two groups.
  const last = groups[groups.length - 1] ?? '';
  if (last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  const text6 = groups.join(':');
  const halves = text6.split('::');
  if (halves.length > 2) return false;
  const parts = (half: string) => (half === '' ? [] : half.split(':'));
  if (halves.length === 2) {
    const all = [...parts(halves[0]!), ...parts(halves[1]!)];
    return all.length <= 7 && all.every((g) => HEX_GROUP.test(g));
  }
  const all = parts(text6);
  return all.length === 8 && all.every((g) => HEX_GROUP.test(g));
}

export function isHostname(text: string): boolean {
  // All-numeric dotted names are mistyped IPv4 addresses (999.1.1.1), not host names.
  return HOSTNAME.test(text) && !/^[\d.]+$/.test(text);
}

/**
 * What a Chinese input method leaves in an address field, as the ASCII it stands for: full-width
 * digits, letters and punctuation (`１２７．０．０．１`, `８０`, `［：：１］`) and the ideographic
 * full stop `。` typed for a dot.
 */
function halfWidth(text: string): string {
  return text.normalize('NFKC').replace(/\u3002/g, '.');
}

// Quotes copied with the address from a lesson's code: connect(("127.0.0.1", 8888)), and the
// curly ones some lessons were typeset with: connect((“192.168.23.247”, 7878)).
const QUOTES = /^["'“”‘’]+|["'“”‘’]+$/g;
// What "host:port" typed into one field looks like: 127.0.0.1:8888, localhost:8888, [::1]:8888.
const HOST_AND_PORT = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/;

/**
 * Nothing but blanks and quotes: a local host left empty, or a lesson's `bind(('', 2023))` copied
 * with its quotes — both mean every interface, as in Python.
 */
export function isBlankHost(value: string): boolean {
  return halfWidth(value).trim().replace(QUOTES, '').trim() === '';
}

function withoutBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

function isHost(text: string): boolean {
  return isIPv4(text) || isIPv6(text) || isHostname(text);
}

/**
 * Trims, strips quotes and IPv6 brackets (`[::1]` → `::1`) and checks the host is an IPv4, IPv6
 * address or host name. "host:port" in one field is refused with both parts named.
 */
export function parseHost(value: string, field = 'host'): { ok: true; host: string } | Failure {
  const trimmed = halfWidth(value).trim().replace(QUOTES, '').trim();
  const host = withoutBrackets(trimmed);
  if (host === '') return fail('INVALID_HOST', { value: '', field });
  if (isHost(host)) return { ok: true, host };
  const [, hostPart = '', port = ''] = HOST_AND_PORT.exec(trimmed) ?? [];
  if (isHost(withoutBrackets(hostPart))) {
    return fail('INVALID_HOST', { value, field, host: withoutBrackets(hostPart), port });
  }
  return fail('INVALID_HOST', { value, field });
}

/**
 * A multicast group as an IP address: IPv4 224.0.0.0–239.255.255.255 or IPv6 ff00::/8 (brackets
 * and full-width characters allowed, as for any host).
 */
export function parseMulticastGroup(value: string): { ok: true; group: string } | Failure {
  const parsed = parseHost(value, 'multicast group');
  if (!parsed.ok) return parsed;
  const { host } = parsed;
  const firstOctet = Number(host.split('.')[0]);
  const multicast = isIPv4(host)
    ? firstOctet >= 224 && firstOctet <= 239
    : isIPv6(host) && /^ff/i.test(host);
  return multicast ? { ok: true, group: host } : fail('NOT_MULTICAST', { value: host });
}

/**
 * The local address of a network card to join a multicast group on: an IP address (a card's
 * name such as `eth0` is not one the system takes here).
 */
export function parseInterfaceAddress(value: string): { ok: true; address: string } | Failure {
  const parsed = parseHost(value, 'interface address');
  if (!parsed.ok) return fail('INVALID_INTERFACE', { value: value.trim(), detail: 'not-ip' });
  const [ip = ''] = parsed.host.split('%');
  return isIPv4(ip) || isIPv6(ip)
    ? { ok: true, address: parsed.host }
    : fail('INVALID_INTERFACE', { value: parsed.host, detail: 'not-ip' });
}

/**
 * A port as a whole number in [min, 65535]. `min` is 0 where 0 means "let the system choose"
 * (local ports), 1 for a remote port.
 */
export function parsePort(
  value: unknown,
  field = 'port',
  min: 0 | 1 = 1,
): { ok: true; port: number } | Failure {
  const text = typeof value === 'string' ? halfWidth(value).trim() : value;
  const port = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
  if (typeof port === 'number' && Number.isInteger(port) && port >= min && port <= 65535) {
    return { ok: true, port };
  }
  return fail('INVALID_PORT', { value: String(value), field, min });
}
