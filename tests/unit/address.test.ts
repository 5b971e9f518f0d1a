import { describe, expect, it } from 'vitest';
import { isIPv6, parseHost, parsePort } from '../../src/shared/address';

describe('parseHost', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' localhost ', 'localhost'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:1'],
    ['example.com', 'example.com'],
  ])('accepts %j', (input, host) => {
    expect(parseHost(input)).toEqual({ ok: true, host });
  });

  it.each(['', '  ', '256.1.1.1', '1.2.3', 'a b', '[::1', '1::2::3', '-bad.example', 'http://x'])(
    'refuses %j with INVALID_HOST',
    (input) => {
      const result = parseHost(input, 'remote host');
      expect(result).toMatchObject({
        ok: false,
        code: 'INVALID_HOST',
        params: { field: 'remote host' },
      });
    },
  );

  it('says an empty host is empty', () => {
    const result = parseHost('');
    expect(result.ok === false && result.message).toMatch(/is empty/);
  });

  it('recognises IPv6 forms', () => {
    expect(isIPv6('::')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7:8:9')).toBe(false);
    expect(isIPv6('12345::')).toBe(false);
  });
});

describe('parsePort', () => {
  it.each([
    [1, 1],
    ['8888', 8888],
    [' 65535 ', 65535],
  ])('accepts %j', (input, port) => {
    expect(parsePort(input)).toEqual({ ok: true, port });
  });

  it('accepts 0 only where the system may choose', () => {
    expect(parsePort(0, 'local port', 0)).toEqual({ ok: true, port: 0 });
    expect(parsePort(0, 'remote port')).toMatchObject({ ok: false, code: 'INVALID_PORT' });
  });

  it.each([65536, -1, 1.5, '12ab', '', Number.NaN, null])(
    'refuses %j with a 1–65535 sentence',
    (input) => {
      const result = parsePort(input);
      expect(result).toMatchObject({
        ok: false,
        code: 'INVALID_PORT',
        params: { value: String(input) },
      });
      expect(result.ok === false && result.message).toMatch(/from 1 to 65535/);
    },
  );
});
