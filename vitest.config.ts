import { defineConfig } from 'vitest/config'

// One suite for the whole repo: unit tests beside the code, cross-package tests in tests/.
// Database tests run on the embedded PostGIS and, when TEST_DATABASE_URL is set, on a real server too.
export default defineConfig({
  test: {
    include: ['{db,geodata,api,web,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
})
