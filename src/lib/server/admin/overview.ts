// The instance at a glance for its admins: how many members, whether background work is healthy.
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import { requireAdmin } from '../access';
import { countEmailsByStatus } from '../mail/admin';
import { countJobsByStatus } from '../jobs/admin';

export async function adminOverview(db: DB, actor: Actor | null) {
  requireAdmin(actor);
  const members = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return {
    members: Number(members.count),
    jobs: await countJobsByStatus(db),
    emails: await countEmailsByStatus(db)
  };
}

export type AdminOverview = Awaited<ReturnType<typeof adminOverview>>;
