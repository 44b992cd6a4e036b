// The authorisation matrix for what Ruche pushes to members (issue 7), beside matrix-posts.spec.ts:
// notifications (the list, the API, opening one), the live stream, digests, notification emails and
// forwarded messages. Private content hides canaries — a private community's publications, comment,
// answered question and call to all, activities for its members or its animators only, resources for
// its members or their authors only, a conversation's subject and message, another community's call —
// and every principal's inbox, stream, digest and outbox may hold only the canaries they may read:
// when it was sent for an email already sent, now for what is read or built now. Members removed or
// banned after being told, and a resource made private since, prove that reading filters at read time.
// A new path is a new row; a new secret is a new canary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { leaksIn, requestEvent, runApi, runDomain, runPage, type Answer } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, decideRequest, endMembership, joinCommunity } from '../communities';
import { addComment, createPost, markAnswer } from '../posts';
import { createEvent, rsvp, updateEvent } from '../events';
import { addToNotebook, createNotebook, createResource, setNotebookMember, updateResource } from '../library';
import { blockMember, postMessage, startConversation } from '../messages';
import { savePreferences, notificationKinds, type Channel, type NotificationKind } from '../preferences';
import { fanOut, listNotifications, markRead, openNotification } from '../notifications';
import { stopListening } from '../notifications/live';
import { sendDigest } from '../digests';
import { decideProposal, setVolunteer } from '../proposals';
import * as notificationsApi from '../../../routes/api/v1/notifications/+server';
import * as readApi from '../../../routes/api/v1/notifications/read/+server';
import * as streamApi from '../../../routes/api/v1/stream/+server';
import * as preferencesApi from '../../../routes/api/v1/me/preferences/+server';
import * as openRoute from '../../../routes/notifications/open/[id]/+server';

const instance = useTestInstance();
const db = () => instance.db;
afterAll(stopListening);

/**
 * Their standing in the private community "Cercle", where it all happens: `author` writes there, its
 * `animator` calls everyone and runs its activities, `blocker` blocked the author, `removed` and
 * `banned` were members when told and are not any more, `requester` waits, `declined` was refused,
 * `otherMember` belongs to another private community only.
 */
const principals = ['anonymous', 'outsider', 'requester', 'declined', 'otherMember', 'member', 'author', 'blocker', 'removed', 'banned', 'animator', 'admin'] as const;
type Principal = (typeof principals)[number];
const withAccount = principals.filter((p) => p !== 'anonymous');

const secrets = ['hidden-name', 'post-title', 'post-body', 'comment', 'question', 'call', 'event-members', 'event-animators', 'res-communities', 'res-authors', 'res-later', 'subject', 'message', 'other'] as const;
type Secret = (typeof secrets)[number];
const canary = (s: Secret) => `canary-${s}`;

/** Active in the Cercle when things happened, and now. */
const inCercleThen: Principal[] = ['member', 'author', 'blocker', 'removed', 'banned', 'animator'];
const inCercleNow: Principal[] = ['member', 'author', 'blocker', 'animator'];

/**
 * Who may read each secret, from the issue and the access rules: a private community's content is for
 * its active members (and administrators), an activity for animators only for them, a resource for
 * its linked communities' members or its authors, a conversation for those in it — except what a
 * member they blocked wrote. `res-later` was for the Cercle and is for its author only since.
 */
function readers(s: Secret, when: 'then' | 'now'): Principal[] {
  const cercle = when === 'then' ? inCercleThen : inCercleNow;
  switch (s) {
    case 'post-title':
    case 'post-body':
    case 'comment':
    case 'question':
    case 'call':
    case 'event-members':
    case 'res-communities':
      return [...cercle, 'admin'];
    case 'event-animators':
      return ['animator', 'admin'];
    case 'res-authors':
      return ['author', 'admin'];
    case 'res-later':
      return when === 'then' ? [...inCercleThen, 'admin'] : ['author', 'admin'];
    case 'subject':
      return ['author', 'member', 'removed', 'banned', 'blocker'];
    case 'message':
      return ['author', 'member', 'removed', 'banned'];
    case 'other':
      return ['otherMember', 'admin'];
    case 'hidden-name':
      return when === 'then' ? ['animator', 'removed', 'admin'] : ['animator', 'admin'];
  }
}
const maySee = (p: Principal, when: 'then' | 'now') => (s: Secret) => readers(s, when).includes(p);
const leaks = (text: string, p: Principal, when: 'then' | 'now') => leaksIn(text, secrets, canary, maySee(p, when));
const missing = (text: string, shows: Secret[]) => shows.filter((s) => !text.toLowerCase().includes(canary(s)));

