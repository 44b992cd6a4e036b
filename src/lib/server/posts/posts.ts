// Writing publications: create (in one community, shared into others), edit with a revision kept,
// delete (softly: a tombstone stays), and the animators' moderation (pin, lock, move).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Post } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertCan, assertOnPost, can, communitiesReadBy, findCommunity, findPost, requireMember, type PostRelation, type Relation } from '../access';
import { conflict, forbidden, invalid } from '../errors';
import { newId, now } from '../ids';
import { enqueueJob } from '../jobs/queue';
import { record } from '../journal';
import { assertPublicUrl, fetchPreview, type LinkPreview } from '../previews';
import { discardFiles, prepareFiles, recordFiles, withStoredFiles, type UploadedFile } from './attachments';
import { prepareContent, type StoredContent } from './content';
import { follow } from './follows';
import { indexPost } from '../search/documents';
import { openProposal } from '../proposals';
import { attachPoll } from '../polls';
import { createPostSchema, updatePostSchema, type CreatePostInput, type UpdatePostInput } from './schemas';

export const LINK_PREVIEW_JOB = 'posts.link_preview';

/** Writes files, then runs the transaction; if it fails the files go again, so nothing is orphaned. */
async function recordTagsAndMentions(db: Executor, post: Pick<Post, 'id' | 'community_id'>, targetId: string, actorId: string, content: StoredContent, known: Set<string> = new Set()) {
  for (const userId of content.mentionedIds) {
    if (known.has(userId) || userId === actorId) continue;
    await db.insertInto('mentions').values({ post_id: post.id, target_id: targetId, user_id: userId, created_at: now() }).onConflict((oc) => oc.doNothing()).execute();
    await record(db, { kind: 'mention', actorId, communityId: post.community_id, postId: post.id, commentId: targetId === post.id ? null : targetId, payload: { userId } });
  }
}

async function replaceTags(db: Executor, postId: string, tags: string[]) {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tags.length > 0) await db.insertInto('post_tags').values(tags.map((tag) => ({ post_id: postId, tag }))).execute();
}

/** Checks a link before anything is written: only public web addresses, after DNS resolution. */
async function checkLink(url: string | null | undefined): Promise<void> {
  if (url) await assertPublicUrl(url, 'linkUrl');
}

export async function createPost(db: DB, actor: Actor | null, slug: string, raw: CreatePostInput, files: UploadedFile[] = []): Promise<{ id: string }> {
  const member = requireMember(actor);
  const input = createPostSchema.parse(raw);
  const home = await findCommunity(db, member, slug);
  assertCan(member, 'post', home);
  if (input.kind === 'call' && !can(member, 'manage', home)) throw forbidden('posts.errors.call_animators_only');
  // A proposal's supports are its vote already.
  if (input.poll && input.kind === 'proposal') throw invalid([{ path: 'poll', message: 'polls.errors.not_on_proposal' }]);
  const others: Relation[] = [];
  for (const other of new Set(input.alsoIn)) {
    if (other === slug) continue;
    const relation = await findCommunity(db, member, other);
    assertCan(member, 'post', relation);
    others.push(relation);
  }
  await checkLink(input.linkUrl);
  const prepared = await prepareFiles(files);
  const communityIds = [home.community.id, ...others.map((r) => r.community.id)];
  const content = await prepareContent(db, communityIds, input.body);
  const id = newId();
  const at = now();
  await withStoredFiles(prepared, (stored) =>
    db.transaction().execute(async (tx) => {
      await tx
        .insertInto('posts')
        .values({
          id,
          community_id: home.community.id,
          author_id: member.id,
          kind: input.kind,
          title: input.title,
          body: input.body,
          body_html: content.html,
          language: input.language ?? member.locale,
          link_url: input.linkUrl ?? null,
          link_preview: null,
          revision: 1,
          comment_count: 0,
          view_count: 0,
          answer_id: null,
          pinned_at: null,
          locked_at: null,
          deleted_at: null,
          deleted_by: null,
          edited_at: null,
          activity_at: at,
          created_at: at,
          updated_at: at
        })
        .execute();
      await tx
        .insertInto('post_communities')
        .values(communityIds.map((communityId) => ({ post_id: id, community_id: communityId, activity_at: at, created_at: at })))
        .execute();
      await replaceTags(tx, id, content.tags);
      await recordTagsAndMentions(tx, { id, community_id: home.community.id }, id, member.id, content);
      await recordFiles(tx, id, member.id, stored);
      await follow(tx, id, member.id);
      if (input.kind === 'proposal') await openProposal(tx, id, input.proposalFor ?? 'activity', at);
      if (input.poll) await attachPoll(tx, id, input.poll, at);
      await indexPost(tx, id);
      await record(tx, { kind: 'post.created', actorId: member.id, communityId: home.community.id, postId: id, payload: { communities: communityIds, kind: input.kind } });
      // The notification itself comes with the notifications; the call is recorded now so none is lost.
      if (input.kind === 'call') await record(tx, { kind: 'post.call_to_all', actorId: member.id, communityId: home.community.id, postId: id, payload: { communities: communityIds } });
      if (input.linkUrl) await enqueueJob(tx, { kind: LINK_PREVIEW_JOB, payload: { postId: id }, maxAttempts: 2 });
    })
  );
  return { id };
}

