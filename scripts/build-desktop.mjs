// Builds the desktop shell: the main process and the preload, each into ONE CommonJS file.
// Everything but `electron` is bundled in, so the installers carry no node_modules, and the
// sandboxed preload (which can `require` only `electron`) has nothing else to load.
// The renderer comes from `npm run build` (dist/renderer); run that first.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const COMMON = {
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...COMMON,
    entryPoints: ['src/main/desktop/main.ts'],
    outfile: 'dist/main/desktop.cjs',
    platform: 'node',
    // Electron 41 runs Node 24; node20 is what this repository's tools target.
    target: 'node20',
  }),
  build({
    ...COMMON,
    entryPoints: ['src/preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    // A sandboxed preload is a browser context with a small `require`, not Node.
    platform: 'browser',
    target: 'chrome130',
  }),
]);
