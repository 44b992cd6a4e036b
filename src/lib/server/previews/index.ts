// Link previews for publications: a URL is vetted against SSRF (public http(s) addresses only), then its
// page is fetched, pinned to the vetted addresses and redirect by redirect, and its meta tags are read.
import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { DomainError, invalid } from '../errors';
import { isLocalHostname, isPublicAddress } from './address';
import { declaredCharset, readPageMeta } from './html';
import { getOnce, type Answer, type VettedTarget } from './request';

/** What a publication shows of a link; `url` is the page's final URL, after redirects. */
export type LinkPreview = {
  url: string;
  title: string | null;
  description: string | null;
  imageUrl: string | null;
  siteName: string | null;
};

export const previewLimits = { maxBytes: 512 * 1024, timeoutMs: 5000, maxRedirects: 3 } as const;

export type PreviewOptions = {
  lookup?: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  timeoutMs?: number;
  maxBytes?: number;
  /** tests only: addresses allowed although private, e.g. to reach a local test server */
  allowAddresses?: string[];
};

const defaultField = 'linkUrl';
const badUrl = 'previews.errors.bad_url';
const privateAddress = 'previews.errors.private_address';
const htmlTypes = new Set(['text/html', 'application/xhtml+xml']);

/**
 * The URL, parsed, when it is an http(s) URL without credentials whose host resolves only to public
 * addresses. Throws invalid `previews.errors.bad_url` for anything else that is not a link we could
 * open (other schemes, credentials, a name that does not resolve) and `previews.errors.private_address`
 * for local names and non-public addresses.
 */
export async function assertPublicUrl(url: string, field = defaultField, options: PreviewOptions = {}): Promise<URL> {
  const parsed = httpUrl(url);
  if (!parsed) throw invalid([{ path: field, message: badUrl }]);
  const target = await vet(parsed, field, options, AbortSignal.timeout(options.timeoutMs ?? previewLimits.timeoutMs));
  if (!target) throw invalid([{ path: field, message: badUrl }]);
  return parsed;
}

/**
 * The preview of the page at `url`, or null when it cannot be read: timeout (over the whole fetch,
 * DNS and redirects included), network or TLS error, HTTP error, non-HTML, too many redirects, a
 * redirect to a non-http(s) URL, or a page with neither title, description nor image. A body longer
 * than `maxBytes` is cut there and what was read is parsed, since the meta tags live in <head>.
 * Throws invalid `previews.errors.private_address` when the URL or any redirect target is not public
 * (and `previews.errors.bad_url` when the URL itself is not an http(s) link).
 */
export async function fetchPreview(url: string, options: PreviewOptions = {}): Promise<LinkPreview | null> {
  const start = httpUrl(url);
  if (!start) throw invalid([{ path: defaultField, message: badUrl }]);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? previewLimits.timeoutMs);
  try {
    return await follow(start, options, controller.signal);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    return null;
  } finally {
    clearTimeout(timer);
  }
}

async function follow(start: URL, options: PreviewOptions, signal: AbortSignal): Promise<LinkPreview | null> {
  let url: URL | null = start;
  for (let redirects = 0; url; redirects += 1) {
    const target = await vet(url, defaultField, options, signal);
    if (!target) return null;
    const answer = await getOnce(target, signal, options.maxBytes ?? previewLimits.maxBytes);
    if (answer.kind === 'page') return preview(answer, url);
    if (answer.kind === 'unreadable' || redirects >= previewLimits.maxRedirects) return null;
    url = httpUrl(answer.location, url);
  }
  return null;
}

/** An http(s) URL without credentials, or null. */
function httpUrl(raw: string, base?: URL): URL | null {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  return web && !url.username && !url.password && url.hostname !== '' ? url : null;
}

/**
 * The URL with the addresses it may be fetched from; null when its name does not resolve. Throws when
 * the name is local or ANY address is not public: one bad answer is enough to reach the inside.
 * IP literals are checked as they are; the URL parser already turned 2130706433 or 0x7f.1 into 127.0.0.1.
 */
async function vet(url: URL, field: string, options: PreviewOptions, signal: AbortSignal): Promise<VettedTarget | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family === 0 && isLocalHostname(host)) throw invalid([{ path: field, message: privateAddress }]);
  const addresses = family === 0 ? await resolve(host, options, signal) : [{ address: host, family }];
  if (!addresses || addresses.length === 0) return null;
  const allowed = new Set(options.allowAddresses ?? []);
  const refused = addresses.some(({ address }) => !allowed.has(address) && !isPublicAddress(address));
  if (refused) throw invalid([{ path: field, message: privateAddress }]);
  return { url, addresses };
}

async function resolve(host: string, options: PreviewOptions, signal: AbortSignal): Promise<LookupAddress[] | null> {
  const lookup = options.lookup ?? ((name: string) => dns.lookup(name, { all: true, verbatim: true }));
  try {
    return await untilAborted(lookup(host), signal);
  } catch {
    return null;
  }
}

// dns.lookup cannot be cancelled; at least stop waiting for it when time is up.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(new Error('preview timed out'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function preview(page: Extract<Answer, { kind: 'page' }>, url: URL): LinkPreview | null {
  if (!htmlTypes.has(page.mediaType)) return null;
  const meta = readPageMeta(decode(page.body, page.charset), url);
  if (!meta.title && !meta.description && !meta.imageUrl) return null;
  return { url: url.href, ...meta };
}

const latin1Labels = new Set(['latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252']);

/** The body as text: a UTF-8 BOM, else the header's charset, else a <meta> charset, else UTF-8. */
function decode(body: Buffer, headerCharset: string | null): string {
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const label = bom ? 'utf-8' : (headerCharset ?? declaredCharset(body.subarray(0, 4096).toString('latin1')) ?? 'utf-8');
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    // An unknown label, or a Node built without ICU: latin1 is still readable byte for byte.
    return latin1Labels.has(label) ? body.toString('latin1') : new TextDecoder('utf-8').decode(body);
  }
}
