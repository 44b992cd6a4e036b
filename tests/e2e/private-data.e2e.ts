// "Private means private", over real HTTP: canary strings written into a publication of a public, a
// private and a hidden community (title, body, comment, tag, file, earlier revision, charter) must
// reach exactly the people who may read them — through pages, SvelteKit's __data.json (with partial
// invalidation, which skips layout loads), /api/v1, the Atom feed and file downloads — and no one else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { admit, createCommunity } from '../../src/lib/server/communities';
import { addComment, createPost, deletePost, updatePost } from '../../src/lib/server/posts';
import { createToken } from '../../src/lib/server/tokens';
import { newId } from '../../src/lib/server/ids';
import { createAccount, useInstance } from './harness';

const instance = useInstance();

type Who = 'anonymous' | 'outsider' | 'member' | 'author';
const everyone: Who[] = ['anonymous', 'outsider', 'member', 'author'];
type Place = 'pub' | 'priv' | 'hid';
const places: Place[] = ['pub', 'priv', 'hid'];

/** A unique lowercase token: canaries are plain words, so they show verbatim in HTML, JSON, XML and headers. */
const run = newId().replace(/-/g, '').slice(-10).toLowerCase();
const canary = (place: Place, what: string) => `canary${place}${what}${run}`;

type Canaries = {
  title: string;
  body: string;
  comment: string;
  tag: string;
  fileName: string;
  fileBody: string;
  mission: string;
  oldTitle: string;
  oldBody: string;
};

function canariesOf(place: Place): Canaries {
  return {
    title: canary(place, 'title'),
    body: canary(place, 'body'),
    comment: canary(place, 'comment'),
    tag: canary(place, 'tag'),
    fileName: `${canary(place, 'file')}.txt`,
    fileBody: canary(place, 'filebody'),
    mission: canary(place, 'mission'),
    oldTitle: canary(place, 'oldtitle'),
    oldBody: canary(place, 'oldbody')
  };
}

const sharedTag = `canarysharedtag${run}`;
const hiddenName = `Canary hidden name ${run}`;
const hiddenNameCanary = hiddenName;
const deleted = { title: canary('pub', 'deletedtitle'), body: canary('pub', 'deletedbody'), comment: canary('pub', 'deletedcomment') };

type Seeded = {
  slug: Record<Place, string>;
  post: Record<Place, string>;
  attachment: Record<Place, string>;
  /** A public publication also shared into the hidden community. */
  sharedPost: string;
  /** A public publication its author deleted: its text stays only in the history. */
  deletedPost: string;
  handles: { author: string };
};

function actorOf(account: { id: string; email: string; name: string }, role: 'admin' | 'member' = 'member'): Actor {
  return { id: account.id, email: account.email, name: account.name, role, locale: 'fr', emailVerified: true };
}

