// Builds what `npm run web` (and later the desktop shell) runs: the renderer with Vite, then the
// Node side bundled with esbuild. Run from anywhere: paths are relative to the repository.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as bundle } from 'esbuild';
import { build as buildRenderer } from 'vite';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

if (existsSync('src/renderer/index.html')) {
  await buildRenderer({ configFile: 'vite.config.ts', logLevel: 'warn' });
} else {
  console.warn('build: src/renderer/index.html does not exist yet; skipping the renderer.');
}

/** Node bundles: dependencies stay in node_modules (`packages: 'external'`). */
const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await bundle({
  ...NODE_BUNDLE,
  entryPoints: ['src/main/web/cli.ts'],
  outfile: 'dist/main/web.js',
  format: 'esm',
});
