/**
 * Builds the app once for the whole E2E run: `npm run build` when dist/ is missing or older than
 * any source it is made from, so a second run on an unchanged tree starts at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_HOST_SCRIPT = path.join(PROJECT_ROOT, 'dist/main/web.js');
const RENDERER_PAGE = path.join(PROJECT_ROOT, 'dist/renderer/index.html');

/** What the build reads: a change to any of them makes dist/ stale. */
const BUILD_INPUTS = [
  'src',
  'scripts',
  'assets',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    newest = Math.max(newest, newestChange(path.join(entry, child)));
  }
  return newest;
}

export function buildIsStale(): boolean {
  const outputs = [WEB_HOST_SCRIPT, RENDERER_PAGE];
  if (!outputs.every((file) => existsSync(file))) return true;
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const changedAt = Math.max(
    ...BUILD_INPUTS.map((entry) => newestChange(path.join(PROJECT_ROOT, entry))),
  );
  return changedAt > builtAt;
}

/** Runs `npm run build` unless dist/ is up to date; throws with the build's output if it fails. */
export function ensureBuilt(): void {
  if (process.env.NETASSIST_E2E_SKIP_BUILD === '1' || !buildIsStale()) return;
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error(
      `npm run build failed (exit ${result.status})\n${result.stdout}\n${result.stderr}`,
    );
  }
}
