// Link previews must never let a publication make the server fetch its own network (SSRF), and must read
// real pages' titles and images while giving up quietly on slow, huge, broken or non-HTML ones.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { embeddedIPv4, ipv6Groups, isLocalHostname, isPublicAddress } from './address';
import { decodeEntities, readPageMeta } from './html';
import { assertPublicUrl, fetchPreview, previewLimits, type PreviewOptions } from './index';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${error.issues.map((issue) => `${issue.path}=${issue.message}`).join(',')}`;
    throw error;
  }
  return 'accepted';
}

const privateRefusal = 'invalid:linkUrl=previews.errors.private_address';
const badUrlRefusal = 'invalid:linkUrl=previews.errors.bad_url';

/** A resolver answering from a table, so no test depends on real DNS. */
function lookupFrom(table: Record<string, string[]>): NonNullable<PreviewOptions['lookup']> {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('isPublicAddress', () => {
  const publicAddresses = [
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '198.20.0.1',
    '2606:4700::1',
    '2a00:1450:4007:80e::200e',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822', // NAT64 of 93.184.216.34
    '2002:5db8:d822::1' // 6to4 of 93.184.216.34
  ];
  const privateAddresses: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'IPv6 loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['::', 'IPv6 unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'Alibaba metadata'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'link-local with zone'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'AWS IPv6 metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'IPv6 multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['192.0.0.1', 'IETF assignments'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:a9fe:a9fe::', '6to4 of the metadata address'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['100::1', 'discard-only'],
    ['fec0::1', 'site-local'],
    ['not an address', 'garbage'],
    ['', 'empty']
  ];

  it.each(publicAddresses)('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(privateAddresses)('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('reads IPv6 groups and the IPv4 they carry', () => {
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('2606:4700::1')).toEqual([0x2606, 0x4700, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(embeddedIPv4(ipv6Groups('::ffff:7f00:1'))).toBe('127.0.0.1');
    expect(embeddedIPv4(ipv6Groups('2002:c0a8:101::'))).toBe('192.168.1.1');
    expect(embeddedIPv4(ipv6Groups('2606:4700::1'))).toBeNull();
  });

  it('treats localhost, internal and single-label names as local', () => {
    for (const name of ['localhost', 'LOCALHOST.', 'app.localhost', 'metadata.google.internal', 'printer.local', 'intranet', 'router.home.arpa']) {
      expect(isLocalHostname(name), name).toBe(true);
    }
    for (const name of ['example.com', 'localhost.example.com', 'internal.example.org', 'preview.test']) {
      expect(isLocalHostname(name), name).toBe(false);
    }
  });
});

describe('assertPublicUrl', () => {
  const lookup = lookupFrom({
    'example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'rebind.example': ['93.184.216.34', '127.0.0.1'],
    'inside.example': ['10.0.0.1'],
    'mapped.example': ['::ffff:192.168.0.10']
  });

  it('accepts public http(s) URLs, with any port', async () => {
    expect((await assertPublicUrl('https://example.com/a?b=c', 'linkUrl', { lookup })).href).toBe('https://example.com/a?b=c');
    expect((await assertPublicUrl('http://example.com:8080/', 'linkUrl', { lookup })).port).toBe('8080');
    expect((await assertPublicUrl('http://93.184.216.34/')).hostname).toBe('93.184.216.34');
    expect((await assertPublicUrl('http://[2606:4700::1]/')).hostname).toBe('[2606:4700::1]');
  });

  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://0/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://localhost/',
    'http://localhost.:3000/',
    'http://admin.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://intranet/'
  ])('refuses %s as a private address', async (url) => {
    expect(await refusal(assertPublicUrl(url, 'linkUrl', { lookup }))).toBe(privateRefusal);
  });

  it('refuses a name when any of its addresses is private', async () => {
    expect(await refusal(assertPublicUrl('http://rebind.example/', 'linkUrl', { lookup }))).toBe(privateRefusal);
    expect(await refusal(assertPublicUrl('http://inside.example/', 'linkUrl', { lookup }))).toBe(privateRefusal);
    expect(await refusal(assertPublicUrl('https://mapped.example/', 'linkUrl', { lookup }))).toBe(privateRefusal);
  });

  it.each([
    'ftp://example.com/file',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
    'file:///etc/passwd',
    'http://user:pass@example.com/',
    'http://user@example.com/',
    'not a url',
    '',
    'http://'
  ])('refuses %s as a bad URL', async (url) => {
    expect(await refusal(assertPublicUrl(url, 'linkUrl', { lookup }))).toBe(badUrlRefusal);
  });

  it('refuses a name that does not resolve, and reports on the given field', async () => {
    expect(await refusal(assertPublicUrl('http://nowhere.example/', 'link', { lookup }))).toBe('invalid:link=previews.errors.bad_url');
    expect(await refusal(assertPublicUrl('http://localhost/', 'link'))).toBe('invalid:link=previews.errors.private_address');
  });
});

describe('readPageMeta', () => {
  const page = new URL('https://news.example/articles/1');

  it('prefers Open Graph, then Twitter, then <title> and meta description', () => {
    const html = `<html><head>
      <title>Plain title</title>
      <meta name="description" content="Plain description">
      <meta name="twitter:title" content="Twitter title">
      <meta property="og:description" content="OG description">
      <meta property="og:image" content="/img/cover.png">
      <meta property="og:site_name" content="News">
    </head><body><meta property="og:title" content="Body is ignored"></body></html>`;
    expect(readPageMeta(html, page)).toEqual({
      title: 'Twitter title',
      description: 'OG description',
      imageUrl: 'https://news.example/img/cover.png',
      siteName: 'News'
    });
  });

  it('tolerates attribute order, quoting, case and ">" inside values; first tag wins', () => {
    const html = `<HEAD><META CONTENT='A > B &amp; C' PROPERTY=og:title><meta property="og:title" content="second">
      <meta content=Short name=description /><meta/><meta name><meta name="og:image" content="https://cdn.example/x.jpg"></HEAD>`;
    expect(readPageMeta(html, page)).toMatchObject({ title: 'A > B & C', description: 'Short', imageUrl: 'https://cdn.example/x.jpg' });
  });

  it('ignores tags inside comments and scripts', () => {
    const html = `<head><!-- <meta property="og:title" content="commented"> -->
      <script>const s = '<meta property="og:title" content="scripted">';</script>
      <title>Real</title></head>`;
    expect(readPageMeta(html, page).title).toBe('Real');
  });

  it('decodes entities, collapses whitespace and caps lengths', () => {
    const html = `<title>\n  Caf&eacute; &amp; th&#233; &#x2014; l&#39;&Eacute;t&eacute; &unknown; &#0;  \n</title>
      <meta name="description" content="${'d'.repeat(800)}"><meta property="og:site_name" content="  ">`;
    const meta = readPageMeta(html, page);
    expect(meta.title).toBe("Café & thé — l'Été &unknown; \uFFFD");
    expect(meta.description).toHaveLength(500);
    expect(meta.siteName).toBeNull();
    expect(readPageMeta(`<title>${'t'.repeat(199)}😀</title>`, page).title).toHaveLength(199);
    expect(decodeEntities('&lt;b&gt; &quot;x&quot; &rsquo;')).toBe('<b> "x" ’');
  });

  it('keeps only http(s) image links', () => {
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://x.example/a.png', '']) {
      expect(readPageMeta(`<meta property="og:image" content="${image}">`, page).imageUrl, image).toBeNull();
    }
    expect(readPageMeta('<meta property="og:image" content="//cdn.example/a.png">', page).imageUrl).toBe('https://cdn.example/a.png');
  });
});

describe('fetchPreview', () => {
  type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const routes = new Map<string, Route>();
  const seen: http.IncomingMessage[] = [];
  let server: http.Server;
  let base: string;
  let options: PreviewOptions;
  const testLookup = lookupFrom({ 'preview.test': ['127.0.0.1'], 'internal.test': ['10.0.0.1'] });
  const html = (body: string, type = 'text/html; charset=utf-8'): Route => (_request, response) => {
    response.writeHead(200, { 'content-type': type });
    response.end(body);
  };
  const redirect = (location: string, status = 302): Route => (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
  const ogPage = `<!doctype html><html><head><meta charset="utf-8">
    <title>Fallback</title>
    <meta property="og:title" content="Ruche &amp; co">
    <meta property="og:description" content="Une plateforme pour les communaut&eacute;s">
    <meta property="og:image" content="/cover.png">
    <meta property="og:site_name" content="Ruche">
  </head><body>Hello</body></html>`;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request);
      const route = routes.get(request.url ?? '');
      if (route) route(request, response);
      else {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<title>Not found</title>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://preview.test:${port}`;
    options = { lookup: testLookup, allowAddresses: ['127.0.0.1'] };
    routes.set('/page', html(ogPage));
    routes.set('/r1', redirect('/r2', 301));
    routes.set('/r2', redirect(`${base}/r3`, 307));
    routes.set('/r3', redirect('/page', 308));
    routes.set('/loop', redirect('/loop'));
    routes.set('/metadata', redirect('http://169.254.169.254/latest/meta-data/'));
    routes.set('/internal', redirect('http://internal.test/'));
    routes.set('/ftp', redirect('ftp://preview.test/file'));
    routes.set('/json', html('{"title":"no"}', 'application/json'));
    routes.set('/untyped', (_request, response) => response.end('<title>No type</title>'));
    routes.set('/xhtml', html('<html><head><title>Strict</title></head></html>', 'application/xhtml+xml'));
    routes.set('/empty', html('<html><head></head><body>Nothing to show</body></html>'));
    routes.set('/error', (_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('<title>Oops</title>');
    });
    routes.set('/latin1-header', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' });
      response.end(Buffer.from("<title>Caf\u00e9 \u00e0 l'\u00e9t\u00e9</title>", 'latin1'));
    });
    routes.set('/latin1-meta', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(Buffer.from('<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>R\u00e9sum\u00e9</title>', 'latin1'));
    });
    routes.set('/slow', () => {
      // Never answers: the client must give up on its own.
    });
    routes.set('/slow-body', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head><title>Partial');
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads Open Graph tags through a hostname, connecting to the vetted address with the right headers', async () => {
    seen.length = 0;
    let lookups = 0;
    const counting: PreviewOptions = {
      ...options,
      lookup: async (hostname) => {
        lookups += 1;
        return testLookup(hostname);
      }
    };
    expect(await fetchPreview(`${base}/page`, counting)).toEqual({
      url: `${base}/page`,
      title: 'Ruche & co',
      description: 'Une plateforme pour les communautés',
      imageUrl: `${base}/cover.png`,
      siteName: 'Ruche'
    });
    // One lookup, checked and then used: nothing re-resolves the name behind our back.
    expect(lookups).toBe(1);
    const [request] = seen;
    expect(request?.headers.host).toBe(new URL(base).host);
    expect(request?.headers['user-agent']).toBe('RucheBot/1.0 (+link preview)');
    expect(request?.headers.accept).toContain('text/html');
    // The image itself is never fetched.
    expect(seen.map((r) => r.url)).toEqual(['/page']);
  });

  it('is refused for the local server without the test allowance', async () => {
    expect(await refusal(fetchPreview(`${base}/page`, { lookup: testLookup }))).toBe(privateRefusal);
    expect(await refusal(fetchPreview('http://127.0.0.1/'))).toBe(privateRefusal);
    expect(await refusal(fetchPreview('http://localhost/', options))).toBe(privateRefusal);
    expect(await refusal(fetchPreview('javascript:alert(1)', options))).toBe(badUrlRefusal);
  });

  it('follows up to three redirects, re-vetting each, and reports the final URL', async () => {
    const result = await fetchPreview(`${base}/r1`, options);
    expect(result).toMatchObject({ url: `${base}/page`, title: 'Ruche & co' });
  });

  it('gives up after too many redirects', async () => {
    seen.length = 0;
    expect(await fetchPreview(`${base}/loop`, options)).toBeNull();
    expect(seen).toHaveLength(previewLimits.maxRedirects + 1);
  });

  it('refuses a redirect to the cloud metadata address or to a name resolving inside', async () => {
    expect(await refusal(fetchPreview(`${base}/metadata`, options))).toBe(privateRefusal);
    expect(await refusal(fetchPreview(`${base}/internal`, options))).toBe(privateRefusal);
  });

  it('returns null for a redirect to another scheme, an HTTP error, non-HTML and empty pages', async () => {
    expect(await fetchPreview(`${base}/ftp`, options)).toBeNull();
    expect(await fetchPreview(`${base}/missing`, options)).toBeNull();
    expect(await fetchPreview(`${base}/error`, options)).toBeNull();
    expect(await fetchPreview(`${base}/json`, options)).toBeNull();
    expect(await fetchPreview(`${base}/untyped`, options)).toBeNull();
    expect(await fetchPreview(`${base}/empty`, options)).toBeNull();
    expect(await fetchPreview(`${base}/xhtml`, options)).toMatchObject({ title: 'Strict' });
  });

  it('returns null for a name that does not resolve', async () => {
    expect(await fetchPreview('http://nowhere.test/', options)).toBeNull();
  });

  it('decodes latin1 declared in the header or in a meta tag', async () => {
    expect((await fetchPreview(`${base}/latin1-header`, options))?.title).toBe("Café à l'été");
    expect((await fetchPreview(`${base}/latin1-meta`, options))?.title).toBe('Résumé');
  });

  it('gives up on a slow server within the time limit', async () => {
    for (const path of ['/slow', '/slow-body']) {
      const started = Date.now();
      expect(await fetchPreview(`${base}${path}`, { ...options, timeoutMs: 300 })).toBeNull();
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('reads only the first maxBytes of a huge page and hangs up', async () => {
    let finished: boolean | undefined;
    const closed = new Promise<void>((resolve) => {
      routes.set('/huge', (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write(`<html><head><title>Huge</title></head><body>`);
        let sent = 0;
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (sent < 64 * 1024 * 1024 && !response.destroyed) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('close', () => {
          finished = response.writableFinished;
          resolve();
        });
        pump();
      });
    });
    expect(await fetchPreview(`${base}/huge`, { ...options, maxBytes: 16 * 1024 })).toMatchObject({ title: 'Huge' });
    await closed;
    expect(finished).toBe(false);
  });
});
