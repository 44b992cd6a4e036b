// The Atom feed of a public community: its latest publications as an anonymous visitor sees them,
// for feed readers. Private, hidden and pending communities have none (not_found, as for their pages).
import { Feed, type Item } from 'feed';
import type { DB } from '../db';
import { config } from '../config';
import { notFound } from '../errors';
import { communityFeed, type FeedItem } from './feed';

const entriesMax = 30;

/** Characters XML 1.0 forbids anywhere, even escaped: one of them would make the whole feed unreadable. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlSafe(text: string): string {
  return text.replace(notXml, '');
}

/**
 * Plain text for an element the `feed` package writes as text. Its XML writer (xml-js) turns
 * `&amp;` back into `&` before escaping, so a literal "&amp;" would lose its escape: escaping `&`
 * once here makes the round trip exact.
 */
function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;');
}

/**
 * Plain text for an element the package marks `type="html"` (entry titles and summaries): escaped
 * as HTML, so a title such as "<script> & co" is shown as written and never read as markup.
 */
function htmlOfText(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Stored HTML inside CDATA: `]]>` would end the section early (the package replaces only the first). */
function cdataHtml(html: string): string {
  return xmlSafe(html).replaceAll(']]>', ']]&gt;');
}

export async function communityAtom(db: DB, slug: string): Promise<string> {
  const community = await db
    .selectFrom('communities')
    .select(['id', 'slug', 'name', 'summary', 'visibility', 'status', 'created_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  // An archived public community keeps its feed: its publications stay readable by anyone.
  if (!community || community.visibility !== 'public' || community.status === 'pending') throw notFound();

  const page = await communityFeed(db, null, slug, { order: 'newest', unanswered: false }, { limit: entriesMax });
  // Pinned publications come apart from the page; in a feed reader they are publications like the others.
  const items = [...page.pinned, ...page.items].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, entriesMax);
  const stored = items.length
    ? await db.selectFrom('posts').select(['id', 'body_html', 'edited_at']).where('id', 'in', items.map((i) => i.id)).where('deleted_at', 'is', null).execute()
    : [];
  const byId = new Map(stored.map((row) => [row.id, row]));

  const origin = config().origin;
  const home = `${origin}/c/${encodeURIComponent(community.slug)}`;
  const entries = items.flatMap((item) => {
    const row = byId.get(item.id);
    return row ? [entryOf(item, row, origin)] : [];
  });
  const updated = entries.reduce((latest, entry) => Math.max(latest, entry.date.getTime()), entries.length ? 0 : community.created_at);

  const feed = new Feed({
    id: home,
    title: text(community.name),
    description: community.summary ? text(community.summary) : undefined,
    link: home,
    feed: `${home}/feed.atom`,
    updated: new Date(updated),
    // Atom asks every entry for an author: one whose account is gone falls back to the community.
    author: { name: text(community.name) },
    generator: 'Ruche'
  });
  for (const entry of entries) feed.addItem(entry);
  return feed.atom1();
}

function entryOf(item: FeedItem, row: { body_html: string; edited_at: number | null }, origin: string): Item {
  const link = `${origin}/p/${item.id}`;
  return {
    id: `urn:uuid:${item.id}`,
    title: htmlOfText(item.title),
    link,
    // What changed the entry itself: an edit. A new comment does not change what the feed carries.
    date: new Date(Math.max(item.createdAt, row.edited_at ?? 0)),
    published: new Date(item.createdAt),
    description: item.excerpt ? htmlOfText(item.excerpt) : undefined,
    content: cdataHtml(row.body_html),
    author: item.author ? [{ name: text(item.author.name) }] : undefined,
    category: item.tags.map((tag) => ({ term: xmlSafe(tag), name: xmlSafe(tag) }))
  };
}
