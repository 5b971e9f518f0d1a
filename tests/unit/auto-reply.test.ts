import { describe, expect, it } from 'vitest';
import type { AutoReplyRule } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { CompiledRule } from '../../src/main/engine/auto-reply';
import { compileRule, replyFor } from '../../src/main/engine/auto-reply';

const text = (value: string) => new TextEncoder().encode(value);

function rule(fields: Partial<AutoReplyRule>): AutoReplyRule {
  return {
    id: 'r',
    name: 'Rule',
    enabled: true,
    match: 'contains',
    pattern: '',
    patternFormat: 'text',
    encoding: 'utf-8',
    reply: 'ok',
    replyOptions: DEFAULT_SEND_OPTIONS,
    ...fields,
  };
}

function compiled(...rules: AutoReplyRule[]): CompiledRule[] {
  return rules.map((r) => {
    const result = compileRule(r);
    if (!result.ok) throw new Error(result.message);
    return result.rule;
  });
}

describe('auto-reply rules', () => {
  it('matches text exactly, by prefix and by substring', () => {
    const rules = compiled(
      rule({ id: 'exact', match: 'exact', pattern: 'ping', reply: 'pong' }),
      rule({ id: 'prefix', match: 'starts-with', pattern: 'GET ', reply: 'HTTP/1.0 200 OK' }),
      rule({ id: 'inside', match: 'contains', pattern: 'hello', reply: 'hi' }),
    );
    expect(replyFor(rules, text('ping'))?.rule.id).toBe('exact');
    expect(replyFor(rules, text('ping!'))).toBeUndefined();
    expect(replyFor(rules, text('GET /index'))?.data).toBe('HTTP/1.0 200 OK');
    expect(replyFor(rules, text('say hello world'))?.data).toBe('hi');
  });

  it('fills regular-expression groups into the reply: $1, $<name>, $&, $$', () => {
    const [r] = compiled(
      rule({
        match: 'regex',
        pattern: 'temp=(\\d+)(?<unit>[CF])',
        reply: 'got $1 $<unit> ($&) $$5 $9',
      }),
    );
    expect(replyFor([r!], text('temp=21C'))?.data).toBe('got 21 C (temp=21C) $5 $9');
  });

  it('reads the message in the rule’s encoding (GBK here)', () => {
    const gbkHello = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]); // 你好
    const [r] = compiled(rule({ match: 'exact', pattern: '你好', encoding: 'gbk', reply: '收到' }));
    expect(replyFor([r!], gbkHello)?.data).toBe('收到');
  });

  it('matches bytes given as hex', () => {
    const rules = compiled(
      rule({
        id: 'modbus',
        match: 'starts-with',
        pattern: '01 03',
        patternFormat: 'hex',
        reply: '01 03 02 00 2A',
      }),
    );
    expect(replyFor(rules, new Uint8Array([1, 3, 0, 0, 0, 1]))?.rule.id).toBe('modbus');
    expect(replyFor(rules, new Uint8Array([1, 6]))).toBeUndefined();
  });

  it('skips disabled rules; the first enabled match answers', () => {
    const rules = compiled(
      rule({ id: 'off', enabled: false, pattern: 'a' }),
      rule({ id: 'first', pattern: 'a' }),
      rule({ id: 'second', pattern: 'a' }),
    );
    expect(replyFor(rules, text('a'))?.rule.id).toBe('first');
  });

  it('refuses a broken regular expression and a hex regex with a clear error', () => {
    const broken = compileRule(rule({ match: 'regex', pattern: '(unclosed' }));
    expect(broken).toMatchObject({
      ok: false,
      code: 'INVALID_PATTERN',
      params: { pattern: '(unclosed' },
    });
    const hexRegex = compileRule(rule({ match: 'regex', pattern: '01', patternFormat: 'hex' }));
    expect(hexRegex).toMatchObject({ ok: false, code: 'INVALID_PATTERN' });
    const badHex = compileRule(rule({ pattern: '0G', patternFormat: 'hex' }));
    expect(badHex).toMatchObject({ ok: false, code: 'INVALID_HEX' });
  });
});
