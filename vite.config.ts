import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one page, built to dist/renderer and served by the browser-mode host (and,
// later, loaded from disk by the Electron shell — hence the relative base).
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../../dist/renderer', emptyOutDir: true, sourcemap: true },
});