export async function updatePost(db: DB, actor: Actor | null, id: string, raw: UpdatePostInput, files: UploadedFile[] = []): Promise<{ id: string; revision: number }> {
  const member = requireMember(actor);
  const input = updatePostSchema.parse(raw);
  const relation = await findPost(db, member, id);
  assertOnPost(member, 'edit', relation);
  const { post } = relation;
  if (input.revision !== undefined && input.revision !== post.revision) throw conflict('posts.errors.edited_meanwhile');
  const linkChanged = input.linkUrl !== undefined && input.linkUrl !== post.link_url;
  if (linkChanged) await checkLink(input.linkUrl);
  const existing = await db.selectFrom('attachments').select(['id', 'storage_key']).where('post_id', '=', id).execute();
  const removed = existing.filter((a) => input.removeAttachments.includes(a.id));
  const prepared = await prepareFiles(files, existing.length - removed.length);
  const body = input.body ?? post.body;
  const title = input.title ?? post.title;
  // Only a change of the text makes a revision; adding or removing a file does not.
  const textChanged = title !== post.title || body !== post.body;
  const revision = textChanged ? post.revision + 1 : post.revision;
  const content = await prepareContent(db, communitiesReadBy(member, relation), body);
  const known = new Set((await db.selectFrom('mentions').select('user_id').where('target_id', '=', id).execute()).map((m) => m.user_id));
  const at = now();
  await withStoredFiles(prepared, (stored) =>
    db.transaction().execute(async (tx) => {
      if (textChanged) {
        await tx
          .insertInto('revisions')
          .values({ id: newId(), post_id: id, comment_id: null, number: post.revision, title: post.title, body: post.body, editor_id: member.id, created_at: at })
          .execute();
      }
      const updated = await tx
        .updateTable('posts')
        .set({
          title,
          body,
          body_html: content.html,
          language: input.language ?? post.language,
          link_url: input.linkUrl === undefined ? post.link_url : input.linkUrl,
          link_preview: linkChanged ? null : post.link_preview,
          revision,
          edited_at: textChanged ? at : post.edited_at,
          updated_at: at
        })
        .where('id', '=', id)
        .where('revision', '=', post.revision)
        .executeTakeFirst();
      // Someone else saved in between: theirs stays, this writer is shown the conflict.
      if (Number(updated.numUpdatedRows) !== 1) throw conflict('posts.errors.edited_meanwhile');
      await replaceTags(tx, id, content.tags);
      await recordTagsAndMentions(tx, post, id, member.id, content, known);
      if (removed.length > 0) await tx.deleteFrom('attachments').where('id', 'in', removed.map((a) => a.id)).execute();
      await recordFiles(tx, id, member.id, stored);
      await indexPost(tx, id);
      await record(tx, { kind: 'post.edited', actorId: member.id, communityId: post.community_id, postId: id, payload: { revision, textChanged } });
      if (linkChanged && input.linkUrl) await enqueueJob(tx, { kind: LINK_PREVIEW_JOB, payload: { postId: id }, maxAttempts: 2 });
    })
  );
  await discardFiles(removed.map((a) => ({ key: a.storage_key })));
  return { id, revision };
}

