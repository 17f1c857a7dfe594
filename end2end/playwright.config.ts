import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from './chromium.cjs';

/**
 * Browser tests for papo.
 *
 * `cargo leptos end-to-end` starts the server and runs `npx playwright test`
 * here at the same time; `global-setup.ts` waits for `/healthz` before any
 * test runs. Point the tests at another server with `PAPO_URL`.
 * `instances.spec.ts` starts two more instances of its own, on a
 * throwaway PostgreSQL (`tests/cluster.ts`).
 *
 * The tests drive Debian's Chromium, launched as `chromium.cjs` says.
 */
export const baseURL = process.env.PAPO_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // One server, one database: the tests run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // The JSON report is what `make test-e2e` checks (end2end/check-report.cjs):
  // cargo leptos end-to-end can exit 0 without the tests having run.
  reporter: [['list'], ['json', { outputFile: '../target/e2e-report.json' }]],
  // A debug wasm bundle takes a few seconds to compile in the browser.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'] },
    },
  ],
});
