import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, decideRequest, endMembership, joinCommunity } from '../communities';
import { addComment, createPost, markAnswer } from '../posts';
import { savePreferences } from '../preferences';
import { ensureProfile } from '../profiles';
import { fanOut, listNotifications, markRead, openNotification, unreadCount } from '.';
import { cancelEvent, createEvent, rsvp } from '../events';
import { buildDigest } from '../digests';

const instance = useTestInstance();
const db = () => instance.db;

async function member_(name: string): Promise<Actor & { handle: string }> {
  const actor = await person(db(), name);
  await ensureProfile(db(), actor.id, name);
  const { handle } = await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow();
  return { ...actor, handle };
}

async function community(visibility: 'public' | 'private', joinPolicy: 'open' | 'request' = 'open', ...members: Actor[]) {
  const animator = await member_('Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy });
  for (const m of members) await joinCommunity(db(), m, created.slug);
  return { slug: created.slug, animator };
}

/** Runs the fan-out as the job does, until nothing is pending. */
async function settle() {
  while ((await fanOut(db())) > 0);
}

const kindsOf = async (actor: Actor) => (await listNotifications(db(), actor)).groups.map((g) => [g.kind, g.count]);

describe('notifications', () => {
  it('tells the mentioned member, the author about comments, and followers, never the one who acted', async () => {
    const author = await member_('Amélie Tremblay');
    const mentioned = await member_('Nadia Bouchard');
    const commenter = await member_('Omar Haddad');
    const c = await community('public', 'open', author, mentioned, commenter);
    const { id: postId } = await createPost(db(), author, c.slug, { title: 'Accueillir en région', body: `Qu’en pensez-vous @${mentioned.handle} ?`, kind: 'question' });
    await addComment(db(), commenter, postId, { body: 'Une piste : le parrainage.' });
    await addComment(db(), mentioned, postId, { body: 'Je confirme.' });
    await settle();
    expect(await kindsOf(mentioned)).toEqual([['mention', 1]]);
    // The author follows their publication: two comments are one group of replies.
    expect(await kindsOf(author)).toEqual([['reply', 2]]);
    // The commenter follows it since commenting: the later comment reaches them as a comment.
    expect(await kindsOf(commenter)).toEqual([['comment', 1]]);
    const [group] = (await listNotifications(db(), author)).groups;
    expect(group).toMatchObject({ title: 'Accueillir en région', href: expect.stringMatching(new RegExp(`^/p/${postId}#comment-`)), unread: true });
    expect(group!.actors.sort()).toEqual(['Nadia Bouchard', 'Omar Haddad']);
  });

  it('notifies once however often the fan-out runs, and marks a group or everything read', async () => {
    const author = await member_('Amélie Tremblay');
    const other = await member_('Omar Haddad');
    const c = await community('public', 'open', author, other);
    const { id: postId } = await createPost(db(), author, c.slug, { title: 'Question', body: 'Laquelle ?', kind: 'question' });
    const { id: commentId } = await addComment(db(), other, postId, { body: 'Celle-ci.' });
    await settle();
    await db().updateTable('journal').set({ processed_at: null }).where('post_id', '=', postId).execute();
    await settle();
    expect(await unreadCount(db(), author)).toBe(1);
    await markAnswer(db(), author, postId, commentId);
    await settle();
    expect(await kindsOf(other)).toEqual([['answer', 1]]);
    const [group] = (await listNotifications(db(), author)).groups;
    expect(await openNotification(db(), author, group!.id)).toBe(`/p/${postId}#comment-${commentId}`);
    expect(await unreadCount(db(), author)).toBe(0);
    expect(await markRead(db(), other, 'all')).toEqual({ unread: 0 });
    // Someone else's notification is not theirs to open.
    expect(await openNotification(db(), other, group!.id).catch((e) => e.code)).toBe('not_found');
  });

  it('reaches every member with a call to all, and tells animators of a request and the member of its approval', async () => {
    const a = await member_('Amélie Tremblay');
    const b = await member_('Omar Haddad');
    const c = await community('private', 'request');
    await joinCommunity(db(), a, c.slug);
    await settle();
    expect(await kindsOf(c.animator)).toEqual([['join_request', 1]]);
    await decideRequest(db(), c.animator, c.slug, a.id, { approve: true });
    await settle();
    expect(await kindsOf(a)).toEqual([['request_approved', 1]]);
    await createPost(db(), c.animator, c.slug, { title: 'Appel à tous : vos outils', body: 'Partagez-les.', kind: 'call' });
    await settle();
    expect(await kindsOf(a)).toEqual([
      ['call_to_all', 1],
      ['request_approved', 1]
    ]);
    expect(await kindsOf(b)).toEqual([]);
    // A call to all comes by email too, by default; a join request stays in the app.
    const emails = await db().selectFrom('emails').select(['to_address', 'subject']).where('to_address', 'in', [a.email, c.animator.email]).execute();
    expect(emails.filter((e) => e.to_address === a.email && e.subject.includes('Appel à tous : vos outils'))).toHaveLength(1);
    expect(emails.filter((e) => e.to_address === c.animator.email && e.subject.includes('Appel à tous'))).toHaveLength(0);
  });

  it('tells nobody about what they may no longer read, and respects a kind turned off', async () => {
    const author = await member_('Amélie Tremblay');
    const gone = await member_('Omar Haddad');
    const quiet = await member_('Nadia Bouchard');
    const c = await community('private', 'open', author, gone, quiet);
    const { id: postId } = await createPost(db(), author, c.slug, { title: 'Secret canari', body: 'Entre nous.' });
    await addComment(db(), gone, postId, { body: 'Noté.' });
    await addComment(db(), quiet, postId, { body: 'Noté aussi.' });
    await savePreferences(db(), quiet, { comment: 'off' });
    await endMembership(db(), gone, c.slug, gone.id, 'left');
    await addComment(db(), author, postId, { body: 'Merci à vous deux.' });
    await settle();
    expect(await kindsOf(gone)).toEqual([]);
    expect(await kindsOf(quiet)).toEqual([]);
    expect(JSON.stringify(await listNotifications(db(), gone))).not.toContain('canari');
  });

  it('counts unread up to a ceiling when asked (the header’s badge), exactly otherwise, and never what the member may no longer read', async () => {
    const author = await member_('Amélie Tremblay');
    const commenters = [await member_('Omar Haddad'), await member_('Nadia Bouchard'), await member_('Jade Roy')];
    const c = await community('private', 'open', author, ...commenters);
    const { id: postId } = await createPost(db(), author, c.slug, { title: 'Secret canari', body: 'Entre nous.' });
    for (const commenter of commenters) await addComment(db(), commenter, postId, { body: `Noté, ${commenter.name}.` });
    await settle();
    expect(await unreadCount(db(), author)).toBe(3);
    expect(await unreadCount(db(), author, 2)).toBe(2);
    expect(await unreadCount(db(), author, 100)).toBe(3);
    // Still unread in the table, no longer readable: not counted, with or without a ceiling.
    await endMembership(db(), author, c.slug, author.id, 'left');
    const rows = await db().selectFrom('notifications').select('id').where('user_id', '=', author.id).where('read_at', 'is', null).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(await unreadCount(db(), author)).toBe(0);
    expect(await unreadCount(db(), author, 2)).toBe(0);
    expect(await unreadCount(db(), null, 2)).toBe(0);
  });

  it('tells those registered that an activity is cancelled, emailed once where it happens and not again in the digest', async () => {
    const member = await member_('Omar Haddad');
    const c = await community('public', 'open', member);
    const start = Date.now() + 7 * 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Atelier annulé', startsAt: iso(start), endsAt: iso(start + 3_600_000), timeZone: 'UTC' });
    await rsvp(db(), member, id, { status: 'going' });
    await cancelEvent(db(), c.animator, id);
    await settle();
    const [group] = (await listNotifications(db(), member)).groups;
    expect(group).toMatchObject({ kind: 'event_updates', change: 'cancelled', title: 'Atelier annulé', href: `/e/${id}` });
    const cancelled = await db().selectFrom('emails').select('subject').where('to_address', '=', member.email).execute();
    // The registration's confirmation, then the cancellation: one email for it, none from the fan-out.
    expect(cancelled.filter((e) => e.subject.includes('Atelier annulé')).map((e) => e.subject.split(' ')[0]).sort()).toEqual(['Annulé', 'Inscription']);
    const digest = await buildDigest(db(), member.id, 'weekly', Date.now() + 1000, Date.now() - 86_400_000);
    expect(JSON.stringify(digest?.notifications ?? {})).not.toContain('Atelier annulé');
  });
});
