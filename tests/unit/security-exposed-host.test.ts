/**
 * The page's warning that the browser-mode host is reachable from other computers: when it shows
 * (a pure decision on `GET /api/info`'s bindHost) and what it says. Addresses are only strings
 * here: nothing is bound or sent.
 */
import { describe, expect, it } from 'vitest';
import { exposedAddress } from '../../src/renderer/bridge/host-info';
import { translator } from '../../src/renderer/i18n/translate';
import { isLoopbackHost } from '../../src/shared/address';

const LOOPBACK = ['127.0.0.1', '127.0.0.53', '127.255.255.254', '::1', 'localhost'];
const BEYOND = [
  '0.0.0.0',
  '::',
  '192.168.1.20',
  '10.0.0.7',
  'fe80::1',
  '::ffff:127.0.0.1',
  '128.0.0.1',
  'netassist.lan',
  '127.0.0.1.example',
];

describe('the "reachable from other computers" warning', () => {
  it.each(LOOPBACK)('is not shown when the host listens on %s', (bindHost) => {
    expect(isLoopbackHost(bindHost)).toBe(true); // the host's console warning agrees
    expect(exposedAddress(bindHost, '18848')).toBeUndefined();
  });

  it.each(BEYOND)('is shown when the host listens on %s', (bindHost) => {
    expect(isLoopbackHost(bindHost)).toBe(false);
    expect(exposedAddress(bindHost, '18848')).toMatch(/:18848$/);
  });

  it('names the address as a browser would write it: IPv6 in brackets, then the port', () => {
    expect(exposedAddress('0.0.0.0', '18848')).toBe('0.0.0.0:18848');
    expect(exposedAddress('::', '40001')).toBe('[::]:40001');
    expect(exposedAddress('fe80::1', '40001')).toBe('[fe80::1]:40001');
    expect(exposedAddress('netassist.lan', '40001')).toBe('netassist.lan:40001');
    expect(exposedAddress('192.168.1.20', '')).toBe('192.168.1.20');
  });

  it('says who can reach it and how to keep it on this computer, in both languages', () => {
    const address = { address: '0.0.0.0:18848' };

    expect(translator('en')('host.exposed', address)).toBe(
      'NetAssist is reachable from other computers at 0.0.0.0:18848: anyone with the token can use it to open sockets. Start it without --host to keep it on this computer.',
    );
    expect(translator('zh-CN')('host.exposed', address)).toBe(
      '其他电脑可以通过 0.0.0.0:18848 访问 NetAssist：任何持有令牌的人都能用它打开套接字。启动时不加 --host，即可只在本机使用。',
    );
  });
});