/** Signs in through the login form, as a browser would, and keeps the session cookie. */
async function sessionCookie(email: string, password: string): Promise<string> {
  const response = await fetch(`${instance.origin}/login?/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: instance.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ email, password, redirectTo: '/' })
  });
  expect(response.status, 'signing in through the form').toBe(303);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ');
  expect(cookie).toContain('session_token');
  return cookie;
}

async function seed(): Promise<{ seeded: Seeded; cookies: Record<Who, string | null> }> {
  await createAccount(instance.db, { name: 'Admin Instance', role: 'admin' });
  const authorAccount = await createAccount(instance.db, { name: 'Annie Animatrice' });
  const memberAccount = await createAccount(instance.db, { name: 'Marc Membre' });
  const outsiderAccount = await createAccount(instance.db, { name: 'Odile Externe' });
  const author = actorOf(authorAccount);
  const member = actorOf(memberAccount);
  const outsider = actorOf(outsiderAccount);
  const { secret } = await createToken(instance.db, author, { name: 'e2e private data' });

  const slug = {} as Record<Place, string>;
  const post = {} as Record<Place, string>;
  const attachment = {} as Record<Place, string>;
  for (const place of places) {
    const c = canariesOf(place);
    const visibility = place === 'pub' ? 'public' : place === 'priv' ? 'private' : 'hidden';
    const community = await createCommunity(instance.db, author, {
      name: place === 'hid' ? hiddenName : `Communauté ${place} ${run}`,
      slug: `${place}-${run}`,
      visibility,
      joinPolicy: place === 'pub' ? 'open' : 'invite',
      mission: c.mission
    });
    slug[place] = community.slug;
    await admit(instance.db, community, member.id, 'member', author.id);
    // The outsider belongs to the public community only: signed in, a member somewhere, not here.
    if (place === 'pub') await admit(instance.db, community, outsider.id, 'member', author.id);

    const { id } = await createPost(instance.db, author, community.slug, { title: c.oldTitle, body: `${c.oldBody} #${sharedTag}` });
    // The first text stays only in the history, for the author and the animators.
    await updatePost(instance.db, author, id, { title: c.title, body: `${c.body} #${c.tag} #${sharedTag}` });
    await addComment(instance.db, member, id, { body: c.comment });
    const upload = await fetch(`${instance.origin}/api/v1/posts/${id}/attachments?name=${encodeURIComponent(c.fileName)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/octet-stream' },
      body: `${c.fileBody}\n`
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const view = (await upload.json()) as { attachments: { id: string; fileName: string }[] };
    expect(view.attachments.map((a) => a.fileName)).toEqual([c.fileName]);
    post[place] = id;
    attachment[place] = view.attachments[0]!.id;
  }
  const shared = await createPost(instance.db, author, slug.pub, { title: `Partagée ${run}`, body: 'Une publication publique, partagée aussi ailleurs.', alsoIn: [slug.hid] });
  const gone = await createPost(instance.db, author, slug.pub, { title: deleted.title, body: deleted.body });
  await addComment(instance.db, member, gone.id, { body: deleted.comment });
  await deletePost(instance.db, author, gone.id);
  const handle = await instance.db.selectFrom('profiles').select('handle').where('user_id', '=', author.id).executeTakeFirstOrThrow();

  const cookies: Record<Who, string | null> = {
    anonymous: null,
    outsider: await sessionCookie(outsiderAccount.email, outsiderAccount.password),
    member: await sessionCookie(memberAccount.email, memberAccount.password),
    author: await sessionCookie(authorAccount.email, authorAccount.password)
  };
  return { seeded: { slug, post, attachment, sharedPost: shared.id, deletedPost: gone.id, handles: { author: handle.handle } }, cookies };
}

/** Who may read what: the current content of a community's publications, and their earlier versions. */
function mayRead(who: Who, place: Place): boolean {
  return place === 'pub' || who === 'member' || who === 'author';
}

/** Every canary this principal must never receive, wherever they look. */
function forbiddenFor(who: Who): string[] {
  const out: string[] = [];
  for (const place of places) {
    const c = canariesOf(place);
    if (!mayRead(who, place)) out.push(c.title, c.body, c.comment, c.tag, c.fileName, c.fileBody, c.mission);
    // The history is for the author and the animators, even on a public community.
    if (who !== 'author') out.push(c.oldTitle, c.oldBody);
  }
  if (!mayRead(who, 'hid')) out.push(hiddenNameCanary);
  // A deleted publication's text is in its history alone; its comments go with it.
  out.push(deleted.comment);
  if (who !== 'author') out.push(deleted.title, deleted.body);
  return out;
}

type Check = {
  path: string;
  /** What each principal must find in the answer (the positive control: the check can fail). */
  shows?: (who: Who) => string[];
  /** Canaries the address itself carries and the page may echo (a tag page shows its tag). */
  echoes?: string[];
};

function checksFor(s: Seeded): Check[] {
  const checks: Check[] = [];
  const readable = (who: Who, pick: (c: Canaries) => string[]) => places.filter((place) => mayRead(who, place)).flatMap((place) => pick(canariesOf(place)));
  const feedShows = (who: Who) => readable(who, (c) => [c.title, c.body, c.tag]);
  const titles = (who: Who) => readable(who, (c) => [c.title]);

  // The home feed, in every form.
  for (const path of ['/', '/?order=newest', '/__data.json', '/__data.json?x-sveltekit-invalidated=01', '/api/v1/feed', '/api/v1/feed?order=newest&limit=100']) {
    checks.push({ path, shows: feedShows });
  }
  for (const path of ['/?scope=mine', '/__data.json?scope=mine&x-sveltekit-invalidated=01', '/api/v1/feed?scope=mine']) {
    checks.push({ path, shows: feedShows });
  }
  // A tag every publication carries: each reader gets only the ones they may read.
  for (const path of [`/tags/${sharedTag}`, `/tags/${sharedTag}/__data.json`, `/tags/${sharedTag}/__data.json?x-sveltekit-invalidated=01`, `/api/v1/tags/${sharedTag}/posts`]) {
    checks.push({ path, shows: titles });
  }
  checks.push({ path: '/communities', shows: (who) => (mayRead(who, 'hid') ? [hiddenName] : []) });
  checks.push({ path: '/communities/__data.json' });
  checks.push({ path: '/api/v1/communities', shows: (who) => (mayRead(who, 'hid') ? [hiddenName] : []) });
  checks.push({ path: '/directory/__data.json' });
  checks.push({ path: `/u/${s.handles.author}` });
  checks.push({ path: `/u/${s.handles.author}/__data.json` });
  checks.push({ path: `/api/v1/users/${s.handles.author}` });
  // A public publication shared into the hidden community names it only to those who may see it.
  for (const path of [`/p/${s.sharedPost}`, `/p/${s.sharedPost}/__data.json`, `/api/v1/posts/${s.sharedPost}`]) {
    checks.push({ path, shows: (who) => (mayRead(who, 'hid') ? [hiddenName] : []) });
  }

  for (const path of [`/p/${s.deletedPost}`, `/p/${s.deletedPost}/__data.json`, `/api/v1/posts/${s.deletedPost}`, `/api/v1/posts/${s.deletedPost}/comments`, `/p/${s.deletedPost}/files/${s.attachment.pub}`]) {
    checks.push({ path });
  }
  for (const path of [`/p/${s.deletedPost}/history`, `/api/v1/posts/${s.deletedPost}/revisions`]) {
    checks.push({ path, shows: (who) => (who === 'author' ? [deleted.title, deleted.body] : []) });
  }

  for (const place of places) {
    const c = canariesOf(place);
    const slug = s.slug[place];
    const id = s.post[place];
    const ifReader = (list: string[]) => (who: Who) => (mayRead(who, place) ? list : []);
    const whole = [c.title, c.body, c.comment, c.tag, c.fileName];
    const inFeed = [c.title, c.body, c.tag];
    const charter = place === 'pub' ? [] : [c.mission];
    const named = place === 'hid' ? [hiddenName] : [];

    for (const path of [`/p/${id}`, `/p/${id}/__data.json`, `/p/${id}/__data.json?x-sveltekit-invalidated=01`]) {
      checks.push({ path, shows: ifReader(whole) });
    }
    checks.push({ path: `/p/${id}/__data.json?x-sveltekit-invalidated=10` });
    checks.push({ path: `/p/${id}/__data.json?reply=x&quote=y&edit=z&delete=post&x-sveltekit-invalidated=01`, shows: ifReader([c.title, c.body]) });
    checks.push({ path: `/api/v1/posts/${id}`, shows: ifReader(whole) });
    checks.push({ path: `/api/v1/posts/${id}/comments`, shows: ifReader([c.comment]) });
    // Earlier versions: the author's alone.
    for (const path of [`/p/${id}/history`, `/p/${id}/history/__data.json`, `/p/${id}/history/__data.json?x-sveltekit-invalidated=01`, `/api/v1/posts/${id}/revisions`]) {
      checks.push({ path, shows: (who) => (who === 'author' ? [c.oldTitle, c.oldBody, c.title] : []) });
    }
    for (const path of [`/p/${id}/edit`, `/p/${id}/edit/__data.json?x-sveltekit-invalidated=01`]) {
      checks.push({ path, shows: (who) => (who === 'author' ? [c.title, c.body] : []) });
    }

    // The community's own pages; `001` runs the page's load without the community layout's. Its
    // first page shows the latest publications to those who may read them.
    for (const path of [`/c/${slug}`, `/c/${slug}/__data.json`, `/c/${slug}/__data.json?x-sveltekit-invalidated=011`]) {
      checks.push({ path, shows: ifReader([...charter, ...named, c.title]) });
    }
    checks.push({ path: `/c/${slug}/__data.json?x-sveltekit-invalidated=001`, shows: ifReader([c.title]) });
    checks.push({ path: `/api/v1/communities/${slug}`, shows: ifReader([...charter, ...named]) });
    for (const path of [`/c/${slug}/posts`, `/c/${slug}/posts/__data.json`, `/c/${slug}/posts/__data.json?x-sveltekit-invalidated=001`, `/c/${slug}/posts/__data.json?x-sveltekit-invalidated=011`, `/c/${slug}/posts/__data.json?order=newest&x-sveltekit-invalidated=001`, `/c/${slug}/posts/__data.json?tag=${c.tag}&x-sveltekit-invalidated=001`, `/api/v1/communities/${slug}/posts`, `/api/v1/communities/${slug}/posts?tag=${c.tag}`]) {
      checks.push({ path, shows: ifReader(inFeed), echoes: [c.tag] });
    }
    for (const path of [`/c/${slug}/members`, `/directory/__data.json?community=${slug}`]) {
      checks.push({ path, shows: ifReader(named) });
    }
    for (const path of [`/c/${slug}/members/__data.json?x-sveltekit-invalidated=001`, `/api/v1/communities/${slug}/members`, `/c/${slug}/settings/__data.json?x-sveltekit-invalidated=001`, `/c/${slug}/posts/new/__data.json?x-sveltekit-invalidated=001`]) {
      checks.push({ path });
    }
    checks.push({ path: `/c/${slug}/settings`, shows: (who) => (who === 'author' ? [...charter, ...named] : []) });
    // Its tag: the page repeats the tag it was asked for, and nothing else.
    for (const path of [`/tags/${c.tag}`, `/tags/${c.tag}/__data.json`, `/api/v1/tags/${c.tag}/posts`]) {
      checks.push({ path, shows: ifReader([c.title, c.body]), echoes: [c.tag] });
    }
    // Feed readers are anonymous: only a public community has one.
    checks.push({ path: `/c/${slug}/feed.atom`, shows: place === 'pub' ? () => [c.title, c.body, c.tag] : undefined });
    checks.push({ path: `/p/${id}/files/${s.attachment[place]}`, shows: ifReader([c.fileBody, c.fileName]) });
  }
  return checks;
}

type Answer = { status: number; headers: Headers; text: string };

async function get(path: string, cookie: string | null): Promise<Answer> {
  const response = await fetch(`${instance.origin}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
  // Headers count too: a file name could slip out through Content-Disposition.
  const headerText = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
  return { status: response.status, headers: response.headers, text: `${headerText}\n\n${body}` };
}

describe('private data over HTTP', () => {
  let seeded: Seeded;
  let cookies: Record<Who, string | null>;
  beforeAll(async () => {
    ({ seeded, cookies } = await seed());
  });

  it('gives every canary to those who may read it and to no one else, through pages, __data.json, the API, feeds and files', async () => {
    const checks = checksFor(seeded);
    const leaks: string[] = [];
    const missing: string[] = [];
    let requests = 0;
    for (const who of everyone) {
      const forbidden = forbiddenFor(who);
      const answers = await Promise.all(checks.map((check) => get(check.path, cookies[who])));
      requests += answers.length;
      checks.forEach((check, index) => {
        const answer = answers[index]!;
        for (const secret of forbidden) {
          if (check.echoes?.includes(secret)) continue;
          if (answer.text.includes(secret)) leaks.push(`${who} ← ${check.path} (${answer.status}): ${secret}`);
        }
        for (const expected of check.shows?.(who) ?? []) {
          if (!answer.text.includes(expected)) missing.push(`${who} ✗ ${check.path} (${answer.status}): ${expected}`);
        }
      });
    }
    expect(leaks, `private content reached someone who may not read it:\n${leaks.join('\n')}`).toEqual([]);
    expect(missing, `content its readers should see is missing (the checks would prove nothing):\n${missing.join('\n')}`).toEqual([]);
    expect(requests).toBeGreaterThan(400);
  });

  it('serves files only as downloads, to their readers, and answers anyone else as for a missing file', async () => {
    for (const place of places) {
      const c = canariesOf(place);
      const path = `/p/${seeded.post[place]}/files/${seeded.attachment[place]}`;
      for (const who of everyone) {
        const answer = await get(path, cookies[who]);
        if (!mayRead(who, place)) {
          expect(answer.status, `${who} ${place}`).toBe(404);
          expect(answer.headers.get('content-disposition')).toBeNull();
          continue;
        }
        expect(answer.status, `${who} ${place}`).toBe(200);
        expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
        expect(answer.headers.get('content-disposition')).toContain(c.fileName);
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(answer.text).toContain(c.fileBody);
      }
      // Revalidating tells nothing either: a 304 would confirm the file exists.
      if (place !== 'pub') {
        const revalidated = await fetch(`${instance.origin}${path}`, { redirect: 'manual', headers: { 'if-none-match': `"${seeded.attachment[place]}"`, cookie: cookies.outsider! } });
        expect(revalidated.status).toBe(404);
      }
      // A file of another publication, or a made-up one, is missing too — even for a reader.
      const elsewhere = await get(`/p/${seeded.sharedPost}/files/${seeded.attachment[place]}`, cookies.author);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.text).not.toContain(c.fileBody);
    }
    const made = await get(`/p/${seeded.post.pub}/files/${newId()}`, cookies.author);
    expect(made.status).toBe(404);
  });
});
