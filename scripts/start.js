#!/usr/bin/env node
// `npm start`: builds the production bundle when it is missing or older than the sources, then serves
// it. Migrations run when the server starts (src/hooks.server.ts).
import path from 'node:path';
import { buildIfStale, root } from './build-if-stale.js';

buildIfStale();
process.chdir(root);
await import(path.join(root, 'scripts', 'serve.js'));
