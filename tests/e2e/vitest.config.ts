// Journeys run one file at a time: each file starts its own production server and browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // On PostgreSQL each journey's database is a copy of one migrated once for the run.
    globalSetup: ['tests/setup/global.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
});
