import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node. Browser (Playwright) specs live in test/e2e and are run by
// scripts/test.mjs through @playwright/test, not by vitest.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
