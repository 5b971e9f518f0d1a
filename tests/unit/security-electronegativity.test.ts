/**
 * scripts/electronegativity.mjs (run by `npm test` over src) must be able to fail: over a
 * fixture whose window gives the page Node and no context isolation, it exits non-zero and names
 * the findings; a finding suppressed with `eng-disable` on its line is not counted.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = 'scripts/electronegativity.mjs';

function scan(folder: string) {
  const run = spawnSync(process.execPath, [SCRIPT, folder], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('electronegativity in CI', () => {
  let unsafe: ReturnType<typeof scan>;
  beforeAll(() => {
    unsafe = scan('tests/fixtures/unsafe-electron-app');
  }, 60_000);

  it('fails on a window with nodeIntegration on and contextIsolation off', () => {
    const { status, output } = unsafe;

    expect(status).toBe(1);
    expect(output).toMatch(/HIGH +CONTEXT_ISOLATION_JS_CHECK +\S*unsafe-electron-app\/main\.js:10/);
    expect(output).toMatch(/MEDIUM +SANDBOX_JS_CHECK +\S*unsafe-electron-app\/main\.js:7/);
    expect(output).toMatch(/HIGH +LIMIT_NAVIGATION_GLOBAL_CHECK/);
    expect(output).toMatch(/[1-9]\d* HIGH or MEDIUM, \d+ lower, 0 files unread/);
  });

  it('does not count a finding suppressed with eng-disable on its line', () => {
    expect(unsafe.output).not.toContain('OPEN_EXTERNAL_JS_CHECK');
  });

  it('fails when the folder to scan does not exist, rather than passing on nothing', () => {
    const { status, output } = scan('tests/fixtures/no-such-app');

    expect(status).toBe(1);
    expect(output).toContain('does not exist');
  });
});
