import { defineConfig } from 'vitest/config';

// `npm run test:load`: churn and many clients at once (issue 7), kept out of `npm test` because
// they take a minute of both cores. `--expose-gc` lets them measure memory after a collection.
export default defineConfig({
  test: {
    name: 'load',
    include: ['tests/load/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    execArgv: ['--expose-gc'],
  },
});
