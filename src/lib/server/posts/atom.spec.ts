import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { communityAtom } from './atom';
import { addComment, createPost, deletePost, setPinned, updatePost } from '.';

const instance = useTestInstance();
const db = () => instance.db;
const atomNs = 'http://www.w3.org/2005/Atom';

// An XML parser that owes nothing to the feed's writer: sax, in strict mode, with namespaces.
type SaxTag = { local: string; uri: string; attributes: Record<string, { value: string }> };
type SaxParser = {
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  onerror: (error: Error) => void;
  write: (xml: string) => { close: () => void };
};
const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean, options: { xmlns: boolean }) => SaxParser };

type Element = { name: string; uri: string; attributes: Record<string, string>; children: Element[]; text: string };

function parseXml(xml: string): Element {
  const parser = sax.parser(true, { xmlns: true });
  const root: Element = { name: '', uri: '', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.onopentag = (tag) => {
    const element: Element = { name: tag.local, uri: tag.uri, attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value])), children: [], text: '' };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = parser.oncdata = (text) => void (stack.at(-1)!.text += text);
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const child = (element: Element, name: string) => element.children.find((c) => c.name === name);
const children = (element: Element, name: string) => element.children.filter((c) => c.name === name);
const textOf = (element: Element, name: string) => child(element, name)?.text.trim();
/** Entry titles and summaries are `type="html"`: a feed reader decodes them once more. */
const decodeHtml = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

async function community(visibility: 'public' | 'private' | 'hidden', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, {
    name: `Cuisine & santé ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Partager des outils d’offre active',
    visibility: visibility === 'hidden' ? 'public' : visibility,
    joinPolicy: 'open'
  });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  if (visibility === 'hidden') await db().updateTable('communities').set({ visibility: 'hidden' }).where('id', '=', created.id).execute();
  return { ...created, animator };
}

describe('the Atom feed of a community', () => {
  it('lists the public publications with their titles, links, authors and tags, in well-formed Atom', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const first = await createPost(db(), bob, c.slug, { title: 'Offre active au triage', body: 'Nos outils pour la première ligne #offre-active #triage' });
    const second = await createPost(db(), c.animator, c.slug, { title: 'Comment accueillir ?', body: 'Une question', kind: 'question' });
    await setPinned(db(), c.animator, second.id, true);
    await addComment(db(), bob, second.id, { body: 'Par un mot de bienvenue' });
    await updatePost(db(), bob, first.id, { body: 'Nos outils, revus #offre-active #triage' });

    const feed = parseXml(await communityAtom(db(), c.slug));
    expect(feed).toMatchObject({ name: 'feed', uri: atomNs });
    const origin = instance.config.origin;
    expect(textOf(feed, 'id')).toBe(`${origin}/c/${c.slug}`);
    expect(textOf(feed, 'title')).toBe(c.name);
    expect(textOf(feed, 'subtitle')).toBe('Partager des outils d’offre active');
    expect(children(feed, 'link').find((l) => l.attributes.rel === 'self')?.attributes.href).toBe(`${origin}/c/${c.slug}/feed.atom`);
    expect(Date.parse(textOf(feed, 'updated')!)).not.toBeNaN();

    const entries = children(feed, 'entry');
    expect(entries.map((e) => decodeHtml(textOf(e, 'title')!))).toEqual(['Comment accueillir ?', 'Offre active au triage']);
    for (const entry of entries) {
      expect(entry.uri).toBe(atomNs);
      for (const required of ['id', 'title', 'updated']) expect(textOf(entry, required), required).toBeTruthy();
      expect(Date.parse(textOf(entry, 'updated')!)).not.toBeNaN();
    }
    const [question, tools] = entries as [Element, Element];
    expect(textOf(tools, 'id')).toBe(`urn:uuid:${first.id}`);
    expect(child(tools, 'link')?.attributes.href).toBe(`${origin}/p/${first.id}`);
    expect(textOf(child(tools, 'author')!, 'name')).toBe('Bob Tremblay');
    expect(textOf(child(question, 'author')!, 'name')).toBe('Léa Gagnon');
    expect(children(tools, 'category').map((cat) => cat.attributes.term)).toEqual(['offre-active', 'triage']);
    expect(textOf(tools, 'content')).toContain('<a href="/tags/offre-active" class="tag">#offre-active</a>');
    expect(decodeHtml(textOf(tools, 'summary')!)).toBe('Nos outils, revus #offre-active #triage');
    // Edited after the question was written: its entry is the latest change, and the feed's date.
    expect(textOf(feed, 'updated')).toBe(textOf(tools, 'updated'));
    expect(Date.parse(textOf(tools, 'updated')!)).toBeGreaterThan(Date.parse(textOf(tools, 'published')!));
  });

  it('leaves out a deleted publication', async () => {
    const c = await community('public');
    const kept = await createPost(db(), c.animator, c.slug, { title: 'Gardée', body: 'x' });
    const gone = await createPost(db(), c.animator, c.slug, { title: 'Supprimée', body: 'y' });
    await deletePost(db(), c.animator, gone.id);
    const xml = await communityAtom(db(), c.slug);
    const ids = children(parseXml(xml), 'entry').map((e) => textOf(e, 'id'));
    expect(ids).toEqual([`urn:uuid:${kept.id}`]);
    expect(xml).not.toContain('Supprimée');
  });

  it('escapes markup and ampersands: the title a reader shows is the one written', async () => {
    const c = await community('public');
    const title = 'Soins & <script>alert("x")</script> ]]> fin ]]> &amp; ok';
    await createPost(db(), c.animator, c.slug, { title, body: 'Texte avec <b>balise</b> & esperluette ]]> et ]]>' });
    const xml = await communityAtom(db(), c.slug);
    expect(xml).not.toContain('<script');
    const feed = parseXml(xml);
    expect(textOf(feed, 'title')).toBe(c.name);
    const entry = child(feed, 'entry')!;
    expect(child(entry, 'title')?.attributes.type).toBe('html');
    expect(decodeHtml(textOf(entry, 'title')!)).toBe(title);
    expect(textOf(entry, 'content')).toContain('&lt;b&gt;balise&lt;/b&gt; &amp; esperluette');
  });

  it('has none for a private, hidden or pending community; an archived public one keeps its feed', async () => {
    expect(await outcome(communityAtom(db(), (await community('private')).slug))).toBe('not_found');
    expect(await outcome(communityAtom(db(), (await community('hidden')).slug))).toBe('not_found');
    expect(await outcome(communityAtom(db(), 'nulle-part'))).toBe('not_found');
    const pending = await community('public');
    await db().updateTable('communities').set({ status: 'pending' }).where('id', '=', pending.id).execute();
    expect(await outcome(communityAtom(db(), pending.slug))).toBe('not_found');
    const archived = await community('public');
    await createPost(db(), archived.animator, archived.slug, { title: 'Mémoire', body: 'Ce que nous avons appris' });
    await db().updateTable('communities').set({ status: 'archived' }).where('id', '=', archived.id).execute();
    expect(children(parseXml(await communityAtom(db(), archived.slug)), 'entry')).toHaveLength(1);
  });

  it('names the community as author and dates the feed from the community when it has nothing yet', async () => {
    const c = await community('public');
    const feed = parseXml(await communityAtom(db(), c.slug));
    expect(children(feed, 'entry')).toHaveLength(0);
    const row = await db().selectFrom('communities').select('created_at').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(Date.parse(textOf(feed, 'updated')!)).toBe(row.created_at);
    expect(textOf(child(feed, 'author')!, 'name')).toBe(c.name);
  });
});
