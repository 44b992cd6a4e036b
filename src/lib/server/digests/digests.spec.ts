import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person as account } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { setConfig } from '../config';
import { createCommunity } from '../communities/communities';
import { endMembership, joinCommunity } from '../communities/membership';
import { createPost } from '../posts/posts';
import { registerBuiltInJobs } from '../jobs/handlers';
import { drainJobs } from '../jobs/runner';
import { queueEmail } from '../mail/outbox';
import { setMailTransport } from '../mail/transport';
import { notify } from '../notifications/notify';
import { emailNotification } from '../notifications/email';
import { savePreferences } from '../preferences';
import { buildDigest } from './build';
import { sendDueDigests } from './send';
import { mayEmail, membersNearCeiling } from './budget';
import { unsubscribe, unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe';
import { actions as unsubscribeActions } from '../../../routes/unsubscribe/[token]/+page.server';

const instance = useTestInstance({ ORIGIN: 'https://ruche.example.org', RUCHE_NAME: 'Ruche du Nord' });
const db = () => instance.db;

/** A real SMTP server in this process: what it receives, raw, by recipient. */
const received: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  }
});

beforeAll(async () => {
  registerBuiltInJobs();
  setMailTransport(null);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  setConfig({ ...instance.config, smtpUrl: `smtp://127.0.0.1:${port}` });
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

/** Quoted-printable and encoded-word text made readable again, so assertions read plain words. */
function readable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '').replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_, word: string) => word.replace(/_/g, ' '));
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!));
  }
  return Buffer.from(bytes).toString('utf8');
}

const mailTo = (address: string) => received.filter((m) => m.to.includes(address));
const emailsTo = (address: string) => db().selectFrom('emails').selectAll().where('to_address', '=', address).execute();

/** A member who keeps welcome messages in the app, so the only emails they get are the ones under test. */
async function person(...args: Parameters<typeof account>): Promise<Actor> {
  const actor = await account(...args);
  await savePreferences(args[0], actor, { community_welcome: 'app' });
  return actor;
}

/** Makes the member's weekly digest due at `at` (their clock: UTC, that weekday and hour). */
async function dueAt(member: Actor, at: number) {
  const date = new Date(at);
  await db().updateTable('users').set({ time_zone: 'UTC', digest_weekday: date.getUTCDay(), digest_hour: date.getUTCHours() }).where('id', '=', member.id).execute();
}

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, id: created.id, animator };
}

