#!/usr/bin/env node
// `npm run bench`: the data generator and load scenarios of bench/ (see bench/README.md). Like the
// `ruche` command, it runs the TypeScript sources through tsx, so it needs no build step of its own.
import { register } from 'tsx/esm/api';

register();
const main = new URL('../bench/run.ts', import.meta.url).href;
await import(main);
