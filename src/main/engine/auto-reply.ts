/**
 * Auto-reply rules: match an incoming message (as text in the rule's encoding, or as bytes) and
 * answer it. The first enabled rule that matches answers; a regular expression's groups can be
 * used in the reply as `$1`, `$<name>` or `$&`. Matching runs in the engine, next to the socket,
 * so a reply does not wait for the page.
 */
import type { AutoReplyRule, Failure, MatchKind } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { parseHex } from '../../shared/codec/hex';
import { decodeInEngine } from './text-decoder';

/** A rule ready to match: its pattern parsed once. */
export interface CompiledRule {
  rule: AutoReplyRule;
  test: (message: Uint8Array) => RegExpExecArray | boolean;
}

export type CompiledResult = { ok: true; rule: CompiledRule } | Failure;

export function compileRule(rule: AutoReplyRule): CompiledResult {
  if (rule.patternFormat === 'hex') {
    if (rule.match === 'regex') {
      return fail('INVALID_PATTERN', {
        pattern: rule.pattern,
        detail: 'a hex pattern cannot be a regular expression',
      });
    }
    const parsed = parseHex(rule.pattern);
    if (!parsed.ok) return parsed;
    const wanted = parsed.bytes;
    return { ok: true, rule: { rule, test: (message) => matchBytes(rule.match, message, wanted) } };
  }
  if (rule.match === 'regex') {
    let regex: RegExp;
    try {
      regex = new RegExp(rule.pattern, 'u');
    } catch (error) {
      return fail('INVALID_PATTERN', { pattern: rule.pattern, detail: (error as Error).message });
    }
    const test = (message: Uint8Array) =>
      regex.exec(decodeInEngine(message, rule.encoding)) ?? false;
    return { ok: true, rule: { rule, test } };
  }
  const kind = rule.match;
  const test = (message: Uint8Array) =>
    matchText(kind, decodeInEngine(message, rule.encoding), rule.pattern);
  return { ok: true, rule: { rule, test } };
}

/** The reply to `message`: the first enabled rule that matches, its groups filled in. */
export function replyFor(
  rules: readonly CompiledRule[],
  message: Uint8Array,
): { rule: AutoReplyRule; data: string } | undefined {
  for (const compiled of rules) {
    if (!compiled.rule.enabled) continue;
    const matched = compiled.test(message);
    if (!matched) continue;
    const data = matched === true ? compiled.rule.reply : fillGroups(compiled.rule.reply, matched);
    return { rule: compiled.rule, data };
  }
  return undefined;
}

function matchText(kind: Exclude<MatchKind, 'regex'>, text: string, pattern: string) {
  if (kind === 'exact') return text === pattern;
  if (kind === 'starts-with') return text.startsWith(pattern);
  return text.includes(pattern);
}

function matchBytes(kind: MatchKind, message: Uint8Array, wanted: Uint8Array) {
  if (kind === 'exact') {
    return message.length === wanted.length && startsWith(message, wanted, 0);
  }
  if (kind === 'starts-with') return startsWith(message, wanted, 0);
  for (let i = 0; i + wanted.length <= message.length; i++) {
    if (startsWith(message, wanted, i)) return true;
  }
  return false;
}

function startsWith(message: Uint8Array, wanted: Uint8Array, at: number) {
  if (at + wanted.length > message.length) return false;
  for (let i = 0; i < wanted.length; i++) if (message[at + i] !== wanted[i]) return false;
  return true;
}

/** `$1`…`$99`, `$<name>`, `$&` and `$$`, as String.prototype.replace reads them. */
function fillGroups(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(\$|&|<([^>]*)>|(\d{1,2}))/g,
    (whole, token: string, name?: string, digits?: string) => {
      if (token === '$') return '$';
      if (token === '&') return match[0];
      if (name !== undefined) return match.groups?.[name] ?? '';
      const index = Number(digits);
      return index < match.length ? (match[index] ?? '') : whole;
    },
  );
}
