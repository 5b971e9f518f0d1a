// CI (issue 7): electronegativity over the Electron app's source, failing on any HIGH or MEDIUM
// finding. Usage: `node scripts/electronegativity.mjs [folder]` (default: src, so its global
// checks — CSP, navigation limits, permission handler — see the shell, preload and page together).
//
// Why not its command line: it always exits 0, its CSV writer starts the header and the rows as
// two racing writes (the first row comes out clobbered), and its SARIF has no severity. Its
// runner, called here, returns each finding with its severity, and the files it could not parse
// (a file it cannot read is a file not checked: that fails too).
//
// Offline: the runner asks a web server for translations at every start and one check downloads
// Electron's release list. `got` (its only HTTP client) is replaced by an offline stand-in, and
// that check is left out: it is about the Electron version, which `npm audit` and updates cover.
// A false positive is suppressed where it is found, with `// eng-disable CHECK_NAME` on that line
// and the reason beside it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const FAILING = new Set(['HIGH', 'MEDIUM']);
const NEEDS_NETWORK = ['AvailableSecurityFixesGlobalCheck'];

const input = path.resolve(process.argv[2] ?? 'src');
if (!existsSync(input)) {
  console.error(`electronegativity: ${input} does not exist`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const runnerPath = require.resolve('@doyensec/electronegativity');
keepOffline(createRequire(runnerPath));
const run = require(runnerPath);

const result = await run({
  input,
  electronVersionOverride: installedElectronVersion(),
  excludeFromScan: NEEDS_NETWORK,
  isRelative: true,
});

const where = (file) =>
  file === 'N/A' ? '(whole app)' : path.join(path.relative('.', input), file);
const failing = result.issues.filter((issue) => FAILING.has(issue.severity.name));
for (const issue of result.issues) {
  const line = issue.location?.line ? `:${issue.location.line}` : '';
  console.log(
    `${issue.severity.name.padEnd(13)} ${issue.id}  ${where(issue.file)}${line}  ${issue.description}`,
  );
  if (issue.sample) console.log(`${' '.repeat(14)}${String(issue.sample).trim().slice(0, 160)}`);
}
const unread = result.errors.filter((error) => !error.tolerable);
for (const error of result.errors) {
  console.log(
    `${error.tolerable ? 'parse warning' : 'UNREAD'.padEnd(13)} ${error.file}: ${error.message}`,
  );
}
console.log(
  `electronegativity: ${result.atomicChecks + result.globalChecks} checks over ${path.relative('.', input) || '.'}: ` +
    `${failing.length} HIGH or MEDIUM, ${result.issues.length - failing.length} lower, ${unread.length} files unread`,
);
process.exit(failing.length > 0 || unread.length > 0 ? 1 : 0);

/** Answers every request of electronegativity's HTTP client with a 404, without a socket. */
function keepOffline(requireFromRunner) {
  const gotPath = requireFromRunner.resolve('got');
  const offline = () => Promise.resolve({ statusCode: 404, body: '' });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
}

/** The installed Electron's version, so version-dependent checks judge the defaults in force. */
function installedElectronVersion() {
  return require('electron/package.json').version;
}
