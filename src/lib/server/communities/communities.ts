// Communities themselves: creating one (its founder becomes its first animator), changing its
// settings and charter, listing those a visitor may see, approving, archiving and deleting.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community } from '../db/schema';
import { storage } from '../storage';
import { assertCan, findCommunity, requireAdmin, requireMember, whereVisibleTo, type Relation } from '../access';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { paginate, type PageQuery } from '../api/pagination';
import { mayCreate, readCommunityPolicy } from './policy';
import {
  createCommunitySchema,
  slugPattern,
  updateCommunitySchema,
  type CreateCommunityInput,
  type UpdateCommunityInput
} from './schemas';
import { limits } from '../../shared/limits';
import { syncPartners } from '../organisations';
import { urlName } from '../text';
import { indexCommunity, sweepOrphans } from '../search';

/** A URL-safe name: "Santé & services sociaux en Estrie" → "sante-services-sociaux-en-estrie". */
export function slugify(name: string): string {
  const slug = urlName(name, limits.slugMax - 4);
  return slugPattern.test(slug) ? slug : 'communaute';
}

async function slugTaken(db: DB, slug: string): Promise<boolean> {
  return (await db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

async function freeSlug(db: DB, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, candidate))) return candidate;
  }
}

const json = (values: string[] | undefined) => JSON.stringify(values ?? []);

/** Creates a community; its founder is its first animator. Waits for approval when the instance asks. */
export async function createCommunity(db: DB, actor: Actor | null, raw: CreateCommunityInput): Promise<Community> {
  const member = requireMember(actor);
  const input = createCommunitySchema.parse(raw);
  const policy = await readCommunityPolicy(db);
  if (!mayCreate(member, policy)) throw forbidden('communities.errors.creation_reserved');
  if (input.slug && (await slugTaken(db, input.slug))) {
    throw invalid([{ path: 'slug', message: 'communities.errors.slug_taken' }]);
  }
  const at = now();
  const community: Community = {
    id: newId(),
    slug: input.slug ?? (await freeSlug(db, input.name)),
    name: input.name,
    summary: input.description ?? '',
    languages: input.languages ?? 'fr',
    themes: json(input.themes),
    regions: json(input.regions),
    partners: json(input.partners),
    mission: input.mission ?? null,
    vision: input.vision ?? null,
    values_text: input.values ?? null,
    objectives: input.objectives ?? null,
    not_statement: input.notStatement ?? null,
    visibility: input.visibility,
    join_policy: input.joinPolicy ?? 'request',
    join_question: input.joinQuestion ?? null,
    welcome_message: input.welcomeMessage ?? null,
    logo_path: null,
    status: policy.approval && member.role !== 'admin' ? 'pending' : 'active',
    created_by: member.id,
    created_at: at,
    updated_at: at,
    archived_at: null,
    event_load_limit: 4,
    proposal_support_limit: null
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('communities').values(community).execute();
      await trx
        .insertInto('memberships')
        .values({
          id: newId(),
          community_id: community.id,
          user_id: member.id,
          role: 'animator',
          status: 'active',
          request_message: null,
          decision_message: null,
          decided_by: null,
          decided_at: null,
          joined_at: at,
          created_at: at,
          updated_at: at
        })
        .execute();
      await trx
        .insertInto('animator_terms')
        .values({ id: newId(), community_id: community.id, user_id: member.id, started_at: at, ended_at: null, note: null, handed_by: null })
        .execute();
      await syncPartners(trx, member.id, community.id, input.partners ?? []);
      await indexCommunity(trx, community.id);
    });
  } catch (error) {
    // Two founders racing for one slug: the unique index decides, and the loser is told plainly.
    if (await slugTaken(db, community.slug)) throw invalid([{ path: 'slug', message: 'communities.errors.slug_taken' }]);
    throw error;
  }
  return community;
}

export async function updateCommunity(db: DB, actor: Actor | null, slug: string, raw: UpdateCommunityInput): Promise<Community> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const input = updateCommunitySchema.parse(raw);
  const changes: Partial<Community> = {
    name: input.name,
    summary: input.description,
    visibility: input.visibility,
    join_policy: input.joinPolicy,
    join_question: input.joinQuestion,
    languages: input.languages,
    themes: input.themes && json(input.themes),
    regions: input.regions && json(input.regions),
    partners: input.partners && json(input.partners),
    welcome_message: input.welcomeMessage,
    mission: input.mission,
    vision: input.vision,
    values_text: input.values,
    objectives: input.objectives,
    not_statement: input.notStatement
  };
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length === 0) return relation.community;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('communities').set({ ...defined, updated_at: now() }).where('id', '=', relation.community.id).execute();
    if (input.partners) await syncPartners(trx, actor!.id, relation.community.id, input.partners);
    await indexCommunity(trx, relation.community.id);
  });
  return { ...relation.community, ...defined, updated_at: now() };
}

export type CommunityFilter = { mine?: boolean; status?: 'pending' | 'active' | 'archived' };

/** The communities an actor may see, newest first, a page at a time. */
export async function listCommunities(db: DB, actor: Actor | null, filter: CommunityFilter, page: PageQuery) {
  let query = db.selectFrom('communities').selectAll('communities').where(whereVisibleTo(actor));
  if (filter.mine) {
    const member = requireMember(actor);
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.community_id', '=', 'communities.id')
          .where('memberships.user_id', '=', member.id)
          .where('memberships.status', '=', 'active')
      )
    );
  }
  if (filter.status) query = query.where('communities.status', '=', filter.status);
  return paginate(query, { columns: ['created_at', 'id'], direction: 'desc' }, page);
}

/** An administrator opens a community that was waiting for approval. */
export async function approveCommunity(db: DB, actor: Actor | null, slug: string): Promise<void> {
  requireAdmin(actor);
  const result = await db
    .updateTable('communities')
    .set({ status: 'active', updated_at: now() })
    .where('slug', '=', slug)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound();
}

/** Archived communities stay readable by whoever could read them, and nobody can change them. */
export async function setArchived(db: DB, actor: Actor | null, slug: string, archived: boolean): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'archive', relation);
  if (relation.community.status === 'pending') throw conflict('communities.errors.not_approved');
  const at = now();
  await db
    .updateTable('communities')
    .set(archived ? { status: 'archived', archived_at: at, updated_at: at } : { status: 'active', archived_at: null, updated_at: at })
    .where('id', '=', relation.community.id)
    .execute();
}

/**
 * Deletes a community and everything in it (memberships, invitations, history cascade with it).
 * The caller confirms by repeating the slug, so a slip of the mouse deletes nothing.
 */
export async function deleteCommunity(db: DB, actor: Actor | null, slug: string, confirmation: string): Promise<void> {
  requireAdmin(actor);
  const relation = await findCommunity(db, actor, slug);
  if (confirmation.trim() !== relation.community.slug) {
    throw invalid([{ path: 'confirmation', message: 'communities.errors.confirmation_mismatch' }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('communities').where('id', '=', relation.community.id).execute();
    // Its publications, comments, activities went with it: so do their search documents.
    await sweepOrphans(trx);
  });
  // Its files go once the rows are gone; a file left by a crash here is unreachable, never shown.
  if (relation.community.logo_path) await storage().delete(relation.community.logo_path);
}

export type { Relation };
