/**
 * No command lets the page name a file: where a file is read or written is the user's pick in a
 * dialog (desktop) or the browser's download/upload (browser mode). Every command's schema is
 * strict, so a `path`-like field smuggled in anywhere — at the top or inside config, options,
 * target, rules, framing or filter — is INVALID_REQUEST before the engine sees it; and no
 * schema has such a field to begin with. Both bridges check with these schemas (the IPC and
 * WebSocket tests send the same smuggled fields through them).
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CommandName } from '../../src/shared/contract';
import { COMMAND_NAMES } from '../../src/shared/contract';
import { COMMAND_SCHEMAS, parseCommand } from '../../src/main/bridge/command-schemas';
import { SMUGGLED_FIELDS, VALID_REQUESTS } from '../fixtures/valid-requests';

/** Field names no command may ever have, smuggled or declared. */
const PATH_LIKE = /path|file|^dir$|directory|folder|destination|^source$|^url$/i;

type Key = string | number;

/** Where each object inside a request sits ([] is the request itself). */
function objectsIn(value: unknown, at: Key[] = []): Key[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectsIn(item, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return [at, ...Object.entries(value).flatMap(([key, inner]) => objectsIn(inner, [...at, key]))];
}

/** A copy of `request` with `name: value` added to the object at `at`. */
function withField(request: unknown, at: Key[], name: string, value: string): unknown {
  const copy = structuredClone(request) as Record<Key, unknown>;
  let target: Record<Key, unknown> = copy;
  for (const key of at) target = target[key] as Record<Key, unknown>;
  target[name] = value;
  return copy;
}

/** Every field name a schema accepts, at any depth (objects, unions, optionals, arrays). */
function fieldNames(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = (key: string) => (def[key] ? fieldNames(def[key] as z.ZodType) : []);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.entries(shape).flatMap(([name, field]) => [name, ...fieldNames(field)]);
    }
    case 'union':
      return (def.options as z.ZodType[]).flatMap(fieldNames);
    case 'array':
      return inner('element');
    case 'optional':
    case 'nullable':
    case 'default':
      return inner('innerType');
    default:
      return [];
  }
}

function refusal(command: CommandName, request: unknown) {
  const result = parseCommand({ command, request });
  if (result.ok) return undefined;
  return { code: result.code, detail: String(result.params.detail) };
}

describe('no command takes a file path from the page', () => {
  it.each(COMMAND_NAMES)('%s: its valid request is taken (so the refusals below are real)', (c) => {
    expect(refusal(c, VALID_REQUESTS[c])).toBeUndefined();
  });

  it.each(COMMAND_NAMES)('%s: a path-like field anywhere in it is INVALID_REQUEST', (command) => {
    const request = VALID_REQUESTS[command];
    const places = objectsIn(request);
    expect(places.length).toBeGreaterThan(0);
    for (const at of places) {
      for (const name of SMUGGLED_FIELDS) {
        const smuggled = withField(request, at, name, '/etc/passwd');
        const where = ['request', ...at.map(String)].join('.');
        expect(refusal(command, smuggled), `${where}.${name}`).toEqual({
          code: 'INVALID_REQUEST',
          detail: expect.stringContaining(`"${name}"`),
        });
      }
    }
  });

  it('reaches inside every kind of nested object the contract has', () => {
    const places = COMMAND_NAMES.flatMap((c) =>
      objectsIn(VALID_REQUESTS[c]).map((at) => `${c}.${at.join('.')}`),
    );
    for (const nested of [
      'open.config',
      'send.options',
      'send.target',
      'setAutoReply.rules.0',
      'setAutoReply.rules.0.replyOptions',
      'setFraming.framing',
      'exportLog.filter',
      'findInLog.filter',
    ]) {
      expect(places).toContain(nested);
    }
  });

  it('has no schema with a field named like a path, a file, a folder or a URL', () => {
    const offending = COMMAND_NAMES.flatMap((command) =>
      fieldNames(COMMAND_SCHEMAS[command])
        .filter((name) => PATH_LIKE.test(name))
        .map((name) => `${command}.${name}`),
    );
    expect(fieldNames(COMMAND_SCHEMAS.open)).toContain('remoteHost');
    expect(fieldNames(COMMAND_SCHEMAS.setAutoReply)).toContain('replyOptions');
    expect(offending).toEqual([]);
  });
});
