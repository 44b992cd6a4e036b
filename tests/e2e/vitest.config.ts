// Journeys run one file at a time: each file starts its own production server and browser. Two at a
// time took two thirds of the time on two cores, but the journeys that wait for something live (a
// notification within 10 s) then timed out now and then: not worth a CI run that fails by chance.
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
