import { defineConfig } from '@playwright/test';

// One worker: the fixture servers listen on the extension's built-in ports, and the
// machine this runs on has two cores.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  projects: [{ name: 'chromium' }, { name: 'firefox' }],
});
