// Reads a preview (title, description, image, site name) out of the <head> of an HTML page.
// A small tolerant tokenizer rather than a DOM: we only need <title> and <meta> tags, from untrusted pages.

export type PageMeta = {
  title: string | null;
  description: string | null;
  imageUrl: string | null;
  siteName: string | null;
};

export const metaLimits = { title: 200, description: 500, siteName: 200, imageUrl: 2048 } as const;

/** The preview fields of a page; `pageUrl` (the final URL after redirects) resolves relative image links. */
export function readPageMeta(html: string, pageUrl: URL): PageMeta {
  const head = headOf(html);
  const meta = metaTags(head);
  const first = (...keys: string[]) => keys.map((key) => meta.get(key)).find((value) => value && cleanText(value));
  return {
    title: capped(first('og:title', 'twitter:title') ?? titleTag(head), metaLimits.title),
    description: capped(first('og:description', 'twitter:description', 'description'), metaLimits.description),
    imageUrl: imageLink(first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), pageUrl),
    siteName: capped(first('og:site_name', 'application-name'), metaLimits.siteName)
  };
}

/** The charset a page declares in a <meta> tag, for pages whose Content-Type header names none. */
export function declaredCharset(html: string): string | null {
  for (const attributes of tagAttributes(headOf(html), 'meta')) {
    const charset = attributes.get('charset');
    if (charset) return charset.trim().toLowerCase();
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type') {
      const match = /charset\s*=\s*["']?([^"';\s]+)/i.exec(attributes.get('content') ?? '');
      if (match?.[1]) return match[1].toLowerCase();
    }
  }
  return null;
}

// Comments, scripts and styles can contain text that looks like tags; the body is not needed at all.
function headOf(html: string): string {
  const stripped = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
  const end = stripped.search(/<\/head\s*>|<body[\s>]/i);
  return end === -1 ? stripped : stripped.slice(0, end);
}

function titleTag(head: string): string | undefined {
  return /<title(?:\s[^>]*)?>([\s\S]*?)(?:<\/title\s*>|$)/i.exec(head)?.[1];
}

/** Meta tag contents by lowercased property or name; the first occurrence wins, as browsers do. */
function metaTags(head: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const attributes of tagAttributes(head, 'meta')) {
    const key = (attributes.get('property') ?? attributes.get('name'))?.trim().toLowerCase();
    const content = attributes.get('content');
    if (key && content !== undefined && !found.has(key)) found.set(key, content);
  }
  return found;
}

/** The attributes of every <tagName …> in the text, read by a linear scan that honours quotes. */
function* tagAttributes(text: string, tagName: string): Generator<Map<string, string>> {
  const opening = new RegExp(`<${tagName}(?=[\\s/>])`, 'gi');
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    const { attributes, end } = readAttributes(text, match.index + match[0].length);
    opening.lastIndex = end;
    yield attributes;
  }
}

function readAttributes(text: string, start: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let at = start;
  const skip = (pattern: RegExp) => {
    while (at < text.length && pattern.test(text.charAt(at))) at += 1;
  };
  const readUntil = (stop: RegExp) => {
    const from = at;
    while (at < text.length && !stop.test(text.charAt(at))) at += 1;
    return text.slice(from, at);
  };
  for (;;) {
    skip(/[\s/]/);
    if (at >= text.length || text.charAt(at) === '>') return { attributes, end: at + 1 };
    const name = readUntil(/[\s/>=]/);
    if (name === '') {
      at += 1; // a stray "=" where a name should start
      continue;
    }
    skip(/\s/);
    let value = '';
    if (text.charAt(at) === '=') {
      at += 1;
      skip(/\s/);
      const quote = text.charAt(at);
      if (quote === '"' || quote === "'") {
        at += 1;
        value = readUntil(quote === '"' ? /"/ : /'/);
        at += 1;
      } else {
        value = readUntil(/[\s>]/);
      }
    }
    const key = name.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, value);
  }
}

function imageLink(value: string | undefined, pageUrl: URL): string | null {
  const text = value && cleanText(value);
  if (!text) return null;
  try {
    const url = new URL(text, pageUrl);
    const ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= metaLimits.imageUrl;
    return ok ? url.href : null;
  } catch {
    return null;
  }
}

function capped(value: string | undefined, max: number): string | null {
  const text = value === undefined ? '' : cleanText(value);
  if (!text) return null;
  if (text.length <= max) return text;
  // Cut in UTF-16 units (what a database length counts at most) without splitting a surrogate pair.
  const cut = /[\uD800-\uDBFF]$/.test(text.slice(0, max)) ? max - 1 : max;
  return text.slice(0, cut).trimEnd();
}

/** Entities decoded, control characters dropped, whitespace collapsed. Markup inside <title> is text. */
export function cleanText(value: string): string {
  return decodeEntities(value)
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// The named entities that actually show up in titles of French and English pages.
const namedEntities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0',
  eacute: 'é', Eacute: 'É', egrave: 'è', Egrave: 'È', ecirc: 'ê', Ecirc: 'Ê', euml: 'ë', Euml: 'Ë',
  agrave: 'à', Agrave: 'À', acirc: 'â', Acirc: 'Â', auml: 'ä', Auml: 'Ä', aacute: 'á', Aacute: 'Á',
  ccedil: 'ç', Ccedil: 'Ç', icirc: 'î', Icirc: 'Î', iuml: 'ï', Iuml: 'Ï', iacute: 'í', Iacute: 'Í',
  ocirc: 'ô', Ocirc: 'Ô', ouml: 'ö', Ouml: 'Ö', oacute: 'ó', Oacute: 'Ó', oelig: 'œ', OElig: 'Œ',
  ucirc: 'û', Ucirc: 'Û', ugrave: 'ù', Ugrave: 'Ù', uuml: 'ü', Uuml: 'Ü', uacute: 'ú', Uacute: 'Ú',
  ntilde: 'ñ', Ntilde: 'Ñ', szlig: 'ß', yuml: 'ÿ',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„',
  ndash: '–', mdash: '—', hellip: '…', middot: '·', bull: '•', copy: '©', reg: '®', trade: '™',
  euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷', sect: '§', para: '¶',
  thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', shy: ''
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (entity, body: string) => {
    if (body.startsWith('#')) return codePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
    return namedEntities[body] ?? entity;
  });
}

function codePoint(value: number): string {
  const valid = value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
  return valid ? String.fromCodePoint(value) : '\uFFFD';
}
