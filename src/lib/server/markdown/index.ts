// Members' Markdown, rendered once when it is written: raw HTML off, only web and mail links, no
// remote images (they would tell a third party who reads what), external links marked
// `nofollow ugc noopener`, headings moved one level down under the page's own title, and
// @mentions and #tags turned into links. The same walk extracts the tags and mentions to store.
import markdownIt, { type MarkdownIt, type StateCore, type Token } from 'markdown-it';

/** `#pratique-réflexive`, `#IA_en_santé`: letters, digits, `_` and `-`, not after a word or `&`. */
const tagPattern = /(^|[^\p{L}\p{N}_&/#])#([\p{L}\p{N}][\p{L}\p{N}_-]{0,59})/gu;
/** `@lea-gagnon`: a handle (see limits.handleMin/Max), not inside an address such as a@b.org. */
const mentionPattern = /(^|[^\p{L}\p{N}_.@/])@([a-z0-9][a-z0-9_-]{1,29})/giu;
const safeLink = /^(https?:|mailto:)/i;

export type RenderContext = {
  /** Handles that may be mentioned here (lowercase); any other @word stays plain text. */
  mentionable?: ReadonlySet<string>;
};

/** The form a tag is stored and linked under: lowercase, composed accents, no trailing dash. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').toLowerCase().replace(/[-_]+$/, '');
}

function createRenderer(extend?: (md: MarkdownIt) => void): MarkdownIt {
  const md = markdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  md.disable('image');
  md.validateLink = (url) => {
    const trimmed = url.trim();
    // Relative addresses stay on this instance; a protocol-relative `//host` would not.
    if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return true;
    if (trimmed.startsWith('#')) return true;
    return safeLink.test(trimmed);
  };
  md.core.ruler.push('ruche_mentions_tags', (state) => linkMentionsAndTags(state));
  md.renderer.rules.heading_open = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    token.tag = `h${Math.min(Number(token.tag.slice(1)) + 1, 6)}`;
    return self.renderToken(tokens, index, options);
  };
  md.renderer.rules.heading_close = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    token.tag = `h${Math.min(Number(token.tag.slice(1)) + 1, 6)}`;
    return self.renderToken(tokens, index, options);
  };
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    const href = String(token.attrGet('href') ?? '');
    if (!href.startsWith('/') && !href.startsWith('#')) token.attrSet('rel', 'nofollow ugc noopener');
    return self.renderToken(tokens, index, options);
  };
  extend?.(md);
  return md;
}

type Found = { tags: Set<string>; mentions: Set<string> };

/** Splits text tokens outside links and code into text, mention links and tag links. */
function linkMentionsAndTags(state: StateCore): void {
  const env = state.env as { context?: RenderContext; found?: Found };
  const mentionable = env.context?.mentionable;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    let insideLink = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') insideLink++;
      if (token.type === 'link_close') insideLink--;
      if (token.type !== 'text' || insideLink > 0) {
        children.push(token);
        continue;
      }
      children.push(...splitText(state, token.content, mentionable, env.found));
    }
    block.children = children;
  }
}

type Piece = { kind: 'text'; text: string } | { kind: 'tag' | 'mention'; text: string; value: string };

function pieces(text: string, mentionable: ReadonlySet<string> | undefined): Piece[] {
  const matches: { index: number; length: number; piece: Piece }[] = [];
  for (const match of text.matchAll(tagPattern)) {
    const [all, before = '', tag = ''] = match;
    const value = normaliseTag(tag);
    if (value) matches.push({ index: match.index + before.length, length: all.length - before.length, piece: { kind: 'tag', text: `#${tag}`, value } });
  }
  for (const match of text.matchAll(mentionPattern)) {
    const [all, before = '', handle = ''] = match;
    const value = handle.toLowerCase();
    if (!mentionable || mentionable.has(value)) {
      matches.push({ index: match.index + before.length, length: all.length - before.length, piece: { kind: 'mention', text: `@${handle}`, value } });
    }
  }
  matches.sort((a, b) => a.index - b.index);
  const out: Piece[] = [];
  let at = 0;
  for (const { index, length, piece } of matches) {
    if (index < at) continue;
    if (index > at) out.push({ kind: 'text', text: text.slice(at, index) });
    out.push(piece);
    at = index + length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

function splitText(state: StateCore, text: string, mentionable: ReadonlySet<string> | undefined, found?: Found): Token[] {
  const tokens: Token[] = [];
  for (const piece of pieces(text, mentionable)) {
    if (piece.kind === 'text') {
      const token = new state.Token('text', '', 0);
      token.content = piece.text;
      tokens.push(token);
      continue;
    }
    (piece.kind === 'tag' ? found?.tags : found?.mentions)?.add(piece.value);
    const open = new state.Token('link_open', 'a', 1);
    open.attrSet('href', piece.kind === 'tag' ? `/tags/${encodeURIComponent(piece.value)}` : `/u/${piece.value}`);
    open.attrSet('class', piece.kind);
    const label = new state.Token('text', '', 0);
    label.content = piece.text;
    tokens.push(open, label, new state.Token('link_close', 'a', -1));
  }
  return tokens;
}

const renderer = createRenderer();
const extended = new Map<(md: MarkdownIt) => void, MarkdownIt>();

/** The same rules plus a plugin (e.g. heading ids for a collective work's table of contents), built once per plugin. */
function rendererWith(plugin: (md: MarkdownIt) => void): MarkdownIt {
  let md = extended.get(plugin);
  if (!md) {
    md = createRenderer(plugin);
    extended.set(plugin, md);
  }
  return md;
}

export type Rendered = { html: string; tags: string[]; mentions: string[] };

/** The HTML of a member's Markdown, with the tags it carries and the handles it mentions. */
export function renderMarkdown(text: string, context: RenderContext = {}, plugin?: (md: MarkdownIt) => void): Rendered {
  const found: Found = { tags: new Set(), mentions: new Set() };
  const html = (plugin ? rendererWith(plugin) : renderer).render(text, { context, found });
  return { html, tags: [...found.tags], mentions: [...found.mentions] };
}

/** The handles a text mentions, before knowing who may be mentioned. */
export function mentionedHandles(text: string): string[] {
  const found: Found = { tags: new Set(), mentions: new Set() };
  renderer.parse(text, { context: {}, found });
  return [...found.mentions];
}
