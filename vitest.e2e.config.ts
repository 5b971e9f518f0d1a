import { defineConfig } from 'vitest/config';

// End-to-end tests in real Chromium against the browser-mode host. globalSetup builds the app
// once (only when dist/ is older than its sources); each file launches one browser, each test
// gets its own host process and browser context.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time, each with its own Chromium; as a project beside the unit
    // tests, after them (groupOrder 1), so the browsers do not compete with them for the CPU.
    maxWorkers: 2,
    fileParallelism: true,
    sequence: { groupOrder: 1 },
  },
});
