// One HTTP(S) GET for the preview fetcher, pinned to addresses that were already vetted, so a DNS answer
// that changes between the check and the connection (DNS rebinding) cannot send us elsewhere.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';

export type VettedTarget = { url: URL; addresses: LookupAddress[] };

export type Answer =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; mediaType: string; charset: string | null; body: Buffer }
  | { kind: 'unreadable' };

export const userAgent = 'RucheBot/1.0 (+link preview)';
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * GETs the target, connecting only to its vetted addresses; the Host header and TLS server name stay the
 * hostname. Reads at most `maxBytes` of the (decompressed) body. Rejects on network errors and on abort.
 */
export function getOnce(target: VettedTarget, signal: AbortSignal, maxBytes: number): Promise<Answer> {
  const { url } = target;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const options: https.RequestOptions = {
    host,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: {
      accept: 'text/html,application/xhtml+xml;q=0.9',
      'accept-encoding': 'identity',
      'user-agent': userAgent
    },
    lookup: pinnedLookup(target.addresses),
    // No pooled sockets: a kept-alive connection would escape the per-request pinning.
    agent: false,
    signal,
    ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {})
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(options, (response) => {
      answer(response, signal, maxBytes).then(resolve, reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** A lookup that answers with the vetted addresses whatever DNS would say now. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error('no vetted address'), { code: 'ENOTFOUND' }), '');
  };
}

async function answer(response: IncomingMessage, signal: AbortSignal, maxBytes: number): Promise<Answer> {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (redirectStatuses.has(status) && location) return discard(response, { kind: 'redirect', location });
  if (status < 200 || status > 299) return discard(response, { kind: 'unreadable' });
  const [mediaType = '', ...parameters] = (response.headers['content-type'] ?? '').split(';');
  const body = decoded(response);
  if (!body) return discard(response, { kind: 'unreadable' });
  const charset = parameters.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)/i.exec(p)?.[1]).find(Boolean) ?? null;
  return {
    kind: 'page',
    mediaType: mediaType.trim().toLowerCase(),
    charset: charset?.toLowerCase() ?? null,
    body: await readAtMost(body, response, signal, maxBytes)
  };
}

function discard(response: IncomingMessage, result: Answer): Answer {
  response.destroy();
  return result;
}

// We ask for identity, but some servers compress anyway; the byte limit then applies to what we decompress.
const decompressors = new Map<string, () => Transform>([
  ['gzip', () => zlib.createGunzip()],
  ['x-gzip', () => zlib.createGunzip()],
  ['deflate', () => zlib.createInflate()],
  ['br', () => zlib.createBrotliDecompress()]
]);

/** The body stream, decompressed if needed; null for an encoding we cannot read. */
function decoded(response: IncomingMessage): Readable | null {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return response;
  const decompressor = decompressors.get(encoding);
  return decompressor ? pipeline(response, decompressor(), () => {}) : null;
}

/** The first `maxBytes` of the body; the connection is closed as soon as we have enough. */
async function readAtMost(body: Readable, response: IncomingMessage, signal: AbortSignal, maxBytes: number): Promise<Buffer> {
  const stop = () => body.destroy(new Error('preview timed out'));
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(bytes.subarray(0, maxBytes - size));
      size = Math.min(maxBytes, size + bytes.length);
      if (size >= maxBytes) break;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    response.destroy();
  }
  return Buffer.concat(chunks, size);
}
