// What the author sees while writing: the preview of their Markdown as it will be stored, and the
// people they may mention — members of the community they write in, or of the publication's
// communities when they comment.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, assertOnPost, communitiesReadBy, findCommunity, findPost, requireMember } from '../access';
import { mentionCandidates, prepareContent } from './content';

export type WritingPlace = { slug: string } | { postId: string };

async function communitiesOf(db: DB, actor: Actor, place: WritingPlace): Promise<string[]> {
  if ('slug' in place) {
    const relation = await findCommunity(db, actor, place.slug);
    assertCan(actor, 'post', relation);
    return [relation.community.id];
  }
  const relation = await findPost(db, actor, place.postId);
  assertOnPost(actor, 'take_part', relation);
  return communitiesReadBy(actor, relation);
}

export async function previewMarkdown(db: DB, actor: Actor | null, text: string, place: WritingPlace | null): Promise<string> {
  const member = requireMember(actor);
  const communityIds = place ? await communitiesOf(db, member, place) : [];
  return (await prepareContent(db, communityIds, text)).html;
}

export async function suggestMentions(db: DB, actor: Actor | null, place: WritingPlace, typed: string) {
  const member = requireMember(actor);
  return mentionCandidates(db, await communitiesOf(db, member, place), typed, member.id);
}

/**
 * The communities a member may share into (a publication, a resource, a notebook): where they are an
 * active member of an active community, but `exceptSlug` (the one they are writing in).
 */
export async function shareTargets(db: DB, actor: Actor | null, exceptSlug?: string): Promise<{ slug: string; name: string }[]> {
  const member = requireMember(actor);
  let q = db
    .selectFrom('communities')
    .innerJoin('memberships', 'memberships.community_id', 'communities.id')
    .select(['communities.slug', 'communities.name'])
    .where('memberships.user_id', '=', member.id)
    .where('memberships.status', '=', 'active')
    .where('communities.status', '=', 'active');
  if (exceptSlug) q = q.where('communities.slug', '!=', exceptSlug);
  return q.orderBy('communities.name').execute();
}
