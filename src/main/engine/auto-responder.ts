/**
 * Auto-reply and Echo for one session: each received message (a chunk as it came, or a frame
 * when the session's framing cuts them: see rx-framer.ts) is echoed back or answered by the
 * first enabled rule that matches.
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
import { fail } from '../../shared/errors';
import type { CompiledRule } from './auto-reply';
import { compileRule, replyFor } from './auto-reply';
import { MAX_PENDING_REPLIES, MAX_PENDING_REPLY_BYTES } from './constants';
import { buildPayload } from './payload';
import type { SendResult } from './transport';

export const DEFAULT_AUTO_REPLY: AutoReplySettings = { rules: [], echo: false };

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
}

/** Checks every rule: the first problem (INVALID_PATTERN, INVALID_HEX, …). */
export function checkAutoReply(settings: AutoReplySettings): Result<Checked> {
  const rules: CompiledRule[] = [];
  for (const rule of settings.rules) {
    const compiled = compileRule(rule);
    if (!compiled.ok) return compiled;
    rules.push(compiled.rule);
  }
  // Only the fields the contract knows: a caller's extra ones would show up in snapshots.
  return { ok: true, settings: { rules: settings.rules, echo: settings.echo }, rules };
}

export class AutoResponder {
  private checked: Checked = { settings: DEFAULT_AUTO_REPLY, rules: [] };
  private queue: Reply[] = [];
  /** Bytes of the replies in `queue`: an Echo of large chunks is bounded by bytes too. */
  private queuedBytes = 0;
  private draining = false;
  private dropping = false;

  constructor(private readonly sink: AutoReplySink) {}

  get settings(): AutoReplySettings {
    return this.checked.settings;
  }

  /** Replaces the settings (already checked). */
  set(checked: Checked) {
    this.checked = checked;
  }

  private get active() {
    return this.checked.settings.echo || this.checked.rules.some(({ rule }) => rule.enabled);
  }

  /**
   * A message arrived. `message` is the log's copy, which the log may re-use once the entry is
   * evicted: an Echo takes its own copy before it waits in the queue.
   */
  received(message: Uint8Array, peer: Address, connectionId: string | undefined) {
    if (!this.active) return;
    const target: SendTarget = connectionId
      ? { kind: 'connection', connectionId }
      : { kind: 'address', host: peer.host, port: peer.port };
    const reply = this.replyTo(message);
    if (!reply) return;
    if (
      this.queue.length >= MAX_PENDING_REPLIES ||
      (this.queue.length > 0 && this.queuedBytes + reply.bytes.length > MAX_PENDING_REPLY_BYTES)
    ) {
      if (!this.dropping) {
        this.dropping = true;
        this.sink.error(
          fail('AUTO_REPLY_DROPPED', {
            max: MAX_PENDING_REPLIES,
            maxBytes: MAX_PENDING_REPLY_BYTES,
          }),
        );
      }
      return;
    }
    this.queuedBytes += reply.bytes.length;
    this.queue.push({ ...reply, target, ...(connectionId ? { connectionId } : {}) });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  /** The connection closed: its waiting replies go. */
  endStream(connectionId: string) {
    this.queue = this.queue.filter((reply) => reply.connectionId !== connectionId);
    this.queuedBytes = this.queue.reduce((sum, reply) => sum + reply.bytes.length, 0);
  }

  /** The session closed: nothing waiting can be sent any more. */
  reset() {
    this.queue = [];
    this.queuedBytes = 0;
  }

  private replyTo(message: Uint8Array): Pick<Reply, 'bytes' | 'auto'> | undefined {
    if (this.checked.settings.echo) return { bytes: message.slice(), auto: { kind: 'echo' } };
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
    // Replies queued behind one problem (a peer not reading, a closed socket) all fail alike:
    // the user hears of each kind once per burst, not once per reply.
    const told = new Set<string>();
    for (let reply = this.queue.shift(); reply; reply = this.queue.shift()) {
      this.queuedBytes -= reply.bytes.length;
      const result = await this.sink.send(reply.bytes, reply.target, reply.auto);
      const rule = reply.auto.kind === 'echo' ? 'Echo' : reply.auto.name;
      if (!result.ok && !told.has(`${result.code}/${rule}`)) {
        told.add(`${result.code}/${rule}`);
        this.sink.error(namingRule(result, rule));
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
