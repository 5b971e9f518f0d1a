// `npm start`: the desktop app. Electron's binary comes from its package's install step, which
// this repository skips (package.json `allowScripts`); if the binary is missing, one attempt is
// made to fetch it the way that step would. Where that cannot work (no access to Electron's
// downloads), the browser mode is served instead, so the README's one command works everywhere.
// Arguments are passed on: `npm start -- --port 8080`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** The Electron executable, if its binary is installed. */
function electronExecutable() {
  try {
    const executable = require('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : undefined;
  } catch {
    return undefined; // node_modules/electron/path.txt is written only by the install step
  }
}

/** Runs a build script if one of its outputs is missing (`npm start` normally builds first). */
function buildIfMissing(outputs, script) {
  if (outputs.every((file) => existsSync(file))) return;
  const built = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Runs a program in the foreground and exits with its code; Ctrl+C goes to it. */
function runInForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let electron = electronExecutable();
if (!electron) {
  // One attempt, quietly: its stack trace would bury the one line that matters.
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore' });
  electron = electronExecutable();
}

if (electron) {
  buildIfMissing(['dist/renderer/index.html'], 'scripts/build.mjs');
  buildIfMissing(['dist/main/desktop.cjs', 'dist/preload/index.cjs'], 'scripts/build-desktop.mjs');
  // Set by some tools; it would make Electron behave as plain Node and ignore the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runInForeground(electron, ['.', ...args], env);
} else {
  console.log(
    "Electron's binary is not installed and cannot be downloaded here; serving the browser mode instead.",
  );
  buildIfMissing(['dist/main/web.js', 'dist/renderer/index.html'], 'scripts/build.mjs');
  runInForeground(process.execPath, ['dist/main/web.js', ...args]);
}
