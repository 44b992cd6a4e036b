// Comments on a publication: replies with one level of nesting (a reply to a reply joins its
// thread), edits with their history, soft deletion leaving a tombstone in the thread, and for
// questions the answer its author or an animator marks.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Comment } from '../db/schema';
import { assertOnPost, canOnPost, communitiesReadBy, findPost, requireMember, type PostRelation } from '../access';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { record } from '../journal';
import { prepareContent } from './content';
import { follow } from './follows';
import { createCommentSchema, updateCommentSchema, type CreateCommentInput, type UpdateCommentInput } from './schemas';
import { indexAnswer, indexComment } from '../search/documents';

async function findComment(db: DB, postId: string, commentId: string): Promise<Comment> {
  const comment = await db.selectFrom('comments').selectAll().where('id', '=', commentId).where('post_id', '=', postId).executeTakeFirst();
  if (!comment) throw notFound();
  return comment;
}

export async function addComment(db: DB, actor: Actor | null, postId: string, raw: CreateCommentInput): Promise<{ id: string }> {
  const member = requireMember(actor);
  const input = createCommentSchema.parse(raw);
  const relation = await findPost(db, member, postId);
  assertOnPost(member, 'take_part', relation);
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = await findComment(db, postId, input.parentId).catch(() => {
      throw invalid([{ path: 'parentId', message: 'posts.errors.no_such_comment' }]);
    });
    parentId = parent.parent_id ?? parent.id;
  }
  const content = await prepareContent(db, communitiesReadBy(member, relation), input.body);
  const id = newId();
  const at = now();
  const { post } = relation;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('comments')
      .values({ id, post_id: postId, parent_id: parentId, author_id: member.id, body: input.body, body_html: content.html, revision: 1, deleted_at: null, deleted_by: null, edited_at: null, created_at: at, updated_at: at })
      .execute();
    await tx.updateTable('posts').set((eb) => ({ comment_count: eb('comment_count', '+', 1), activity_at: at })).where('id', '=', postId).execute();
    await tx.updateTable('post_communities').set({ activity_at: at }).where('post_id', '=', postId).execute();
    for (const userId of content.mentionedIds) {
      if (userId === member.id) continue;
      await tx.insertInto('mentions').values({ post_id: postId, target_id: id, user_id: userId, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
      await record(tx, { kind: 'mention', actorId: member.id, communityId: post.community_id, postId, commentId: id, payload: { userId } });
    }
    await follow(tx, postId, member.id);
    await indexComment(tx, id);
    await record(tx, { kind: 'comment.created', actorId: member.id, communityId: post.community_id, postId, commentId: id, payload: { parentId } });
  });
  return { id };
}

/** The author edits their comment (an animator may too); the earlier text is kept as a revision. */
export async function updateComment(db: DB, actor: Actor | null, postId: string, commentId: string, raw: UpdateCommentInput): Promise<{ id: string; revision: number }> {
  const member = requireMember(actor);
  const input = updateCommentSchema.parse(raw);
  const relation = await findPost(db, member, postId);
  const comment = await findComment(db, postId, commentId);
  assertCommentEditable(member, relation, comment);
  if (input.revision !== undefined && input.revision !== comment.revision) throw conflict('posts.errors.edited_meanwhile');
  const content = await prepareContent(db, communitiesReadBy(member, relation), input.body);
  const at = now();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('revisions').values({ id: newId(), post_id: postId, comment_id: commentId, number: comment.revision, title: null, body: comment.body, editor_id: member.id, created_at: at }).execute();
    const updated = await tx
      .updateTable('comments')
      .set({ body: input.body, body_html: content.html, revision: comment.revision + 1, edited_at: at, updated_at: at })
      .where('id', '=', commentId)
      .where('revision', '=', comment.revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict('posts.errors.edited_meanwhile');
    await indexComment(tx, commentId);
  });
  return { id: commentId, revision: comment.revision + 1 };
}

function assertCommentEditable(actor: Actor, relation: PostRelation, comment: Comment): void {
  if (comment.deleted_at !== null) throw notFound();
  const moderator = canOnPost(actor, 'moderate', relation);
  const author = comment.author_id === actor.id && canOnPost(actor, 'edit', { ...relation, post: { ...relation.post, author_id: actor.id } });
  if (!moderator && !author) throw forbidden();
}

/** Soft delete: the comment's place in the thread stays, marked as deleted, its text gone from view. */
export async function deleteComment(db: DB, actor: Actor | null, postId: string, commentId: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await findPost(db, member, postId);
  const comment = await findComment(db, postId, commentId);
  assertCommentEditable(member, relation, comment);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('comments').set({ deleted_at: now(), deleted_by: member.id, updated_at: now() }).where('id', '=', commentId).execute();
    await tx.updateTable('posts').set((eb) => ({ comment_count: eb('comment_count', '-', 1) })).where('id', '=', postId).execute();
    // A deleted answer is no longer the answer.
    await tx.updateTable('posts').set({ answer_id: null }).where('id', '=', postId).where('answer_id', '=', commentId).execute();
    await indexAnswer(tx, postId, [commentId]);
  });
}

/** For a question: marks a comment as the answer (or, with null, unmarks it). */
export async function markAnswer(db: DB, actor: Actor | null, postId: string, commentId: string | null): Promise<void> {
  const member = requireMember(actor);
  const relation = await findPost(db, member, postId);
  if (relation.post.kind !== 'question') throw invalid([{ path: 'commentId', message: 'posts.errors.not_a_question' }]);
  assertOnPost(member, 'mark_answer', relation);
  if (commentId !== null) {
    const comment = await findComment(db, postId, commentId);
    if (comment.deleted_at !== null) throw notFound();
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('posts').set({ answer_id: commentId, updated_at: now() }).where('id', '=', postId).execute();
    await indexAnswer(tx, postId, [relation.post.answer_id, commentId]);
    if (commentId) await record(tx, { kind: 'answer.marked', actorId: member.id, communityId: relation.post.community_id, postId, commentId });
  });
}
