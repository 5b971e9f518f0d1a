/**
 * UDP multicast membership: join / leave through the engine, what the pages are told (events and
 * the snapshot), and the words for bad input. Every join names the loopback interface, so the
 * membership reports the system sends stay on this machine; no datagram is sent to a group.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode, ErrorParams, MulticastMembership } from '../../src/shared/contract';
import { describeError } from '../../src/shared/errors';
import type { EngineHarness } from '../support/engine-harness';
import { engineForTest } from '../support/test-resources';

const LO = '127.0.0.1';

describe('UDP multicast groups', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = engineForTest();
  });

  const groupsTold = (sessionId: string) => h.eventsOf(sessionId, 'multicast').map((e) => e.groups);
  const snapshotGroups = async (sessionId: string) => (await h.snapshot(sessionId)).multicast;

  it('joins and leaves, tells the pages each change once, and forgets every group on close', async () => {
    const { sessionId } = await h.openSession({
      protocol: 'udp',
      localHost: '0.0.0.0',
      localPort: 0,
    });
    const a: MulticastMembership = { group: '239.1.2.3', interfaceAddress: LO };
    const b: MulticastMembership = { group: '239.1.2.4', interfaceAddress: LO };

    await h.ok('joinMulticast', { sessionId, ...a });
    // A second join of the same group is no error (the system would say EADDRINUSE) and no news.
    await h.ok('joinMulticast', { sessionId, ...a });
    // Typed with a Chinese input method: full-width digits and the ideographic full stop.
    await h.ok('joinMulticast', {
      sessionId,
      group: '２３９。１。２。４',
      interfaceAddress: '１２７．０．０．１',
    });
    expect(await snapshotGroups(sessionId)).toEqual([a, b]);

    await h.ok('leaveMulticast', { sessionId, ...a });
    await h.ok('leaveMulticast', { sessionId, ...a }); // not a member any more: nothing to do
    expect(await snapshotGroups(sessionId)).toEqual([b]);

    await h.ok('close', { sessionId });
    expect(groupsTold(sessionId)).toEqual([[a], [a, b], [b], []]);
    expect(await snapshotGroups(sessionId)).toBeUndefined();

    // Opened again, the socket is new: no group, and the same group can be joined again.
    await h.ok('open', {
      sessionId,
      config: { protocol: 'udp', localHost: '0.0.0.0', localPort: 0 },
    });
    expect(await snapshotGroups(sessionId)).toBeUndefined();
    await h.ok('joinMulticast', { sessionId, ...a });
    expect(await snapshotGroups(sessionId)).toEqual([a]);
  });

  it.each<{
    name: string;
    group: string;
    interfaceAddress?: string;
    code: ErrorCode;
    params: ErrorParams;
  }>([
    {
      name: 'a unicast address',
      group: '1.2.3.4',
      code: 'NOT_MULTICAST',
      params: { value: '1.2.3.4' },
    },
    {
      name: 'loopback',
      group: '127.0.0.1',
      code: 'NOT_MULTICAST',
      params: { value: '127.0.0.1' },
    },
    {
      name: 'not an address at all',
      group: 'my group',
      code: 'INVALID_HOST',
      params: { value: 'my group', field: 'multicast group' },
    },
    {
      name: 'an IPv6 group on an IPv4 socket',
      group: 'ff02::fb',
      code: 'IP_VERSION_MISMATCH',
      params: { local: '0.0.0.0', host: 'ff02::fb', localFamily: 'IPv4', hostFamily: 'IPv6' },
    },
    {
      // A documentation address (TEST-NET-1): the system finds no card with it; nothing is sent.
      name: 'an interface address no network card has',
      group: '239.1.2.3',
      interfaceAddress: '192.0.2.1',
      code: 'INVALID_INTERFACE',
      params: { value: '192.0.2.1', detail: 'not-local' },
    },
    {
      name: 'an interface that is not an address',
      group: '239.1.2.3',
      interfaceAddress: 'eth 0',
      code: 'INVALID_INTERFACE',
      params: { value: 'eth 0', detail: 'not-ip' },
    },
    {
      // A card's name is a valid host name, but the system takes only an address here.
      name: 'a network card by its name',
      group: '239.1.2.3',
      interfaceAddress: 'eth0',
      code: 'INVALID_INTERFACE',
      params: { value: 'eth0', detail: 'not-ip' },
    },
  ])('refuses $name in words, and joins nothing', async (row) => {
    const { sessionId } = await h.openSession({
      protocol: 'udp',
      localHost: '0.0.0.0',
      localPort: 0,
    });
    const result = await h.call('joinMulticast', {
      sessionId,
      group: row.group,
      interfaceAddress: row.interfaceAddress ?? LO,
    });
    expect(result).toEqual({
      ok: false,
      code: row.code,
      params: row.params,
      message: describeError(row.code, row.params),
    });
    expect(await snapshotGroups(sessionId)).toBeUndefined();
    expect(groupsTold(sessionId)).toEqual([]);
  });

  it('an IPv6 group is one group however it is spelled', async () => {
    const { sessionId } = await h.openSession({ protocol: 'udp', localHost: '::', localPort: 0 });
    // `%lo`: the loopback card by its zone, so the membership report stays on this machine.
    const lo = '::1%lo';
    await h.ok('joinMulticast', { sessionId, group: 'ff05::1:3', interfaceAddress: lo });
    // The system would answer EADDRINUSE ("port 0 is already in use") to this second join.
    await h.ok('joinMulticast', { sessionId, group: 'FF05:0:0::1:3', interfaceAddress: lo });
    expect(await snapshotGroups(sessionId)).toEqual([{ group: 'ff05::1:3', interfaceAddress: lo }]);
    expect(groupsTold(sessionId)).toHaveLength(1);
    await h.ok('leaveMulticast', { sessionId, group: '[FF05::1:3]', interfaceAddress: lo });
    expect(await snapshotGroups(sessionId)).toBeUndefined();
  });

  it('says the NOT_MULTICAST and INVALID_INTERFACE sentences in both languages', () => {
    expect(describeError('INVALID_INTERFACE', { value: 'eth0', detail: 'not-ip' })).toBe(
      'Interface address "eth0" is not an IP address: type the IPv4 or IPv6 address of one of this computer\'s network cards (not its name, like eth0), or leave it empty to let the system choose.',
    );
    expect(
      describeError('INVALID_INTERFACE', { value: '192.0.2.1', detail: 'not-local' }, 'zh-CN'),
    ).toBe('本机没有地址为 192.0.2.1 的网卡：请填写本机某块网卡的地址，或留空由系统选择。');
    expect(describeError('NOT_MULTICAST', { value: '1.2.3.4' })).toBe(
      '1.2.3.4 is not a multicast group: IPv4 groups are 224.0.0.0 to 239.255.255.255 (like 239.255.255.250), IPv6 groups start with ff (like ff02::fb).',
    );
    expect(describeError('NOT_MULTICAST', { value: '1.2.3.4' }, 'zh-CN')).toBe(
      '1.2.3.4 不是组播地址：IPv4 组播地址为 224.0.0.0 到 239.255.255.255（如 239.255.255.250），IPv6 组播地址以 ff 开头（如 ff02::fb）。',
    );
  });

  it('refuses before the session is open, and on a TCP session', async () => {
    const { sessionId } = await h.ok('createSession', {});
    expect(await h.call('joinMulticast', { sessionId, group: '239.1.2.3' })).toMatchObject({
      ok: false,
      code: 'NOT_CONNECTED',
    });
    const server = await h.listen();
    expect(
      await h.call('joinMulticast', { sessionId: server.sessionId, group: '239.1.2.3' }),
    ).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });
});
