// What the library's forms offer a member: the communities they may link to (where they may share a
// publication), and their own handle to name them first among the authors.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember } from '../access';
import { shareTargets } from '../posts/compose';

export function libraryTargets(db: DB, actor: Actor | null): Promise<{ slug: string; name: string }[]> {
  return shareTargets(db, actor);
}

/** The member's own handle, to name them as the first author of what they write. */
export async function ownHandle(db: DB, actor: Actor | null): Promise<string | null> {
  const member = requireMember(actor);
  const row = await db.selectFrom('profiles').select('handle').where('user_id', '=', member.id).executeTakeFirst();
  return row?.handle ?? null;
}
