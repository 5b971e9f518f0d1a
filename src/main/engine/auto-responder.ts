/**
 * Auto-reply and Echo for one session: each received chunk is cut into messages by the framing
 * (one splitter per stream: a TCP connection, or a UDP peer), and each message is echoed back or
 * answered by the first enabled rule that matches.
 *
 * Replies are queued and sent from a later turn of the event loop, never from inside the receive
 * callback: two sessions echoing each other then take turns with everything else instead of
 * recursing, and a queue that grows beyond MAX_PENDING_REPLIES drops the newest replies (once
 * said in an error) rather than memory.
 */
import type {
  Address,
  AutoReplySettings,
  AutoSource,
  Failure,
  Result,
  SendTarget,
} from '../../shared/contract';
import type { ByteFraming } from '../../shared/codec/framing';
import { FrameSplitter, toByteFraming } from '../../shared/codec/framing';
import { fail } from '../../shared/errors';
import type { CompiledRule } from './auto-reply';
import { compileRule, replyFor } from './auto-reply';
import { MAX_FRAMED_STREAMS, MAX_PENDING_REPLIES } from './constants';
import { buildPayload } from './payload';
import type { SendResult } from './transport';

export const DEFAULT_AUTO_REPLY: AutoReplySettings = {
  rules: [],
  echo: false,
  framing: { mode: 'raw' },
};

/** Replies sent in one go before the queue lets the event loop run other work. */
const REPLIES_PER_TURN = 64;

export interface AutoReplySink {
  /** Sends through the session's normal path (counted, logged as tx marked `auto`). */
  send(bytes: Uint8Array, target: SendTarget | undefined, auto: AutoSource): Promise<SendResult>;
  /** A reply that could not be built or sent, or replies being dropped. */
  error(failure: Failure): void;
}

interface Reply {
  bytes: Uint8Array;
  target: SendTarget | undefined;
  auto: AutoSource;
  /** The TCP connection it answers (its replies are dropped when it closes). */
  connectionId?: string;
}

interface Checked {
  settings: AutoReplySettings;
  rules: CompiledRule[];
  framing: ByteFraming | undefined;
}

/** Checks every rule and the framing: the first problem (INVALID_PATTERN, INVALID_HEX, …). */
export function checkAutoReply(settings: AutoReplySettings): Result<Checked> {
  const rules: CompiledRule[] = [];
  for (const rule of settings.rules) {
    const compiled = compileRule(rule);
    if (!compiled.ok) return compiled;
    rules.push(compiled.rule);
  }
  const framing = toByteFraming(settings.framing);
  if (!framing.ok) return framing;
  return { ok: true, settings, rules, framing: framing.framing };
}

export class AutoResponder {
  private checked: Checked = { settings: DEFAULT_AUTO_REPLY, rules: [], framing: undefined };
  private readonly streams = new Map<string, FrameSplitter>();
  private queue: Reply[] = [];
  private draining = false;
  private dropping = false;

  constructor(private readonly sink: AutoReplySink) {}

  get settings(): AutoReplySettings {
    return this.checked.settings;
  }

  /** Replaces the settings (already checked); partial messages of the old framing are dropped. */
  set(checked: Checked) {
    this.checked = checked;
    this.streams.clear();
  }

  private get active() {
    return this.checked.settings.echo || this.checked.rules.some(({ rule }) => rule.enabled);
  }

  /** A chunk arrived (`bytes` may be the log's copy: replies take their own). */
  received(bytes: Uint8Array, peer: Address, connectionId: string | undefined) {
    if (!this.active) return;
    const target: SendTarget = connectionId
      ? { kind: 'connection', connectionId }
      : { kind: 'address', host: peer.host, port: peer.port };
    const { framing } = this.checked;
    if (!framing) {
      this.answer(bytes.slice(), target, connectionId);
      return;
    }
    const splitter = this.splitterOf(connectionId ?? `${peer.host}|${peer.port}`, framing);
    for (const message of splitter.push(bytes)) this.answer(message, target, connectionId);
  }

  /** The connection closed: its partial message and its waiting replies go. */
  endStream(connectionId: string) {
    this.streams.delete(connectionId);
    this.queue = this.queue.filter((reply) => reply.connectionId !== connectionId);
  }

  /** The session closed: nothing waiting can be sent any more. */
  reset() {
    this.streams.clear();
    this.queue = [];
  }

  private splitterOf(key: string, framing: ByteFraming): FrameSplitter {
    let splitter = this.streams.get(key);
    if (splitter) {
      // Most recently heard last, so the cap below forgets the peers that went quiet.
      this.streams.delete(key);
    } else {
      splitter = new FrameSplitter(framing);
      if (this.streams.size >= MAX_FRAMED_STREAMS) {
        const oldest = this.streams.keys().next().value;
        if (oldest !== undefined) this.streams.delete(oldest);
      }
    }
    this.streams.set(key, splitter);
    return splitter;
  }

  private answer(message: Uint8Array, target: SendTarget, connectionId: string | undefined) {
    const reply = this.replyTo(message);
    if (!reply) return;
    if (this.queue.length >= MAX_PENDING_REPLIES) {
      if (!this.dropping) {
        this.dropping = true;
        this.sink.error(
          fail('SOCKET_ERROR', { errno: 'ENOBUFS', syscall: 'auto-reply (replies dropped)' }),
        );
      }
      return;
    }
    this.queue.push({ ...reply, target, ...(connectionId ? { connectionId } : {}) });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  private replyTo(message: Uint8Array): Pick<Reply, 'bytes' | 'auto'> | undefined {
    if (this.checked.settings.echo) return { bytes: message, auto: { kind: 'echo' } };
    const matched = replyFor(this.checked.rules, message);
    if (!matched) return undefined;
    const { rule } = matched;
    const auto: AutoSource = { kind: 'rule', ruleId: rule.id, name: rule.name };
    const payload = buildPayload(matched.data, rule.replyOptions);
    if (!payload.ok) {
      this.sink.error(namingRule(payload, rule.name));
      return undefined;
    }
    return { bytes: payload.bytes, auto };
  }

  private async drain() {
    let sent = 0;
    for (let reply = this.queue.shift(); reply; reply = this.queue.shift()) {
      const result = await this.sink.send(reply.bytes, reply.target, reply.auto);
      if (!result.ok) {
        this.sink.error(namingRule(result, reply.auto.kind === 'echo' ? 'Echo' : reply.auto.name));
      }
      if (++sent % REPLIES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.draining = false;
    this.dropping = false;
  }
}

/** The failure, saying which rule's reply it was (`params.rule`). */
function namingRule(failure: Failure, rule: string): Failure {
  return {
    ...failure,
    message: `Auto-reply "${rule}": ${failure.message}`,
    params: { ...failure.params, rule },
  };
}
