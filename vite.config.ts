import os from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  server: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, idle half
    // the time while a test waits for the disk, PostgreSQL or a child process. One per core, at least two.
    maxWorkers: Math.max(2, os.availableParallelism())
  }
});
