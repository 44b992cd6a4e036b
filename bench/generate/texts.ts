// Publication and comment texts, rendered once through the application's own Markdown renderer so
// body_html and the tags stored beside them are exactly what the application would have stored.
import { renderMarkdown } from '../../src/lib/server/markdown';
import type { Random } from '../random';
import { commentBody, postBody } from './corpus';
import type { Lang } from './model';

export type Text = { body: string; html: string; tags: string[] };
export type TextPools = { posts: Record<Lang, Text[]>; comments: Record<Lang, Text[]> };

function render(body: string): Text {
  const rendered = renderMarkdown(body, { mentionable: new Set() });
  return { body, html: rendered.html, tags: [...new Set(rendered.tags)] };
}

export function buildTextPools(random: Random, size = 300): TextPools {
  const pick = (n: number) => random.int(n);
  const pool = (make: (lang: Lang) => string, lang: Lang) => Array.from({ length: size }, () => render(make(lang)));
  return {
    posts: { fr: pool((lang) => postBody(lang, pick), 'fr'), en: pool((lang) => postBody(lang, pick), 'en') },
    comments: { fr: pool((lang) => commentBody(lang, pick), 'fr'), en: pool((lang) => commentBody(lang, pick), 'en') }
  };
}
