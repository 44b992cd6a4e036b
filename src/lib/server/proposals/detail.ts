// One topic proposal as the API gives it: its publication's words beside what proposalView adds.
// Its comments stay with the publication's (GET /posts/{id}/comments), so this never loads them.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { communitiesReadBy } from '../access';
import { findProposal, proposalView, type ProposalView } from '.';

export type ProposalDetail = ProposalView & {
  title: string;
  body: string;
  bodyHtml: string;
  language: 'fr' | 'en';
  author: { id: string; name: string } | null;
  /** Where it was proposed, or the first of its communities the reader may read. */
  community: { slug: string; name: string };
  createdAt: number;
  commentCount: number;
  locked: boolean;
};

/** The proposal for this reader, or not_found if it is not one or they may not read it. */
export async function readProposal(db: DB, actor: Actor | null, postId: string): Promise<ProposalDetail> {
  const relation = await findProposal(db, actor, postId);
  const { post } = relation;
  const [view, author] = await Promise.all([
    proposalView(db, actor, relation),
    db.selectFrom('users').select(['id', 'name']).where('id', '=', post.author_id ?? '').executeTakeFirst()
  ]);
  // A proposal shared into a community the reader reads must not name a home they may not read.
  const readable = communitiesReadBy(actor, relation);
  const shown = relation.communities.find((r) => r.community.id === post.community_id && readable.includes(r.community.id)) ?? relation.communities.find((r) => readable.includes(r.community.id))!;
  return {
    ...view,
    title: post.title,
    body: post.body,
    bodyHtml: post.body_html,
    language: post.language,
    author: author ?? null,
    community: { slug: shown.community.slug, name: shown.community.name },
    createdAt: Number(post.created_at),
    commentCount: post.comment_count,
    locked: post.locked_at !== null
  };
}