describe('the weekly digest', () => {
  it('arrives over SMTP in the member’s language, with both parts, links back and a one-click unsubscribe', async () => {
    const at = Date.now() + 60_000;
    const reader = await person(db(), 'Sam Reader', { locale: 'en' });
    const c = await community('public', reader);
    await createPost(db(), c.animator, c.slug, { title: 'Monthly practice circle notes', body: 'Notes from the circle.' });
    await dueAt(reader, at);

    const result = await sendDueDigests(db(), at);
    expect(result.sent).toBeGreaterThanOrEqual(1);
    await drainJobs(db());

    const [mail] = mailTo(reader.email);
    expect(mail).toBeDefined();
    // Long headers are folded onto a second line; unfolded, each reads as one.
    const raw = mail!.raw.replace(/\r\n[ \t]+/g, ' ');
    const text = readable(raw);
    expect(raw).toMatch(/^List-Unsubscribe: <https:\/\/ruche\.example\.org\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(/^Content-Language: en\r?$/m);
    expect(raw).toContain('text/plain');
    expect(raw).toContain('text/html');
    expect(text).toContain('Your weekly digest — Ruche du Nord');
    expect(text).toContain('Monthly practice circle notes');
    expect(text).toContain('New posts');
    expect(text).toContain('https://ruche.example.org/p/');
    expect(text).toContain('https://ruche.example.org/account/notifications');
    expect(text).not.toMatch(/<script|<img/i);
    // The token in the header is a valid one, for this member and this digest.
    const token = /unsubscribe\/([A-Za-z0-9_.-]+)>/.exec(raw)![1]!;
    expect(await verifyUnsubscribeToken(db(), token)).toEqual({ userId: reader.id, scope: { kind: 'digest', frequency: 'weekly' } });
  });

  it('speaks French to a French member', async () => {
    const at = Date.now() + 60_000;
    const lectrice = await person(db(), 'Rose Lectrice', { locale: 'fr' });
    const c = await community('public', lectrice);
    await createPost(db(), c.animator, c.slug, { title: 'Compte rendu du cercle', body: 'Nos notes.' });
    await dueAt(lectrice, at);
    await sendDueDigests(db(), at);
    const [email] = await emailsTo(lectrice.email);
    expect(email?.subject).toBe('Votre résumé de la semaine — Ruche du Nord');
    expect(email?.locale).toBe('fr');
    expect(email?.text_body).toContain('NOUVELLES PUBLICATIONS');
    expect(email?.html_body).toContain('Nouvelles publications');
    expect(email?.html_body).toContain('<html lang="fr">');
  });

  it('never carries a private publication the member can no longer read', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Noé Parti');
    const open = await community('public', member);
    const closed = await community('private', member);
    const canary = await createPost(db(), closed.animator, closed.slug, { title: 'CANARI-PRIVE secret du comité', body: 'Ne doit pas sortir.' });
    await createPost(db(), open.animator, open.slug, { title: 'Nouvelle visible', body: 'Pour tout le monde.' });
    // A notification about the canary written while they were a member, in their digest channel.
    await notify(db(), { userId: member.id, kind: 'new_publication', groupKey: `posts:${canary.id}`, actorId: closed.animator.id, postId: canary.id, communityId: closed.id, sourceId: `canary-${canary.id}`, payload: { title: 'CANARI-PRIVE secret du comité' } });
    await endMembership(db(), member, closed.slug, member.id, 'left');
    await dueAt(member, at);

    await sendDueDigests(db(), at);
    const [email] = await emailsTo(member.email);
    expect(email?.text_body).toContain('Nouvelle visible');
    expect(`${email?.text_body}${email?.html_body}${email?.subject}`).not.toContain('CANARI');
  });

  it('sends nothing when there is nothing new', async () => {
    const at = Date.now() + 60_000;
    const quiet = await person(db(), 'Calme Plat');
    await community('public', quiet);
    await dueAt(quiet, at);
    expect(await buildDigest(db(), quiet.id, 'weekly', at)).toBeNull();
    await sendDueDigests(db(), at);
    expect(await emailsTo(quiet.email)).toHaveLength(0);
  });

  it('is sent once however many runs, and not before its hour', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Une Fois');
    const c = await community('public', member);
    await createPost(db(), c.animator, c.slug, { title: 'Une seule fois', body: '…' });
    await db().updateTable('users').set({ time_zone: 'UTC', digest_weekday: (new Date(at).getUTCDay() + 3) % 7, digest_hour: 8 }).where('id', '=', member.id).execute();
    await sendDueDigests(db(), at);
    expect(await emailsTo(member.email)).toHaveLength(0);

    await dueAt(member, at);
    await sendDueDigests(db(), at);
    await sendDueDigests(db(), at);
    await sendDueDigests(db(), at + 30 * 60_000);
    expect(await emailsTo(member.email)).toHaveLength(1);
    const mark = await db().selectFrom('digest_watermarks').selectAll().where('user_id', '=', member.id).executeTakeFirstOrThrow();
    expect(mark).toMatchObject({ frequency: 'weekly', covered_until: at, sent_at: at });
  });

  it('goes on batch after batch while more are due, each member once', async () => {
    const at = Date.now() + 3 * 24 * 60 * 60_000;
    const members = [await person(db(), 'Lot Un'), await person(db(), 'Lot Deux'), await person(db(), 'Lot Trois')];
    const c = await community('public', ...members);
    await createPost(db(), c.animator, c.slug, { title: 'Pour chaque lot', body: '…' });
    for (const member of members) await dueAt(member, at);
    const first = await sendDueDigests(db(), at, { batch: 2 });
    expect(first).toMatchObject({ checked: 2, more: true });
    let runs = 1;
    for (let more = first.more; more; runs++) more = (await sendDueDigests(db(), at, { batch: 2 })).more;
    expect(runs).toBeGreaterThan(1);
    for (const member of members) expect(await emailsTo(member.email)).toHaveLength(1);
    expect((await sendDueDigests(db(), at, { batch: 2 })).sent).toBe(0);
  });

  it('queues nothing when the run fails between queueing the email and moving the watermark, and sends it on the next run', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Panne Courte');
    const c = await community('public', member);
    await createPost(db(), c.animator, c.slug, { title: 'Après la panne', body: '…' });
    await dueAt(member, at);

    const crash = await sendDueDigests(db(), at, {
      hooks: {
        beforeMark: async (userId) => {
          if (userId !== member.id) return;
          // The email is in the transaction at this point; the crash must take it away.
          throw new Error('worker killed');
        }
      }
    });
    expect(crash.failed).toBeGreaterThanOrEqual(1);
    expect(await emailsTo(member.email)).toHaveLength(0);
    expect(await db().selectFrom('digest_watermarks').selectAll().where('user_id', '=', member.id).execute()).toHaveLength(0);
    const jobs = await db().selectFrom('jobs').select('payload').where('kind', '=', 'email.send').execute();
    const queuedIds = new Set((await db().selectFrom('emails').select('id').execute()).map((e) => e.id));
    expect(jobs.every((job) => queuedIds.has((JSON.parse(String(job.payload)) as { emailId: string }).emailId))).toBe(true);

    await sendDueDigests(db(), at);
    const emails = await emailsTo(member.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text_body).toContain('Après la panne');
  });

  it('caps each section and says how many more there are', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Grande Lectrice');
    const c = await community('public', member);
    for (let i = 0; i < 12; i++) await createPost(db(), c.animator, c.slug, { title: `Publication ${i}`, body: '…' });
    const digest = await buildDigest(db(), member.id, 'weekly', at);
    expect(digest?.publications.items).toHaveLength(10);
    expect(digest?.publications.more).toBe(2);
  });
});

