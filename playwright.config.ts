import { defineConfig } from '@playwright/test';

/**
 * Browser specs. `host` runs the real renderer in Debian's Chromium through the test host
 * (test/host) against the real core and the simulator. `electron` runs the packaged app where an
 * Electron binary exists and skips, saying why, where it does not.
 * Specs launch Chromium themselves (see test/e2e/fixtures) because each needs its own fake
 * microphone file; never run `npx playwright install` — the browser is /usr/bin/chromium.
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: 'test-results/playwright',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  projects: [
    { name: 'host', testMatch: /(host|renderer)\/.*\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts$/ },
  ],
});
