#!/usr/bin/env node
// Serves the production build with Ruche's defaults for adapter-node's settings. `npm start` and the
// browser journeys both come through here, so they run the server the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// adapter-node would otherwise guess https; the public URL defaults as in the README.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT ?? 3000}`;
// Request bodies (adapter-node's own default is 512 kB) large enough for a publication carrying three
// files of the largest size allowed (UPLOAD_MAX_MB, 10 MB by default), and never under 10 MB so a
// phone photo fits as an avatar or a logo; each kind of upload then applies its own limit per file.
const uploadMb = Number(process.env.UPLOAD_MAX_MB) > 0 ? Number(process.env.UPLOAD_MAX_MB) : 10;
process.env.BODY_SIZE_LIMIT ??= String(Math.ceil(Math.max(10, uploadMb * 3 + 1) * 1024 * 1024));
// Idle keep-alive connections stay open 65 s (Node's default is 5 s): longer than a reverse proxy's
// usual idle timeout, so the server never closes a connection at the moment a client reuses it.
process.env.KEEP_ALIVE_TIMEOUT ??= '65';
process.env.HEADERS_TIMEOUT ??= '66';
await import(path.join(root, 'build', 'index.js'));
