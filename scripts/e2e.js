#!/usr/bin/env node
// `npm run test:e2e`: the browser journeys in tests/e2e against the production build, which is built
// first when stale. Extra arguments go to Vitest (a file name filters the journeys).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfStale, root } from './build-if-stale.js';

buildIfStale();
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' }
);
process.exit(result.status ?? 1);
