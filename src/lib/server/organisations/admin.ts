// Looking after the list of organisations (administrators): correct a name, a type or a website, and
// merge two entries that are the same organisation typed two ways ("CISSS Estrie" and "CIUSSS de
// l'Estrie-CHUS"), moving its members and partnerships to the one that stays.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { Organisation } from '../db/schema';
import { requireAdmin } from '../access';
import { invalid, notFound } from '../errors';
import { now } from '../ids';
import { jsonList } from '../text';
import { limits } from '../../shared/limits';
import { nameKey, organisationTypes } from './index';
import { indexMember } from '../search/documents';

export const organisationUpdate = z.strictObject({
  name: z.string().trim().min(2).max(limits.organisationNameMax).optional(),
  type: z.enum(organisationTypes).optional(),
  region: z.string().trim().max(limits.profileFieldMax).nullish().transform((value) => (value === undefined ? undefined : value || null)),
  website: z
    .union([z.url({ protocol: /^https?$/ }).max(limits.urlMax), z.literal('')])
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null))
});
export const mergeBody = z.strictObject({ into: z.string().min(1).describe('Id of the organisation that stays') });

export type OrganisationUpdate = z.input<typeof organisationUpdate>;

export type OrganisationSummary = Organisation & { members: number; communities: number };

/** Organisations with how many members and communities use each, by name, a page of 50 at a time. */
export async function listOrganisations(db: DB, actor: Actor | null, options: { q?: string; offsetName?: string } = {}): Promise<OrganisationSummary[]> {
  requireAdmin(actor);
  let query = db
    .selectFrom('organisations')
    .selectAll('organisations')
    .select((eb) => [
      eb.selectFrom('profiles').select(eb.fn.countAll<number>().as('n')).whereRef('profiles.organisation_id', '=', 'organisations.id').as('members'),
      eb
        .selectFrom('community_partners')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('community_partners.organisation_id', '=', 'organisations.id')
        .as('communities')
    ])
    .orderBy('name_key')
    .limit(50);
  const key = nameKey(options.q ?? '');
  if (key) query = query.where('name_key', 'like', `%${key.replace(/[%_\\]/g, '')}%`);
  if (options.offsetName) query = query.where('name_key', '>', options.offsetName);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, members: Number(row.members ?? 0), communities: Number(row.communities ?? 0) }));
}

export async function findOrganisation(db: Executor, id: string): Promise<Organisation> {
  const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!organisation) throw notFound();
  return organisation;
}

/** The organisation whose name matches (whatever the case or accents), for choosing a merge target. */
export async function findOrganisationByName(db: DB, name: string): Promise<Organisation | null> {
  return (await db.selectFrom('organisations').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst()) ?? null;
}

/** Corrects an organisation; a name another entry already has is refused (merge them instead). */
export async function updateOrganisation(db: DB, actor: Actor | null, id: string, raw: OrganisationUpdate): Promise<Organisation> {
  requireAdmin(actor);
  const input = organisationUpdate.parse(raw);
  return db.transaction().execute(async (trx) => {
    const organisation = await findOrganisation(trx, id);
    const changes: Partial<Organisation> = { type: input.type, region: input.region, website: input.website };
    if (input.name !== undefined && input.name !== organisation.name) {
      const key = nameKey(input.name);
      const other = await trx.selectFrom('organisations').select('id').where('name_key', '=', key).where('id', '!=', id).executeTakeFirst();
      if (other) throw invalid([{ path: 'name', message: 'organisations.errors.name_taken' }]);
      Object.assign(changes, { name: input.name, name_key: key });
      await renameInPartnerLists(trx, [organisation], input.name);
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    await trx.updateTable('organisations').set({ ...defined, updated_at: now() }).where('id', '=', id).execute();
    await indexMembersOf(trx, id);
    return findOrganisation(trx, id);
  });
}

/**
 * Merges `fromId` into `intoId` in one transaction: members and partnerships move over, the
 * communities' partner lists show the remaining name, and the merged entry is deleted.
 */
export async function mergeOrganisations(db: DB, actor: Actor | null, fromId: string, intoId: string): Promise<{ members: number; communities: number }> {
  requireAdmin(actor);
  if (fromId === intoId) throw invalid([{ path: 'into', message: 'organisations.errors.merge_same' }]);
  return db.transaction().execute(async (trx) => {
    const from = await findOrganisation(trx, fromId);
    const into = await findOrganisation(trx, intoId).catch(() => {
      throw invalid([{ path: 'into', message: 'organisations.errors.merge_unknown' }]);
    });
    const moved = await trx.updateTable('profiles').set({ organisation_id: into.id }).where('organisation_id', '=', from.id).executeTakeFirst();
    const partnerships = await trx.selectFrom('community_partners').select('community_id').where('organisation_id', '=', from.id).execute();
    for (const { community_id } of partnerships) {
      await trx
        .insertInto('community_partners')
        .values({ community_id, organisation_id: into.id })
        .onConflict((oc) => oc.columns(['community_id', 'organisation_id']).doNothing())
        .execute();
    }
    await renameInPartnerLists(trx, [from], into.name);
    await trx.deleteFrom('organisations').where('id', '=', from.id).execute();
    await indexMembersOf(trx, into.id);
    return { members: Number(moved.numUpdatedRows), communities: partnerships.length };
  });
}

/** The members who name this organisation are found by its (new) name. */
async function indexMembersOf(trx: Executor, organisationId: string): Promise<void> {
  const members = await trx.selectFrom('profiles').select('user_id').where('organisation_id', '=', organisationId).execute();
  for (const { user_id } of members) await indexMember(trx, user_id);
}

/** In the partner names a community shows, replaces the organisations' names by `name`, once. */
async function renameInPartnerLists(trx: Executor, organisations: Organisation[], name: string): Promise<void> {
  const keys = new Set(organisations.map((organisation) => organisation.name_key));
  const communities = await trx
    .selectFrom('communities')
    .innerJoin('community_partners', 'community_partners.community_id', 'communities.id')
    .select(['communities.id as id', 'communities.partners as partners'])
    .where('community_partners.organisation_id', 'in', organisations.map((organisation) => organisation.id))
    .execute();
  for (const community of communities) {
    const seen = new Set<string>();
    const partners = jsonList(community.partners)
      .map((partner) => (keys.has(nameKey(partner)) ? name : partner))
      .filter((partner) => !seen.has(nameKey(partner)) && seen.add(nameKey(partner)));
    await trx.updateTable('communities').set({ partners: JSON.stringify(partners) }).where('id', '=', community.id).execute();
  }
}

/** How many members name the organisation and how many communities have it as a partner. */
export async function organisationUsage(db: DB, actor: Actor | null, id: string): Promise<{ members: number; communities: number }> {
  requireAdmin(actor);
  const members = await db.selectFrom('profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', id).executeTakeFirstOrThrow();
  const communities = await db
    .selectFrom('community_partners')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', id)
    .executeTakeFirstOrThrow();
  return { members: Number(members.n), communities: Number(communities.n) };
}
