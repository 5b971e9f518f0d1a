import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/shared/codec/base64';
import {
  decodeFrame,
  encodeEvents,
  encodeFrame,
  eventsFrameText,
  type EventsFrame,
} from '../../src/shared/wire';

const dataEvent = (bytes: Uint8Array) => ({
  type: 'data' as const,
  sessionId: 's1',
  at: 1,
  seq: 1,
  direction: 'rx' as const,
  peer: { host: '127.0.0.1', port: 9 },
  bytes,
});

describe('wire frames', () => {
  it('carries a Node Buffer as base64, not as Buffer#toJSON', () => {
    const bytes = Buffer.from([0, 1, 0xfe, 0xff]);
    const text = encodeFrame({ kind: 'events', events: [dataEvent(bytes)] } as EventsFrame);
    expect(text).toContain('{"$bytes":"AAH+/w=="}');
    expect(text).not.toContain('"type":"Buffer"');
    const frame = decodeFrame(text) as EventsFrame;
    const event = frame.events[0];
    expect(event?.type === 'data' && [...event.bytes]).toEqual([0, 1, 0xfe, 0xff]);
  });

  it('uses the given base64 encoder', () => {
    const text = encodeFrame(
      { kind: 'events', events: [dataEvent(new Uint8Array([1]))] } as EventsFrame,
      () => 'AQ==',
    );
    expect(text).toContain('"AQ=="');
  });
});

describe('events frames and acknowledgements', () => {
  it('builds the same frame from events encoded once, for any batch number', () => {
    const events = [dataEvent(Buffer.from('你好')), dataEvent(new Uint8Array([0, 255]))];
    const shared = encodeEvents(events);

    const frame = eventsFrameText(42, shared);

    expect(decodeFrame(frame)).toEqual(
      decodeFrame(encodeFrame({ kind: 'events', batch: 42, events })),
    );
    expect(JSON.parse(frame)).toMatchObject({ kind: 'events', batch: 42 });
  });

  it('carries an acknowledgement as a small JSON frame', () => {
    expect(encodeFrame({ kind: 'ack', batch: 7 })).toBe('{"kind":"ack","batch":7}');
  });
});

describe('base64', () => {
  it('matches Node for every length mod 3 and random content', () => {
    for (let length = 0; length < 64; length++) {
      const bytes = randomBytes(length);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(bytes.toString('base64'));
      expect(Buffer.from(decodeBase64(encoded))).toEqual(bytes);
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => decodeBase64('AB$=')).toThrow(/Invalid base64/);
  });
});
