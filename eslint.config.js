// ESLint flat config: typescript-eslint, plus the layer rule that keeps the four rooms apart
// (src/shared → nothing; src/renderer → shared only; the engine → no Electron, no React).
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const ELECTRON = ['electron', 'electron/*'];
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];

/** `no-restricted-imports` for one layer: the listed packages and folders are out of bounds. */
function layer(files, why, { packages = [], folders = [] }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(packages.length ? [{ group: packages, message: why }] : []),
            ...(folders.length ? [{ group: folders.map((f) => `**/${f}/**`), message: why }] : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(['src/shared/**'], 'src/shared is pure TypeScript: no Node, DOM, Electron or React.', {
    packages: [...NODE, ...ELECTRON, ...REACT, 'iconv-lite', 'ws'],
    folders: ['main', 'renderer', 'preload'],
  }),
  layer(['src/renderer/**'], 'The renderer is untrusted web code: no Electron, no Node.', {
    packages: [...NODE, ...ELECTRON, 'iconv-lite', 'ws'],
    folders: ['main', 'preload'],
  }),
  layer(
    ['src/main/engine/**', 'src/main/bridge/**', 'src/main/web/**'],
    'The engine and bridges run under plain Node: no Electron, no React.',
    { packages: [...ELECTRON, ...REACT], folders: ['renderer', 'preload', 'desktop'] },
  ),
  layer(['src/preload/**'], 'The preload is the bridge and nothing else.', {
    packages: [...REACT, 'iconv-lite', 'ws'],
    folders: ['main', 'renderer'],
  }),
);