describe('the email budget', () => {
  it('folds a non-urgent notification into the digest past the ceiling, and lets an urgent one through', async () => {
    const at = Date.now() + 60_000;
    const busy = await person(db(), 'Très Sollicitée');
    const c = await community('public', busy);
    await db().updateTable('users').set({ email_budget: 1 }).where('id', '=', busy.id).execute();
    await queueEmail(db(), { to: busy.email, locale: 'fr', subject: 'Déjà un', text: '…' });
    expect(await mayEmail(db(), busy.id, { urgent: false })).toBe(false);
    expect(await mayEmail(db(), busy.id, { urgent: true })).toBe(true);
    expect(await membersNearCeiling(db(), [c.id])).toBeGreaterThanOrEqual(1);

    await notify(db(), { userId: busy.id, kind: 'call_to_all', groupKey: 'call', actorId: c.animator.id, communityId: c.id, sourceId: `call-${busy.id}`, payload: { title: 'Appel à toutes et tous' } });
    const call = await db().selectFrom('notifications').selectAll().where('user_id', '=', busy.id).executeTakeFirstOrThrow();
    expect(await emailNotification(db(), call)).toBe('folded');
    expect(await emailsTo(busy.email)).toHaveLength(1);

    await savePreferences(db(), busy, { private_message: 'email' });
    await notify(db(), { userId: busy.id, kind: 'private_message', groupKey: 'conv', actorId: c.animator.id, sourceId: `pm-${busy.id}`, payload: {} });
    const message = await db().selectFrom('notifications').selectAll().where('user_id', '=', busy.id).where('kind', '=', 'private_message').executeTakeFirstOrThrow();
    expect(await emailNotification(db(), message)).toBe('sent');

    const digest = await buildDigest(db(), busy.id, 'weekly', at);
    const titles = digest?.notifications.items.map((n) => n.kind);
    expect(titles).toContain('call_to_all');
    // The private message went by email: the digest does not repeat it.
    expect(titles).not.toContain('private_message');
  });

  it('sends at once while under the ceiling, and skips a kind the member wants in the app only', async () => {
    const calm = await person(db(), 'Peu Sollicité');
    const c = await community('public', calm);
    await notify(db(), { userId: calm.id, kind: 'call_to_all', groupKey: 'call', actorId: c.animator.id, communityId: c.id, sourceId: `call-${calm.id}`, payload: { title: 'Rencontre' } });
    await notify(db(), { userId: calm.id, kind: 'mention', groupKey: 'm', actorId: c.animator.id, sourceId: `m-${calm.id}`, payload: {} });
    const rows = await db().selectFrom('notifications').selectAll().where('user_id', '=', calm.id).orderBy('kind').execute();
    expect(await emailNotification(db(), rows.find((r) => r.kind === 'call_to_all')!)).toBe('sent');
    expect(await emailNotification(db(), rows.find((r) => r.kind === 'mention')!)).toBe('skipped');
    const [email] = await emailsTo(calm.email);
    expect(email?.headers).toContain('List-Unsubscribe');
  });
});

