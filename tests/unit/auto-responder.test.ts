import { describe, expect, it, vi } from 'vitest';
import type { AutoSource, Failure, SendTarget } from '../../src/shared/contract';
import { AutoResponder, checkAutoReply } from '../../src/main/engine/auto-responder';
import { MAX_PENDING_REPLIES, MAX_PENDING_REPLY_BYTES } from '../../src/main/engine/constants';
import { fail } from '../../src/shared/errors';
import type { SendResult } from '../../src/main/engine/transport';

/** A sink whose sends wait until the test lets them through. */
function heldSink() {
  const sends: { bytes: Uint8Array; target: SendTarget | undefined; auto: AutoSource }[] = [];
  const errors: Failure[] = [];
  let release: () => void = () => {};
  let held = new Promise<void>((resolve) => (release = resolve));
  return {
    sends,
    errors,
    release: () => release(),
    hold: () => (held = new Promise<void>((resolve) => (release = resolve))),
    sink: {
      send: async (bytes: Uint8Array, target: SendTarget | undefined, auto: AutoSource) => {
        sends.push({ bytes, target, auto });
        await held;
        return { ok: true, bytes: bytes.length, recipients: 1 } as SendResult;
      },
      error: (failure: Failure) => errors.push(failure),
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const peer = { host: '127.0.0.1', port: 9 };

function echoing(sink: ReturnType<typeof heldSink>['sink']) {
  const responder = new AutoResponder(sink);
  const checked = checkAutoReply({ rules: [], echo: true });
  if (!checked.ok) throw new Error(checked.message);
  responder.set(checked);
  return responder;
}

describe('AutoResponder', () => {
  it('never replies inside the receive callback: replies go out on a later turn', async () => {
    const held = heldSink();
    const responder = echoing(held.sink);

    responder.received(Uint8Array.of(1), peer, undefined);

    expect(held.sends).toHaveLength(0);
    await turn();
    expect(held.sends).toEqual([
      { bytes: Uint8Array.of(1), target: { kind: 'address', ...peer }, auto: { kind: 'echo' } },
    ]);
  });

  it('beyond MAX_PENDING_REPLIES waiting, drops the newest and says so once', async () => {
    const held = heldSink();
    const responder = echoing(held.sink);
    responder.received(Uint8Array.of(0), peer, undefined);
    await turn(); // the first reply is being sent (and held): the queue is empty again

    for (let i = 1; i <= MAX_PENDING_REPLIES + 500; i++) {
      responder.received(Uint8Array.of(i & 0xff), peer, undefined);
    }

    expect(held.errors).toHaveLength(1);
    expect(held.errors[0]).toMatchObject({
      code: 'AUTO_REPLY_DROPPED',
      params: { max: MAX_PENDING_REPLIES, maxBytes: MAX_PENDING_REPLY_BYTES },
    });
    expect(held.errors[0]!.message).toBe(
      `Auto-reply could not keep up: more than ${MAX_PENDING_REPLIES} replies or ${MAX_PENDING_REPLY_BYTES} bytes were waiting to be sent, so newer ones were dropped.`,
    );
    held.release();
    await vi.waitFor(() => expect(held.sends).toHaveLength(1 + MAX_PENDING_REPLIES));
    for (let i = 0; i < 5; i++) await turn();
    expect(held.sends).toHaveLength(1 + MAX_PENDING_REPLIES);
    expect(held.sends.at(-1)?.bytes).toEqual(Uint8Array.of(MAX_PENDING_REPLIES & 0xff));

    // Once the queue drained, a new flood is said again.
    held.hold();
    responder.received(Uint8Array.of(0), peer, undefined);
    await turn();
    for (let i = 0; i <= MAX_PENDING_REPLIES; i++)
      responder.received(Uint8Array.of(1), peer, undefined);
    expect(held.errors).toHaveLength(2);
    held.release();
  });

  it('bounds the waiting replies by bytes too: an Echo of large chunks drops beyond MAX_PENDING_REPLY_BYTES', async () => {
    const held = heldSink();
    const responder = echoing(held.sink);
    responder.received(Uint8Array.of(0), peer, undefined);
    await turn(); // held in the sink: the queue is empty

    const chunk = new Uint8Array(1024 * 1024);
    const fits = MAX_PENDING_REPLY_BYTES / chunk.length;
    for (let i = 0; i < fits + 3; i++) responder.received(chunk, peer, undefined);

    expect(held.errors.map((error) => error.code)).toEqual(['AUTO_REPLY_DROPPED']);
    held.release();
    await vi.waitFor(() => expect(held.sends).toHaveLength(1 + fits));
    for (let i = 0; i < 5; i++) await turn();
    expect(held.sends).toHaveLength(1 + fits);
  });

  it('says a failure shared by every waiting reply once per burst, not once per reply', async () => {
    const errors: Failure[] = [];
    const responder = echoing({
      send: () => Promise.resolve(fail('SEND_QUEUE_FULL', { ...peer, queued: 1, limit: 1 })),
      error: (failure: Failure) => errors.push(failure),
    });
    for (let i = 0; i < 50; i++) responder.received(Uint8Array.of(i), peer, undefined);
    for (let i = 0; i < 5; i++) await turn();

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'SEND_QUEUE_FULL', params: { rule: 'Echo' } });
  });

  it('forgets a closed connection’s waiting replies, not the others’', async () => {
    const held = heldSink();
    const responder = echoing(held.sink);
    const text = (value: string) => new TextEncoder().encode(value);
    responder.received(text('first'), peer, 'c1');
    await turn(); // 'first' is being sent (held); the rest wait in the queue

    responder.received(text('gone'), peer, 'c1');
    responder.received(text('kept'), peer, 'c2');
    responder.endStream('c1');
    held.release();
    await vi.waitFor(() => expect(held.sends).toHaveLength(2));
    for (let i = 0; i < 3; i++) await turn();

    expect(held.sends.map((s) => [new TextDecoder().decode(s.bytes), s.target])).toEqual([
      ['first', { kind: 'connection', connectionId: 'c1' }],
      ['kept', { kind: 'connection', connectionId: 'c2' }],
    ]);
  });

  it('Echo sends a copy: the message given may be overwritten once received() returns', async () => {
    const held = heldSink();
    const responder = echoing(held.sink);
    const message = Uint8Array.of(1, 2, 3);

    responder.received(message, peer, undefined);
    message.fill(0);
    await turn();

    expect(held.sends[0]?.bytes).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('keeps only the rules and Echo of what it is given (framing is the session’s own now)', () => {
    const given = { rules: [], echo: true, framing: { mode: 'raw' } };
    const checked = checkAutoReply(given);
    expect(checked.ok && checked.settings).toEqual({ rules: [], echo: true });
  });

  it('does nothing while no rule is enabled and Echo is off', async () => {
    const held = heldSink();
    const responder = new AutoResponder(held.sink);
    responder.received(Uint8Array.of(1), peer, undefined);
    await turn();
    expect(held.sends).toHaveLength(0);
  });
});
