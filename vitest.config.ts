import { defineConfig } from 'vitest/config';

// Two projects: fast unit + integration tests (real loopback sockets, Python peers), then the
// end-to-end tests in real Chromium (vitest.e2e.config.ts), which build the app first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      './vitest.e2e.config.ts',
    ],
  },
});
