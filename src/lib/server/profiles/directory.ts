// The directory: members across the instance or of one community, filtered by organisation, type of
// organisation, region, language and expertise, with how they split across organisation types and
// regions. A filter or a count only ever uses values their viewer may see.
import { z } from 'zod';
import type { SelectQueryBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import { assertCan, fieldVisibleTo, findCommunity, requireMember, viewerOf } from '../access';
import { paginate, pageQuery } from '../api/pagination';
import { organisationTypes } from '../organisations';
import { presentProfile, type ProfileView } from '.';

export const directoryQuery = pageQuery.extend({
  community: z.string().optional().describe('A community’s slug: only its members'),
  organisation: z.string().optional().describe('An organisation’s id'),
  type: z.enum(organisationTypes).optional().describe('A type of organisation'),
  region: z.string().trim().max(120).optional(),
  language: z.string().trim().max(60).optional(),
  expertise: z.string().trim().max(60).optional(),
  sort: z.enum(['name', 'recent']).default('name')
});
export type DirectoryQuery = z.output<typeof directoryQuery>;

type Base = SelectQueryBuilder<Database, 'profiles' | 'users', object>;

/** The members the viewer may list, with the filters applied; nothing selected yet. */
async function baseQuery(db: DB, actor: Actor | null, query: DirectoryQuery) {
  let base = db.selectFrom('profiles').innerJoin('users', 'users.id', 'profiles.user_id') as unknown as Base;
  let communityId: string | null = null;
  if (query.community) {
    const relation = await findCommunity(db, actor, query.community);
    assertCan(actor, 'read_content', relation);
    communityId = relation.community.id;
  } else {
    requireMember(actor);
  }
  if (communityId) {
    base = base
      .innerJoin('memberships', 'memberships.user_id', 'profiles.user_id')
      .where('memberships.community_id', '=', communityId)
      .where('memberships.status', '=', 'active') as unknown as Base;
  }
  const like = (value: string) => `%${JSON.stringify(value.toLocaleLowerCase('fr')).replace(/[%_]/g, '')}%`;
  if (query.organisation) base = base.where('profiles.organisation_id', '=', query.organisation).where(fieldVisibleTo(actor, 'profiles.organisation_visibility'));
  if (query.type) {
    base = base
      .where((eb) => eb.exists(eb.selectFrom('organisations').select('organisations.id').whereRef('organisations.id', '=', 'profiles.organisation_id').where('organisations.type', '=', query.type!)))
      .where(fieldVisibleTo(actor, 'profiles.organisation_visibility'));
  }
  if (query.region) base = base.where('profiles.region', '=', query.region).where(fieldVisibleTo(actor, 'profiles.region_visibility'));
  // Lists are stored as JSON text; matching the quoted value finds an element on both databases.
  if (query.language) base = base.where('profiles.languages', 'like', like(query.language)).where(fieldVisibleTo(actor, 'profiles.languages_visibility'));
  if (query.expertise) base = base.where('profiles.expertise', 'like', like(query.expertise)).where(fieldVisibleTo(actor, 'profiles.expertise_visibility'));
  return { base, communityId };
}

export async function listDirectory(db: DB, actor: Actor | null, query: DirectoryQuery): Promise<{ items: ProfileView[]; nextCursor: string | null }> {
  const { base } = await baseQuery(db, actor, query);
  const rows = base.selectAll('profiles').select(['users.name as name']);
  const page =
    query.sort === 'recent'
      ? await paginate(rows, { columns: ['profiles.created_at', 'profiles.user_id'], direction: 'desc' }, query)
      : await paginate(rows, { columns: ['users.name', 'profiles.user_id'], direction: 'asc' }, query);
  const organisationIds = [...new Set(page.items.map((row) => row.organisation_id).filter((id): id is string => id !== null))];
  const organisations = organisationIds.length
    ? await db.selectFrom('organisations').selectAll().where('id', 'in', organisationIds).execute()
    : [];
  const items: ProfileView[] = [];
  for (const row of page.items) {
    const organisation = organisations.find((o) => o.id === row.organisation_id) ?? null;
    items.push(presentProfile({ ...row, organisation }, await viewerOf(db, actor, row.user_id)));
  }
  return { items, nextCursor: page.nextCursor };
}

export type DirectoryStats = { members: number; byType: { type: string; count: number }[]; byRegion: { region: string; count: number }[] };

/** How many members match, and how they split across organisation types and regions they show. */
export async function directoryStats(db: DB, actor: Actor | null, query: DirectoryQuery): Promise<DirectoryStats> {
  const { base } = await baseQuery(db, actor, query);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const byType = await base
    .innerJoin('organisations', 'organisations.id', 'profiles.organisation_id')
    .where(fieldVisibleTo(actor, 'profiles.organisation_visibility'))
    .select(['organisations.type as type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('organisations.type')
    .execute();
  const byRegion = await base
    .where('profiles.region', 'is not', null)
    .where(fieldVisibleTo(actor, 'profiles.region_visibility'))
    .select(['profiles.region as region', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('profiles.region')
    .execute();
  return {
    members: Number(total.n),
    byType: byType.map((row) => ({ type: row.type, count: Number(row.n) })).sort((a, b) => b.count - a.count),
    byRegion: byRegion.map((row) => ({ region: row.region ?? '', count: Number(row.n) })).sort((a, b) => b.count - a.count)
  };
}
