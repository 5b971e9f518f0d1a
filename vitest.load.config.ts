import { configDefaults, defineConfig } from 'vitest/config';

const UI_LOAD_FILES = 'tests/load/ui-*.test.ts';

// `npm run test:load`: churn and many clients at once (issue 7), kept out of `npm test` because
// they take a minute or more of both cores. Two projects, one after the other so they never share
// the CPU (explicit group orders: a sequential project left at 0 would run last): the engine
// alone (`--expose-gc` lets it measure memory after a collection), then the same load through
// the browser mode in Chromium. That needs the app built, by the E2E globalSetup, which runs only
// when a file of its project is selected, so the engine file alone starts at once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'load',
          include: ['tests/load/**/*.test.ts'],
          exclude: [...configDefaults.exclude, UI_LOAD_FILES],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          execArgv: ['--expose-gc'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'load-ui',
          include: [UI_LOAD_FILES],
          environment: 'node',
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
