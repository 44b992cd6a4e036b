// What members do around a resource besides editing it: say they applied it in their practice (with
// a short story), and discuss it in one of its communities — a publication linked both ways, opened
// once per community and continued afterwards.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, assertOnResource, canOnPost, findPost, findResource, requireMember, whereResourceReadableBy } from '../access';
import { invalid } from '../errors';
import { now } from '../ids';
import { createPost } from '../posts/posts';
import { excerpt } from '../posts/content';
import { applySchema } from './schemas';

export async function applyResource(db: DB, actor: Actor | null, id: string, raw: { story?: string }): Promise<{ count: number }> {
  const member = requireMember(actor);
  const { story } = applySchema.parse(raw);
  const relation = await findResource(db, member, id);
  assertOnResource(member, 'apply', relation);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('resource_applications').select('user_id').where('resource_id', '=', id).where('user_id', '=', member.id).executeTakeFirst();
    if (existing) {
      await tx.updateTable('resource_applications').set({ story: story || null }).where('resource_id', '=', id).where('user_id', '=', member.id).execute();
    } else {
      await tx.insertInto('resource_applications').values({ resource_id: id, user_id: member.id, story: story || null, created_at: now() }).execute();
      await tx.updateTable('resources').set((eb) => ({ applied_count: eb('applied_count', '+', 1) })).where('id', '=', id).execute();
    }
    const row = await tx.selectFrom('resources').select('applied_count').where('id', '=', id).executeTakeFirstOrThrow();
    return { count: row.applied_count };
  });
}

export async function withdrawApplication(db: DB, actor: Actor | null, id: string): Promise<{ count: number }> {
  const member = requireMember(actor);
  await findResource(db, member, id);
  return db.transaction().execute(async (tx) => {
    const removed = await tx.deleteFrom('resource_applications').where('resource_id', '=', id).where('user_id', '=', member.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) await tx.updateTable('resources').set((eb) => ({ applied_count: eb('applied_count', '-', 1) })).where('id', '=', id).execute();
    const row = await tx.selectFrom('resources').select('applied_count').where('id', '=', id).executeTakeFirstOrThrow();
    return { count: row.applied_count };
  });
}

/**
 * The publication discussing this resource in one of its communities: the existing one when there
 * is one the member may read, otherwise a new "resource" publication there, linked back to it.
 */
export async function discussResource(db: DB, actor: Actor | null, id: string, slug: string): Promise<{ postId: string; created: boolean }> {
  const member = requireMember(actor);
  const relation = await findResource(db, member, id);
  assertOnResource(member, 'discuss', relation);
  const home = relation.communities.find((r) => r.community.slug === slug);
  if (!home) throw invalid([{ path: 'community', message: 'library.errors.not_linked' }]);
  assertCan(member, 'post', home);
  const existing = await db.selectFrom('resource_discussions').select('post_id').where('resource_id', '=', id).where('community_id', '=', home.community.id).executeTakeFirst();
  if (existing) {
    const post = await findPost(db, member, existing.post_id).catch(() => null);
    if (post && post.post.deleted_at === null && canOnPost(member, 'read', post)) return { postId: existing.post_id, created: false };
    await db.deleteFrom('resource_discussions').where('resource_id', '=', id).where('community_id', '=', home.community.id).execute();
  }
  const { resource } = relation;
  const lead = resource.summary ?? excerpt(resource.body);
  const body = `${lead ? `${lead}\n\n` : ''}→ [${resource.title.replace(/[[\]\\]/g, (c) => `\\${c}`)}](/r/${id})`;
  const { id: postId } = await createPost(db, member, slug, { kind: 'resource', title: resource.title, body, language: resource.language });
  try {
    await db.insertInto('resource_discussions').values({ resource_id: id, community_id: home.community.id, post_id: postId, created_at: now() }).execute();
  } catch (error) {
    // Someone opened it at the same moment: theirs is the discussion; this publication stays an ordinary one.
    const winner = await db.selectFrom('resource_discussions').select('post_id').where('resource_id', '=', id).where('community_id', '=', home.community.id).executeTakeFirst();
    if (winner) return { postId: winner.post_id, created: false };
    throw error;
  }
  return { postId, created: true };
}

/** The resources a publication discusses, among those the reader may read: the link back from the discussion. */
export async function resourcesDiscussedIn(db: DB, actor: Actor | null, postId: string): Promise<{ id: string; title: string; kind: string }[]> {
  return db
    .selectFrom('resource_discussions')
    .innerJoin('resources', 'resources.id', 'resource_discussions.resource_id')
    .select(['resources.id', 'resources.title', 'resources.kind'])
    .where('resource_discussions.post_id', '=', postId)
    .where(whereResourceReadableBy(actor))
    .execute();
}