/** Most chose every kind by email; these chose the digest (messages still forwarded), to test its notifications. */
const byDigest: Principal[] = ['author', 'removed', 'banned'];

type World = {
  actors: Record<Principal, Actor | null>;
  handles: Record<Principal, string>;
  cercle: string;
  hidden: string;
  posts: { post: string; question: string; call: string; other: string };
  resources: { communities: string; authors: string; later: string };
  conversation: string;
  /** Notification rows before anyone was removed, for the refused-actions rows. */
  memberNotification: string;
};

async function seed(): Promise<World> {
  const actors = { anonymous: null } as Record<Principal, Actor | null>;
  const handles = {} as Record<Principal, string>;
  const names: Record<Exclude<Principal, 'anonymous'>, string> = {
    outsider: 'Passante Ailleurs', requester: 'Demandeuse Patiente', declined: 'Refusée Poliment', otherMember: 'Voisine Discrète', member: 'Membre Fidèle',
    author: 'Autrice Prolifique', blocker: 'Membre Bloqueuse', removed: 'Ancienne Membre', banned: 'Membre Suspendue', animator: 'Animatrice Cercle', admin: 'Admin Instance'
  };
  for (const p of withAccount) {
    const actor = await person(db(), names[p], { role: p === 'admin' ? 'admin' : 'member' });
    actors[p] = actor;
    handles[p] = (await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow()).handle;
    // Everyone may receive plenty of email this week: nothing is folded by the budget by chance.
    await db().updateTable('users').set({ email_budget: 100 }).where('id', '=', actor.id).execute();
    const channel: Channel = byDigest.includes(p) ? 'digest' : 'email';
    const chosen = Object.fromEntries(Object.keys(notificationKinds).map((kind) => [kind, kind === 'private_message' ? 'email' : channel])) as Record<NotificationKind, Channel>;
    await savePreferences(db(), actor, chosen);
  }
  const a = (p: Principal) => actors[p]!;

  const cercle = await createCommunity(db(), a('animator'), { name: 'Cercle privé', slug: 'matrice-cercle', visibility: 'private', joinPolicy: 'request' });
  for (const p of ['member', 'author', 'blocker', 'removed', 'banned'] as const) await addMemberByEmail(db(), a('animator'), cercle.slug, { email: a(p).email });
  await joinCommunity(db(), a('requester'), cercle.slug);
  await joinCommunity(db(), a('declined'), cercle.slug);
  await decideRequest(db(), a('animator'), cercle.slug, a('declined').id, { approve: false });
  const otherAnimator = await person(db(), 'Animateur Voisin');
  const other = await createCommunity(db(), otherAnimator, { name: 'Voisinage privé', slug: 'matrice-voisinage', visibility: 'private', joinPolicy: 'request' });
  await addMemberByEmail(db(), otherAnimator, other.slug, { email: a('otherMember').email });
  // A hidden community whose name is a secret: `removed` asked to join (as someone invited may) and was approved.
  const hidden = await createCommunity(db(), a('animator'), { name: `Cachée ${canary('hidden-name')}`, slug: 'matrice-cachee', visibility: 'hidden', joinPolicy: 'request' });
  await db().insertInto('memberships').values({ id: newId(), community_id: hidden.id, user_id: a('removed').id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
  await decideRequest(db(), a('animator'), hidden.slug, a('removed').id, { approve: true });

  // A publication mentioning everyone: only those who may read it are told.
  const mentions = withAccount.map((p) => `@${handles[p]}`).join(' ');
  const { id: post } = await createPost(db(), a('author'), cercle.slug, { title: canary('post-title'), body: `${canary('post-body')} ${mentions}` });
  for (const p of ['member', 'blocker', 'removed', 'banned'] as const) await addComment(db(), a(p), post, { body: `${canary('comment')} de ${names[p]}` });
  await addComment(db(), a('author'), post, { body: 'Merci à toutes.' });
  const { id: question } = await createPost(db(), a('author'), cercle.slug, { title: canary('question'), body: 'Comment faites-vous ?', kind: 'question' });
  const { id: answer } = await addComment(db(), a('member'), question, { body: 'Ainsi.' });
  await addComment(db(), a('removed'), question, { body: 'Ou autrement.' });
  await markAnswer(db(), a('author'), question, answer);
  const { id: call } = await createPost(db(), a('animator'), cercle.slug, { title: canary('call'), body: 'Venez nombreuses.', kind: 'call' });
  const { id: otherCall } = await createPost(db(), otherAnimator, other.slug, { title: canary('other'), body: 'Entre voisines.', kind: 'call' });

  // Activities in three days: one for members, one for animators; members registered for the first hear it moved.
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const start = now() + 3 * 86_400_000;
  const times = { startsAt: iso(start), endsAt: iso(start + 3_600_000), timeZone: 'UTC' };
  const { id: forMembers } = await createEvent(db(), a('animator'), { communities: [cercle.slug], title: canary('event-members'), audience: 'members', ...times });
  await createEvent(db(), a('animator'), { communities: [cercle.slug], title: canary('event-animators'), audience: 'animators', ...times });
  for (const p of ['member', 'author', 'blocker', 'removed', 'banned'] as const) await rsvp(db(), a(p), forMembers, { status: 'going' });
  await updateEvent(db(), a('animator'), forMembers, { startsAt: iso(start + 3_600_000), endsAt: iso(start + 7_200_000), timeZone: 'UTC' });

  // Resources added to a notebook its contributors follow; the newest readable one names the group.
  const note = (title: Secret, visibility: 'communities' | 'authors') =>
    createResource(db(), a('author'), { kind: 'note', title: canary(title), body: 'Une fiche.', visibility, communities: [cercle.slug] });
  const later = (await note('res-later', 'communities')).id;
  const authors = (await note('res-authors', 'authors')).id;
  const communities = (await note('res-communities', 'communities')).id;
  const { id: notebook } = await createNotebook(db(), a('author'), { title: 'Carnet du cercle', visibility: 'communities', communities: [cercle.slug] });
  for (const p of ['member', 'removed', 'banned'] as const) await setNotebookMember(db(), a('author'), notebook, handles[p], 'contributor');
  for (const id of [later, authors, communities]) await addToNotebook(db(), a('author'), notebook, id);

  // A group conversation; the blocker blocks its author after the first message.
  const { id: conversation } = await startConversation(db(), a('author'), { to: ['member', 'removed', 'banned', 'blocker'].map((p) => handles[p as Principal]), subject: canary('subject'), body: 'Bonjour à vous.' });
  await blockMember(db(), a('blocker'), handles.author);
  await postMessage(db(), a('author'), conversation, { body: `${canary('message')} : entre nous.` });

  while ((await fanOut(db())) > 0);
  const memberNotification = (await db().selectFrom('notifications').select('id').where('user_id', '=', a('member').id).where('post_id', '=', post).executeTakeFirstOrThrow()).id;
  return { actors, handles, cercle: cercle.slug, hidden: hidden.slug, posts: { post, question, call, other: otherCall }, resources: { communities, authors, later }, conversation, memberNotification };
}

/** What each principal's inbox must show now (the positive half: a filter that drops everything would fail). */
const listShowsNow: Partial<Record<Principal, Secret[]>> = {
  member: ['post-title', 'question', 'call', 'event-members', 'res-communities'],
  author: ['post-title'],
  blocker: ['post-title', 'call', 'event-members'],
  otherMember: ['other']
};

/** The domain list and the API's, as text to search. */
async function inboxes(actor: Actor | null): Promise<Answer[]> {
  return [await runDomain(() => listNotifications(db(), actor)), await runApi(notificationsApi.GET, { actor, path: '/api/v1/notifications' })];
}

/** Opens the stream as `actor` through the real endpoint; every byte read is kept to search. */
async function openStream(actor: Actor) {
  const controller = new AbortController();
  const base = requestEvent({ actor, path: '/api/v1/stream' });
  const response = await streamApi.GET({ ...base, request: new Request(base.url, { signal: controller.signal }) } as never);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let all = '';
  async function next(name: string): Promise<{ unread: number }> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const match = buffer.match(new RegExp(`event: ${name}\ndata: (.*)\n\n`));
      if (match) {
        buffer = buffer.slice(buffer.indexOf(match[0]) + match[0].length);
        return JSON.parse(match[1]!) as { unread: number };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${name} event within 5 s`);
      const chunk = await Promise.race([reader.read(), new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), left))]);
      if (chunk === 'late') continue;
      if (chunk.done) throw new Error('stream closed');
      const text = decoder.decode(chunk.value);
      buffer += text;
      all += text;
    }
  }
  return { response, next, bytes: () => all, close: () => controller.abort() };
}

/** Unread notifications of this member that point at nothing, or at something they may read now: what the count must be. */
async function readableUnread(w: World, p: Principal): Promise<number> {
  const rows = await db().selectFrom('notifications').selectAll().where('user_id', '=', w.actors[p]!.id).where('read_at', 'is', null).execute();
  const readable = new Set<string>();
  if (inCercleNow.includes(p) || p === 'admin') readable.add(w.posts.post).add(w.posts.question).add(w.posts.call);
  if (p === 'otherMember' || p === 'admin') readable.add(w.posts.other);
  const events = await db().selectFrom('events').select(['id', 'audience']).execute();
  for (const e of events) if (p === 'admin' || (e.audience === 'members' && inCercleNow.includes(p)) || (e.audience === 'animators' && p === 'animator')) readable.add(e.id);
  if (inCercleNow.includes(p) || p === 'admin') readable.add(w.resources.communities);
  if (p === 'author' || p === 'admin') readable.add(w.resources.authors).add(w.resources.later);
  const hidden = await db().selectFrom('communities').select('id').where('slug', '=', w.hidden).executeTakeFirstOrThrow();
  const pointsAt = (r: (typeof rows)[number]) => [r.post_id, r.event_id, r.resource_id].filter((id) => id !== null);
  // About a community only: named to them while they may know of it (a hidden one, while in it).
  const knows = (r: (typeof rows)[number]) => r.community_id !== hidden.id || maySee(p, 'now')('hidden-name');
  return rows.filter((r) => (pointsAt(r).length > 0 ? pointsAt(r).every((id) => readable.has(id)) : knows(r))).length;
}

const emailsOf = async (actor: Actor, since = 0) =>
  db().selectFrom('emails').select(['id', 'subject', 'text_body', 'html_body', 'headers', 'created_at']).where('to_address', '=', actor.email).where('created_at', '>=', since).orderBy('created_at').execute();
const emailText = (e: { subject: string; text_body: string; html_body: string | null; headers: string | null }) => [e.subject, e.headers ?? '', e.text_body, e.html_body ?? ''].join('\n');

describe('what Ruche pushes to members: only what each may read', () => {
  let w: World;
  /** Inbox texts and stream before anyone was removed. */
  const before = {} as Record<Principal, string>;
  let removedStream: Awaited<ReturnType<typeof openStream>>;
  let unreadBefore = 0;
  let changedAt = 0;

  beforeAll(async () => {
    w = await seed();
    for (const p of principals) before[p] = (await inboxes(w.actors[p])).map((a) => a.text).join('\n');
    removedStream = await openStream(w.actors.removed!);
    unreadBefore = (await removedStream.next('notifications')).unread;
    // Then the Cercle lets two go, and a resource it shared is kept for its author only.
    changedAt = now();
    await endMembership(db(), w.actors.animator, w.cercle, w.actors.removed!.id, 'removed');
    await endMembership(db(), w.actors.animator, w.cercle, w.actors.banned!.id, 'banned');
    await endMembership(db(), w.actors.animator, w.hidden, w.actors.removed!.id, 'removed');
    const { revision } = await db().selectFrom('resources').select('revision').where('id', '=', w.resources.later).executeTakeFirstOrThrow();
    await updateResource(db(), w.actors.author, w.resources.later, { visibility: 'authors', revision });
  }, 120_000);
  afterAll(() => removedStream?.close());

  it('the fan-out told each member only what they could read then, and the removed ones were told', () => {
    for (const p of principals) {
      expect(leaks(before[p], p, 'then'), p).toEqual([]);
    }
    for (const p of ['removed', 'banned'] as const) expect(missing(before[p], ['post-title', 'call', 'event-members', 'res-communities']), p).toEqual([]);
    expect(missing(before.removed, ['hidden-name']), 'removed').toEqual([]);
    expect(missing(before.member, ['res-communities']), 'member').toEqual([]);
  });

  it('the fan-out wrote no notification about what its recipient could not read then', async () => {
    const secretOf = new Map<string, Secret>([
      [w.posts.post, 'post-title'], [w.posts.question, 'question'], [w.posts.call, 'call'], [w.posts.other, 'other'],
      [w.resources.communities, 'res-communities'], [w.resources.authors, 'res-authors'], [w.resources.later, 'res-later']
    ]);
    for (const e of await db().selectFrom('events').select(['id', 'audience']).execute()) secretOf.set(e.id, e.audience === 'animators' ? 'event-animators' : 'event-members');
    const wrong: string[] = [];
    for (const p of withAccount) {
      const rows = await db().selectFrom('notifications').select(['kind', 'post_id', 'event_id', 'resource_id']).where('user_id', '=', w.actors[p]!.id).where('created_at', '<', changedAt).execute();
      for (const row of rows) {
        const secret = secretOf.get(row.post_id ?? row.event_id ?? row.resource_id ?? '');
        if (secret && !maySee(p, 'then')(secret)) wrong.push(`${p}: ${row.kind} about ${secret}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('listNotifications and GET /notifications: every principal sees only what they may read now', async () => {
    for (const p of principals) {
      for (const answer of await inboxes(w.actors[p])) {
        const label = `${p}: ${answer.status} ${answer.text.slice(0, 200)}`;
        expect(answer.status, label).toBe(p === 'anonymous' ? 401 : 200);
        expect(leaks(answer.text, p, 'now'), label).toEqual([]);
        expect(missing(answer.text, listShowsNow[p] ?? []), label).toEqual([]);
      }
    }
    // The rows are still there: it is reading that filters them, not the removal that deleted them.
    const kept = await db().selectFrom('notifications').select('id').where('user_id', '=', w.actors.removed!.id).where('post_id', '=', w.posts.post).execute();
    expect(kept.length).toBeGreaterThan(0);
    const later = await db().selectFrom('notifications').select('id').where('user_id', '=', w.actors.member!.id).where('resource_id', '=', w.resources.later).execute();
    expect(later, 'the member was told of the resource while it was theirs to read').toHaveLength(1);
  });

  it('the stream carries counts only, and a removed member’s count drops for what they may no longer read', async () => {
    const removed = w.actors.removed!;
    const expected = await readableUnread(w, 'removed');
    expect(expected, 'some of their notifications became unreadable').toBeLessThan(unreadBefore);
    // Something new for them (a message) makes the stream send the counts as they are now.
    await postMessage(db(), w.actors.author, w.conversation, { body: 'Encore un mot.' });
    expect((await removedStream.next('notifications')).unread).toBe(await readableUnread(w, 'removed'));
    expect((await runApi(notificationsApi.GET, { actor: removed, path: '/api/v1/notifications' })).text).toContain(`"unread":${await readableUnread(w, 'removed')}`);
    // Every principal's first events: counts, nothing else.
    for (const p of withAccount) {
      const live = await openStream(w.actors[p]!);
      const unread = await live.next('notifications');
      await live.next('messages');
      live.close();
      expect(unread.unread, p).toBe(await readableUnread(w, p));
      expect(leaks(live.bytes(), p, 'now'), p).toEqual([]);
      expect(live.bytes().replace(/retry: \d+|event: (notifications|messages)|data: \{"unread":\d+\}|\s/g, ''), p).toBe('');
    }
    expect(leaks(removedStream.bytes(), 'removed', 'now')).toEqual([]);
    expect((await runApi(streamApi.GET, { actor: null, path: '/api/v1/stream' })).status).toBe(401);
  });

  // After the stream: opening marks their notifications read.
  it('a removed member opening what they were told about learns nothing of it', async () => {
    for (const p of ['removed', 'banned'] as const) {
      const actor = w.actors[p]!;
      const rows = await db().selectFrom('notifications').select('id').where('user_id', '=', actor.id).execute();
      expect(rows.length, p).toBeGreaterThan(0);
      for (const { id } of rows) {
        for (const answer of [await runDomain(() => openNotification(db(), actor, id)), await runPage(openRoute.GET, { actor, path: `/notifications/open/${id}`, params: { id } })]) {
          expect(leaks(answer.text, p, 'now'), `${p}: ${answer.text}`).toEqual([]);
        }
      }
    }
  });

  it('digests, built at send time: only what the recipient may read now, and none when nothing is', async () => {
    const at = now() + 1_000;
    /** Recipients with something readable, and what their digest must carry. */
    const shows: Partial<Record<Principal, Secret[]>> = {
      member: ['post-title', 'question', 'call', 'event-members', 'res-communities'],
      blocker: ['post-title', 'question', 'call', 'event-members', 'res-communities'],
      animator: ['post-title', 'question', 'event-members', 'event-animators', 'res-communities'],
      // Their own publications are not news to them; the replies they chose in the digest are.
      author: ['post-title', 'call', 'event-members'],
      otherMember: ['other']
    };
    for (const p of withAccount) {
      const actor = w.actors[p]!;
      const mark = now();
      const sent = await sendDigest(db(), actor.id, 'weekly', at, null);
      const digests = (await emailsOf(actor, mark)).filter((e) => e.headers?.includes('List-Unsubscribe'));
      expect(sent, p).toBe(shows[p] !== undefined);
      expect(digests, p).toHaveLength(shows[p] ? 1 : 0);
      for (const email of digests) {
        for (const part of [email.text_body, email.html_body ?? '']) {
          expect(leaks(part, p, 'now'), `${p}: ${part.slice(0, 300)}`).toEqual([]);
          expect(missing(part, shows[p]!), p).toEqual([]);
        }
        expect(leaks(email.subject, p, 'now'), p).toEqual([]);
      }
    }
  });

  it('notification emails and forwarded messages: only what the recipient could read when sent', async () => {
    /** What the outbox must hold for them. */
    const shows: Partial<Record<Principal, Secret[]>> = {
      member: ['post-title', 'question', 'call', 'subject', 'message'],
      blocker: ['post-title', 'call', 'subject'],
      removed: ['subject', 'message'],
      otherMember: ['other']
    };
    for (const p of withAccount) {
      const actor = w.actors[p]!;
      const emails = await emailsOf(actor);
      const sentThen = emails.filter((e) => e.created_at < changedAt).map(emailText).join('\n');
      const sentNow = emails.filter((e) => e.created_at >= changedAt).map(emailText).join('\n');
      expect(leaks(sentThen, p, 'then'), p).toEqual([]);
      expect(leaks(sentNow, p, 'now'), p).toEqual([]);
      expect(missing(sentThen, shows[p] ?? []), p).toEqual([]);
    }
    // A call to all from a private community reaches its members only, in the app and by email.
    const told = await db().selectFrom('notifications').select('user_id').where('post_id', '=', w.posts.call).where('kind', '=', 'call_to_all').execute();
    const ids = (ps: readonly Principal[]) => ps.map((p) => w.actors[p]!.id).sort();
    expect(told.map((r) => r.user_id).sort()).toEqual(ids(['member', 'author', 'blocker', 'removed', 'banned']));
    const emailed = await db().selectFrom('emails').select('to_address').where('subject', 'like', `%${canary('call')}%`).execute();
    expect(emailed.map((e) => e.to_address).sort()).toEqual(['member', 'blocker'].map((p) => w.actors[p as Principal]!.email).sort());
    // A message from the member one blocked is neither notified nor forwarded; a new conversation is refused.
    const blocker = w.actors.blocker!;
    const messages = await db().selectFrom('notifications').select('id').where('user_id', '=', blocker.id).where('kind', '=', 'private_message').execute();
    expect(messages, 'only the first message, before the block').toHaveLength(1);
    const mark = now();
    expect(await outcome(startConversation(db(), w.actors.author, { to: [w.handles.blocker], body: `${canary('message')} encore` }))).toBe('forbidden:messages.errors.cannot_write');
    expect(await emailsOf(blocker, mark)).toEqual([]);
  });

  it('refused: marking read or opening someone else’s notification, and reading or writing preferences without an account', async () => {
    const target = w.memberNotification;
    const rows = async () => JSON.stringify(await db().selectFrom('notifications').selectAll().where('user_id', '=', w.actors.member!.id).orderBy('id').execute());
    const seeded = await rows();
    for (const p of principals.filter((p) => p !== 'member')) {
      const actor = w.actors[p];
      const answers = [
        await runDomain(() => markRead(db(), actor, { id: target })),
        await runDomain(() => openNotification(db(), actor, target)),
        await runApi(readApi.POST, { actor, method: 'POST', path: '/api/v1/notifications/read', json: { id: target } }),
        await runPage(openRoute.GET, { actor, path: `/notifications/open/${target}`, params: { id: target } })
      ];
      for (const answer of answers) {
        const label = `${p}: ${answer.status} ${answer.text.slice(0, 200)}`;
        // Signed out: asked to sign in (401, or the page's redirect to /login); anyone else: not found.
        if (p === 'anonymous') expect([401, 303], label).toContain(answer.status);
        else expect(answer.status, label).toBe(404);
        if (answer.status === 303) expect(answer.text, label).toMatch(/^\/login/);
        expect(leaks(answer.text, p, 'now'), label).toEqual([]);
      }
      expect(await rows(), `${p} changed the member's notifications`).toBe(seeded);
    }
    // Preferences are one's own: nobody can name someone else's, and nobody signed out reads or writes any.
    const preferences = async () => JSON.stringify(await db().selectFrom('notification_preferences').selectAll().orderBy('user_id').orderBy('kind').execute());
    const stored = await preferences();
    for (const p of principals) {
      const actor = w.actors[p];
      const read = await runApi(preferencesApi.GET, { actor, path: '/api/v1/me/preferences' });
      const written = await runApi(preferencesApi.PUT, { actor: p === 'anonymous' ? null : actor, method: 'PUT', path: '/api/v1/me/preferences', json: { kinds: { mention: 'off' } } });
      if (p === 'anonymous') {
        expect([read.status, written.status]).toEqual([401, 401]);
        expect(await preferences()).toBe(stored);
        continue;
      }
      expect(read.status, read.text).toBe(200);
      const own = byDigest.includes(p) ? 'digest' : 'email';
      expect(JSON.parse(read.text).kinds.reply, p).toBe(own);
      expect(leaks(read.text, p, 'now'), p).toEqual([]);
      expect(written.status, written.text).toBe(200);
    }
    // Each wrote only their own row.
    const off = await db().selectFrom('notification_preferences').select('user_id').where('kind', '=', 'mention').where('channel', '=', 'off').execute();
    expect(off.map((r) => r.user_id).sort()).toEqual(withAccount.map((p) => w.actors[p]!.id).sort());
  });

  // Last, as it adds a publication to the Cercle: a proposal there has the readers of any of its publications.
  it('a decision on a proposal: told to its proposer and volunteers who may still read it, not to a volunteer who left the Cercle', async () => {
    const a = (p: Principal) => w.actors[p]!;
    const leaver = await person(db(), 'Volontaire Partie');
    await savePreferences(db(), leaver, { proposal_decided: 'email' });
    await addMemberByEmail(db(), a('animator'), w.cercle, { email: leaver.email });
    const { id } = await createPost(db(), a('author'), w.cercle, { kind: 'proposal', title: `${canary('post-title')} : un atelier`, body: 'Entre nous.' });
    for (const helper of [a('member'), leaver]) await setVolunteer(db(), helper, id, true);
    await endMembership(db(), leaver, w.cercle, leaver.id, 'left');
    const mark = now();
    await decideProposal(db(), a('animator'), id, { status: 'declined', reason: 'Pas cette année.' });
    while ((await fanOut(db())) > 0);
    const told = await db().selectFrom('notifications').select('user_id').where('post_id', '=', id).where('kind', '=', 'proposal_decided').execute();
    expect(told.map((r) => r.user_id).sort()).toEqual([a('author').id, a('member').id].sort());
    // Nothing of it reaches the one who left: not in the list, not through the API, not by email.
    for (const answer of await inboxes(leaver)) expect(answer.text).not.toContain(canary('post-title'));
    expect(await emailsOf(leaver, mark)).toEqual([]);
    expect((await emailsOf(a('member'), mark)).map(emailText).join('\n')).toContain(canary('post-title'));
  });
});
