// Journeys run two files at a time: each file starts its own production server, database and browser,
// and a journey mostly waits on them, so two side by side on two cores take two thirds of the time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    // On PostgreSQL each journey's database is a copy of one migrated once for the run.
    globalSetup: ['tests/setup/global.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
});