describe('unsubscribing', () => {
  it('refuses a token whose signature or contents were changed', async () => {
    const member = await person(db(), 'Jeton Vrai');
    const other = await person(db(), 'Jeton Autre');
    const token = await unsubscribeToken(db(), member.id, { kind: 'digest', frequency: 'weekly' });
    const [payload, signature] = token.split('.') as [string, string];
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    const forged = `${Buffer.from(`${other.id}\u0000digest:weekly`).toString('base64url')}.${signature}`;
    const widened = `${Buffer.from(`${member.id}\u0000digest:daily`).toString('base64url')}.${signature}`;
    expect(await verifyUnsubscribeToken(db(), token)).not.toBeNull();
    for (const bad of [flipped, forged, widened, 'nimporte-quoi', `${token}x`]) {
      expect(await verifyUnsubscribeToken(db(), bad)).toBeNull();
      await expect(unsubscribe(db(), bad)).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('stops the weekly digest for every community in one POST, signed out', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Un Clic');
    const a = await community('public', member);
    const b = await community('public', member);
    await createPost(db(), a.animator, a.slug, { title: 'Dans A', body: '…' });
    const token = await unsubscribeToken(db(), member.id, { kind: 'digest', frequency: 'weekly' });

    const answer = await unsubscribeActions.default!({ params: { token }, locals: { user: null } } as never);
    expect(answer).toMatchObject({ done: { kind: 'digest', frequency: 'weekly' } });
    const rows = await db().selectFrom('digest_subscriptions').select(['community_id', 'frequency']).where('user_id', '=', member.id).execute();
    expect(rows.map((r) => r.frequency)).toEqual(['none', 'none']);
    expect(rows.map((r) => r.community_id).sort()).toEqual([a.id, b.id].sort());

    await dueAt(member, at);
    await sendDueDigests(db(), at);
    expect(await emailsTo(member.email)).toHaveLength(0);
  });

  it('turns a kind of notification email back to the app only', async () => {
    const member = await person(db(), 'Moins de Courriel');
    const token = await unsubscribeToken(db(), member.id, { kind: 'notification', notification: 'call_to_all' });
    await unsubscribe(db(), token);
    const row = await db().selectFrom('notification_preferences').selectAll().where('user_id', '=', member.id).where('kind', '=', 'call_to_all').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'call_to_all', channel: 'app' });
  });
});

describe('header injection', () => {
  it('keeps a display name or a title with line breaks from adding a header', async () => {
    const at = Date.now() + 60_000;
    const member = await person(db(), 'Mallory\r\nBcc: intrus@example.com');
    const c = await community('public', member);
    await createPost(db(), c.animator, c.slug, { title: 'Titre\r\nBcc: intrus@example.com', body: '…' });
    await notify(db(), { userId: member.id, kind: 'call_to_all', groupKey: 'x', actorId: c.animator.id, communityId: c.id, sourceId: `inj-${member.id}`, payload: { title: 'Appel\r\nBcc: intrus@example.com\r\nX-Evil: 1' } });
    const call = await db().selectFrom('notifications').selectAll().where('user_id', '=', member.id).executeTakeFirstOrThrow();
    expect(await emailNotification(db(), call)).toBe('sent');
    await dueAt(member, at);
    await sendDueDigests(db(), at);
    await drainJobs(db());

    const mails = mailTo(member.email);
    expect(mails.length).toBe(2);
    for (const mail of mails) {
      const head = mail.raw.split(/\r?\n\r?\n/)[0]!;
      expect(head).not.toMatch(/^bcc:/im);
      expect(head).not.toMatch(/^x-evil:/im);
      expect(mail.to).toEqual([member.email]);
    }
    expect(received.some((m) => m.to.includes('intrus@example.com'))).toBe(false);
  });
});
