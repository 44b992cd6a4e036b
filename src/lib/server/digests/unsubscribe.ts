// One-click unsubscribe (RFC 8058): every digest and notification email carries a link signed with
// the instance's secret over who it was for and what it stops. Nobody needs to sign in to use it,
// so the signature is the whole of the permission: a changed token is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { authSecret } from '../auth/secret';
import { config } from '../config';
import { notFound } from '../errors';
import { now } from '../ids';
import { notificationKinds, type NotificationKind } from '../preferences';

export type UnsubscribeScope = { kind: 'digest'; frequency: 'daily' | 'weekly' } | { kind: 'notification'; notification: NotificationKind };

function scopeText(scope: UnsubscribeScope): string {
  return scope.kind === 'digest' ? `digest:${scope.frequency}` : `kind:${scope.notification}`;
}

function parseScope(text: string): UnsubscribeScope | null {
  const [prefix, value = ''] = text.split(':');
  if (prefix === 'digest' && (value === 'daily' || value === 'weekly')) return { kind: 'digest', frequency: value };
  if (prefix === 'kind' && Object.hasOwn(notificationKinds, value)) return { kind: 'notification', notification: value as NotificationKind };
  return null;
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe\u0000${payload}`).digest();
}

/** `<base64url(userId NUL scope)>.<base64url(HMAC-SHA256)>`, safe in a URL path. */
export async function unsubscribeToken(db: Executor, userId: string, scope: UnsubscribeScope): Promise<string> {
  const payload = `${userId}\u0000${scopeText(scope)}`;
  return `${Buffer.from(payload).toString('base64url')}.${sign(await authSecret(db), payload).toString('base64url')}`;
}

export async function unsubscribeUrl(db: Executor, userId: string, scope: UnsubscribeScope): Promise<string> {
  return `${config().origin}/unsubscribe/${await unsubscribeToken(db, userId, scope)}`;
}

/** Who and what a token is for, or null when it is malformed or its signature does not match. */
export async function verifyUnsubscribeToken(db: DB, token: string): Promise<{ userId: string; scope: UnsubscribeScope } | null> {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const payload = Buffer.from(match[1]!, 'base64url').toString();
  const expected = sign(await authSecret(db), payload);
  const given = Buffer.from(match[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [userId = '', scope = ''] = payload.split('\u0000');
  const parsed = parseScope(scope);
  return userId && parsed ? { userId, scope: parsed } : null;
}

/** What the confirmation page names; not_found for a bad token or an account that no longer exists. */
export async function describeUnsubscribe(db: DB, token: string): Promise<UnsubscribeScope> {
  const verified = await verifyUnsubscribeToken(db, token);
  if (!verified) throw notFound();
  const user = await db.selectFrom('users').select('id').where('id', '=', verified.userId).executeTakeFirst();
  if (!user) throw notFound();
  return verified.scope;
}

/**
 * Stops what the token names. A digest: every community of the member whose digest has that
 * frequency (a weekly one also where they never chose, weekly being the default) goes to none. A kind
 * of notification: it stops coming by email and stays in the app (the member asked for less email,
 * not to lose track of what concerns them). Doing it twice is harmless.
 */
export async function unsubscribe(db: DB, token: string): Promise<UnsubscribeScope> {
  const verified = await verifyUnsubscribeToken(db, token);
  if (!verified) throw notFound();
  const { userId, scope } = verified;
  await db.transaction().execute(async (trx) => {
    if (scope.kind === 'digest') await stopDigest(trx, userId, scope.frequency);
    else {
      await trx
        .insertInto('notification_preferences')
        .values({ user_id: userId, kind: scope.notification, channel: 'app', updated_at: now() })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ channel: 'app', updated_at: now() }))
        .execute();
    }
  });
  return scope;
}

async function stopDigest(db: Executor, userId: string, frequency: 'daily' | 'weekly'): Promise<void> {
  const communities = await db
    .selectFrom('memberships')
    .leftJoin('digest_subscriptions as ds', (join) => join.onRef('ds.community_id', '=', 'memberships.community_id').on('ds.user_id', '=', userId))
    .select('memberships.community_id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where((eb) => (frequency === 'weekly' ? eb.or([eb('ds.frequency', 'is', null), eb('ds.frequency', '=', 'weekly')]) : eb('ds.frequency', '=', 'daily')))
    .execute();
  for (const { community_id } of communities) {
    await db
      .insertInto('digest_subscriptions')
      .values({ user_id: userId, community_id, frequency: 'none', updated_at: now() })
      .onConflict((oc) => oc.columns(['user_id', 'community_id']).doUpdateSet({ frequency: 'none', updated_at: now() }))
      .execute();
  }
}
