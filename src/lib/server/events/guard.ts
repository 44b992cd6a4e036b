// The frequency guard: before scheduling, an animator sees how many activities the members of the
// host communities already have in the four weeks around the new one — across every community they
// belong to — and is warned when some are past the community's threshold. Nothing is refused.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, findCommunity, requireMember } from '../access';
import { sql } from 'kysely';

const window = 14 * 24 * 60 * 60 * 1000;

export type EventLoad = {
  /** Members of the host communities. */
  members: number;
  /** The most activities any of them already has within two weeks either side. */
  busiest: number;
  /** The average, rounded to one decimal. */
  average: number;
  /** How many are already at or past the threshold. */
  overLimit: number;
  limit: number;
};

export async function eventLoad(db: DB, actor: Actor | null, slugs: string[], startsAt: number): Promise<EventLoad> {
  const member = requireMember(actor);
  const hosts = [];
  for (const slug of slugs) {
    const relation = await findCommunity(db, member, slug);
    assertCan(member, 'manage', relation);
    hosts.push(relation.community);
  }
  const limit = Math.min(...hosts.map((c) => c.event_load_limit));
  const ids = hosts.map((c) => c.id);
  const audience = db.selectFrom('memberships').select('user_id').distinct().where('community_id', 'in', ids).where('status', '=', 'active');
  // For each member: the distinct scheduled events in the window hosted by any community they are in.
  const perMember = await db
    .selectFrom('memberships as m')
    .innerJoin('event_communities as ec', 'ec.community_id', 'm.community_id')
    .innerJoin('events as e', 'e.id', 'ec.event_id')
    .select(['m.user_id', sql<number>`count(distinct e.id)`.as('n')])
    .where('m.status', '=', 'active')
    .where('m.user_id', 'in', audience)
    .where('e.status', '=', 'scheduled')
    .where('ec.starts_at', '>=', startsAt - window)
    .where('ec.starts_at', '<=', startsAt + window)
    .groupBy('m.user_id')
    .execute();
  const total = Number((await db.selectFrom(audience.as('a')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = perMember.map((row) => Number(row.n));
  const sum = counts.reduce((a, b) => a + b, 0);
  return {
    members: total,
    busiest: counts.length ? Math.max(...counts) : 0,
    average: total ? Math.round((sum / total) * 10) / 10 : 0,
    overLimit: counts.filter((n) => n >= limit).length,
    limit
  };
}
