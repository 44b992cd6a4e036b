#!/usr/bin/env node
// The `ruche` command. It runs the TypeScript sources through tsx, so it needs no build step.
import { register } from 'tsx/esm/api';

register();
const main = new URL('../src/cli/main.ts', import.meta.url).href;
await import(main);
