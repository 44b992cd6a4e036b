#!/usr/bin/env node
// Serves the production build with Ruche's defaults for adapter-node's settings. `npm start` and the
// browser journeys both come through here, so they run the server the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// adapter-node would otherwise guess https; the public URL defaults as in the README.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT ?? 3000}`;
// Request bodies up to 10 MB (adapter-node's own default is 512 kB): a phone photo as an avatar or a
// logo fits; each kind of upload then applies its own, smaller limit.
process.env.BODY_SIZE_LIMIT ??= String(10 * 1024 * 1024);
await import(path.join(root, 'build', 'index.js'));
