// Blocking a member: their new messages no longer reach the one who blocked them, and neither can
// start a conversation with the other. Nobody is told who blocked whom.
import type { Actor } from '../auth/actor';
import type { Executor } from '../jobs/queue';
import { mayWriteTo, requireMember } from '../access';
import { invalid, notFound } from '../errors';
import { now } from '../ids';
import { handleSchema } from './schemas';

export type BlockedMember = { handle: string; name: string; since: number };
/** What a profile page needs to offer "Send a message" and "Block". */
export type MessagingWith = { canMessage: boolean; blocked: boolean };

async function memberByHandle(db: Executor, raw: string): Promise<{ id: string; name: string; handle: string }> {
  const handle = handleSchema.parse(raw);
  const row = await db
    .selectFrom('profiles')
    .innerJoin('users', 'users.id', 'profiles.user_id')
    .select(['users.id', 'users.name', 'profiles.handle'])
    .where('profiles.handle', '=', handle)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function blockMember(db: Executor, actor: Actor | null, handle: string): Promise<void> {
  const member = requireMember(actor);
  const target = await memberByHandle(db, handle);
  if (target.id === member.id) throw invalid([{ path: 'handle', message: 'messages.errors.block_self' }]);
  await db
    .insertInto('member_blocks')
    .values({ user_id: member.id, blocked_id: target.id, created_at: now() })
    .onConflict((oc) => oc.columns(['user_id', 'blocked_id']).doNothing())
    .execute();
}

export async function unblockMember(db: Executor, actor: Actor | null, handle: string): Promise<void> {
  const member = requireMember(actor);
  const target = await memberByHandle(db, handle);
  await db.deleteFrom('member_blocks').where('user_id', '=', member.id).where('blocked_id', '=', target.id).execute();
}

/** The members the actor blocked, most recent first. */
export async function listBlocked(db: Executor, actor: Actor | null): Promise<BlockedMember[]> {
  const member = requireMember(actor);
  const rows = await db
    .selectFrom('member_blocks')
    .innerJoin('users', 'users.id', 'member_blocks.blocked_id')
    .innerJoin('profiles', 'profiles.user_id', 'member_blocks.blocked_id')
    .select(['profiles.handle', 'users.name', 'member_blocks.created_at'])
    .where('member_blocks.user_id', '=', member.id)
    .orderBy('member_blocks.created_at', 'desc')
    .orderBy('profiles.handle')
    .execute();
  return rows.map((row) => ({ handle: row.handle, name: row.name, since: Number(row.created_at) }));
}

/** For someone else's profile: may the actor write to them, and did the actor block them? */
export async function messagingWith(db: Executor, actor: Actor | null, handle: string): Promise<MessagingWith | null> {
  if (!actor) return null;
  const target = await memberByHandle(db, handle);
  if (target.id === actor.id) return null;
  const blocked = await db
    .selectFrom('member_blocks')
    .select('user_id')
    .where('user_id', '=', actor.id)
    .where('blocked_id', '=', target.id)
    .executeTakeFirst();
  return { canMessage: await mayWriteTo(db, actor, target.id), blocked: Boolean(blocked) };
}