/** Soft delete: the publication leaves the feeds and its page shows that it was deleted. */
export async function deletePost(db: DB, actor: Actor | null, id: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await findPost(db, member, id);
  assertOnPost(member, 'edit', relation);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('posts').set({ deleted_at: now(), deleted_by: member.id, pinned_at: null, updated_at: now() }).where('id', '=', id).execute();
    await indexPost(tx, id);
    await record(tx, { kind: 'post.deleted', actorId: member.id, communityId: relation.post.community_id, postId: id });
  });
}

async function moderated(db: DB, actor: Actor | null, id: string): Promise<PostRelation> {
  const relation = await findPost(db, requireMember(actor), id);
  assertOnPost(actor, 'moderate', relation);
  return relation;
}

export async function setPinned(db: DB, actor: Actor | null, id: string, pinned: boolean): Promise<void> {
  const { post } = await moderated(db, actor, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('posts').set({ pinned_at: pinned ? now() : null, updated_at: now() }).where('id', '=', id).execute();
    await record(tx, { kind: pinned ? 'post.pinned' : 'post.unpinned', actorId: actor!.id, communityId: post.community_id, postId: id });
  });
}

export async function setLocked(db: DB, actor: Actor | null, id: string, locked: boolean): Promise<void> {
  const { post } = await moderated(db, actor, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('posts').set({ locked_at: locked ? now() : null, updated_at: now() }).where('id', '=', id).execute();
    await record(tx, { kind: locked ? 'post.locked' : 'post.unlocked', actorId: actor!.id, communityId: post.community_id, postId: id });
  });
}

/** An animator moves a publication to another community where they may post; it leaves its old one. */
export async function movePost(db: DB, actor: Actor | null, id: string, toSlug: string): Promise<void> {
  const { post, communities } = await moderated(db, actor, id);
  const target = await findCommunity(db, actor, toSlug);
  assertCan(actor, 'post', target);
  if (target.community.id === post.community_id) throw invalid([{ path: 'community', message: 'posts.errors.same_community' }]);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('post_communities').where('post_id', '=', id).where('community_id', '=', post.community_id).execute();
    if (!communities.some((r) => r.community.id === target.community.id)) {
      await tx.insertInto('post_communities').values({ post_id: id, community_id: target.community.id, activity_at: post.activity_at, created_at: post.created_at }).execute();
    }
    await tx.updateTable('posts').set({ community_id: target.community.id, pinned_at: null, updated_at: now() }).where('id', '=', id).execute();
    await record(tx, { kind: 'post.moved', actorId: actor!.id, communityId: target.community.id, postId: id, payload: { from: post.community_id } });
  });
}

/** Fetches the page behind a publication's link and keeps its title, description and picture. */
export async function refreshLinkPreview(db: DB, postId: string): Promise<void> {
  const post = await db.selectFrom('posts').select(['link_url']).where('id', '=', postId).executeTakeFirst();
  if (!post?.link_url) return;
  let preview: LinkPreview | null;
  try {
    preview = await fetchPreview(post.link_url);
  } catch {
    // An address that turned private since (DNS changed): no preview, and the link stays as text.
    preview = null;
  }
  await db
    .updateTable('posts')
    .set({ link_preview: preview ? JSON.stringify(preview) : null })
    .where('id', '=', postId)
    .where('link_url', '=', post.link_url)
    .execute();
}
