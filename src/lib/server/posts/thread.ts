// One publication as its reader sees it: the body (or a tombstone), attachments, link preview,
// comments in their threads, reactions, and what this reader may do. Also its revision history,
// for its author and the animators.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { PostKind } from '../db/schema';
import { assertOnPost, can, canOnPost, findPost, requireMember } from '../access';
import { avatarUrlOf, visibleAvatar } from '../communities/membership';
import { paginate, type PageQuery } from '../api/pagination';
import { notFound } from '../errors';
import type { LinkPreview } from '../previews';
import { presentAttachment, type AttachmentView } from './attachments';
import type { PersonRef } from './feed';
import { isFollowing } from './follows';
import { reactionsOf, type ReactionSummary } from './reactions';
import { markRead } from './reads';

export type CommentView = {
  id: string;
  parentId: string | null;
  author: PersonRef | null;
  /** null once deleted: the thread keeps its place with a tombstone. */
  bodyHtml: string | null;
  body: string | null;
  createdAt: number;
  editedAt: number | null;
  revision: number;
  deleted: boolean;
  isAnswer: boolean;
  reactions: ReactionSummary;
  canEdit: boolean;
  /** Arrived since the reader last opened the publication. */
  isNew: boolean;
};

export type PostView = {
  id: string;
  kind: PostKind;
  title: string;
  body: string | null;
  bodyHtml: string | null;
  language: 'fr' | 'en';
  linkUrl: string | null;
  linkPreview: LinkPreview | null;
  author: PersonRef | null;
  community: { slug: string; name: string };
  sharedIn: { slug: string; name: string }[];
  tags: string[];
  attachments: AttachmentView[];
  createdAt: number;
  activityAt: number;
  editedAt: number | null;
  revision: number;
  deleted: boolean;
  pinned: boolean;
  locked: boolean;
  answerId: string | null;
  commentCount: number;
  viewCount: number;
  reactions: ReactionSummary;
  comments: CommentView[];
  viewer: {
    canTakePart: boolean;
    canEdit: boolean;
    canModerate: boolean;
    canSeeHistory: boolean;
    canMarkAnswer: boolean;
    following: boolean;
    signedIn: boolean;
  };
};

function personOf(row: { author_id: string | null; author_name: string | null; author_handle: string | null; avatarPath: string | null }): PersonRef | null {
  if (!row.author_id || !row.author_name) return null;
  return { id: row.author_id, name: row.author_name, handle: row.author_handle, avatarUrl: avatarUrlOf(row.author_handle, row.avatarPath) };
}

function parsePreview(json: string | null): LinkPreview | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as LinkPreview;
  } catch {
    return null;
  }
}

const commentLimit = 500;

async function loadComments(db: DB, actor: Actor | null, postId: string) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .leftJoin('profiles', 'profiles.user_id', 'comments.author_id')
    .selectAll('comments')
    .select(['users.name as author_name', 'profiles.handle as author_handle'])
    .select((eb) => visibleAvatar(actor)(eb as never))
    .where('comments.post_id', '=', postId)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(commentLimit)
    .execute();
}

/** The publication for its reader; opening it marks it read for them. */
export async function readPost(db: DB, actor: Actor | null, id: string, options: { markRead?: boolean } = {}): Promise<PostView> {
  const relation = await findPost(db, actor, id);
  const { post } = relation;
  const deleted = post.deleted_at !== null;
  const author = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.id as author_id', 'users.name as author_name', 'profiles.handle as author_handle'])
    .select((eb) => visibleAvatar(actor)(eb as never))
    .where('users.id', '=', post.author_id ?? '')
    .executeTakeFirst();
  const [tags, attachments, reactions, rows, following] = await Promise.all([
    db.selectFrom('post_tags').select('tag').where('post_id', '=', id).orderBy('tag').execute(),
    db.selectFrom('attachments').selectAll().where('post_id', '=', id).orderBy('created_at').execute(),
    reactionsOf(db, actor, id),
    deleted ? Promise.resolve([]) : loadComments(db, actor, id),
    isFollowing(db, actor, id)
  ]);
  const seen = options.markRead === false || deleted ? null : await markRead(db, actor, post);
  const moderator = canOnPost(actor, 'moderate', relation);
  const readable = relation.communities.filter((r) => can(actor, 'read_content', r));
  const home = readable.find((r) => r.community.id === post.community_id) ?? readable[0]!;
  const comments: CommentView[] = rows.map((row, index) => {
    const gone = row.deleted_at !== null;
    return {
      id: row.id,
      parentId: row.parent_id,
      author: gone ? null : personOf(row),
      bodyHtml: gone ? null : row.body_html,
      body: gone ? null : row.body,
      createdAt: row.created_at,
      editedAt: row.edited_at,
      revision: row.revision,
      deleted: gone,
      isAnswer: post.answer_id === row.id,
      reactions: reactions.get(row.id) ?? [],
      canEdit: !gone && actor !== null && (moderator || (row.author_id === actor.id && canOnPost(actor, 'take_part', { ...relation, post: { ...post, locked_at: null } }))),
      isNew: seen !== null && index >= seen.commentsSeen && row.author_id !== actor?.id
    };
  });
  return {
    id: post.id,
    kind: post.kind,
    title: deleted ? '' : post.title,
    body: deleted ? null : post.body,
    bodyHtml: deleted ? null : post.body_html,
    language: post.language,
    linkUrl: deleted ? null : post.link_url,
    linkPreview: deleted ? null : parsePreview(post.link_preview),
    author: deleted ? null : author ? personOf(author) : null,
    community: { slug: home.community.slug, name: home.community.name },
    sharedIn: readable.filter((r) => r !== home).map((r) => ({ slug: r.community.slug, name: r.community.name })),
    tags: deleted ? [] : tags.map((t) => t.tag),
    attachments: deleted ? [] : attachments.map((a) => presentAttachment(id, a)),
    createdAt: post.created_at,
    activityAt: post.activity_at,
    editedAt: post.edited_at,
    revision: post.revision,
    deleted,
    pinned: post.pinned_at !== null,
    locked: post.locked_at !== null,
    answerId: post.answer_id,
    commentCount: post.comment_count,
    // A first reading counts at once, so the reader is in the figure they see.
    viewCount: post.view_count + (seen?.firstView ? 1 : 0),
    reactions: reactions.get(id) ?? [],
    comments,
    viewer: {
      canTakePart: canOnPost(actor, 'take_part', relation),
      canEdit: canOnPost(actor, 'edit', relation),
      canModerate: moderator,
      canSeeHistory: canOnPost(actor, 'history', relation),
      canMarkAnswer: canOnPost(actor, 'mark_answer', relation),
      following,
      signedIn: actor !== null
    }
  };
}

/** Comments a page at a time, for the API, in the order they were written. */
export async function pageOfComments(db: DB, actor: Actor | null, postId: string, page: PageQuery) {
  const { post } = await findPost(db, actor, postId);
  if (post.deleted_at !== null) throw notFound();
  const query = db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .leftJoin('profiles', 'profiles.user_id', 'comments.author_id')
    .select(['comments.id as id', 'comments.parent_id', 'comments.author_id', 'comments.body', 'comments.body_html', 'comments.deleted_at', 'comments.edited_at', 'comments.revision', 'comments.created_at as created_at', 'users.name as author_name', 'profiles.handle as author_handle'])
    .select((eb) => visibleAvatar(actor)(eb as never))
    .where('comments.post_id', '=', postId);
  const result = await paginate(query, { columns: ['comments.created_at', 'comments.id'], direction: 'asc' }, page);
  return {
    nextCursor: result.nextCursor,
    items: result.items.map((row) => {
      const gone = row.deleted_at !== null;
      return {
        id: row.id,
        parentId: row.parent_id,
        author: gone ? null : personOf(row),
        body: gone ? null : row.body,
        bodyHtml: gone ? null : row.body_html,
        deleted: gone,
        isAnswer: post.answer_id === row.id,
        createdAt: row.created_at,
        editedAt: row.edited_at,
        revision: row.revision
      };
    })
  };
}

export type RevisionView = { number: number; title: string | null; body: string; editor: string | null; createdAt: number; current: boolean };

/** Every version of a publication (or of one of its comments), newest first: for its author and the animators. */
export async function revisionHistory(db: DB, actor: Actor | null, postId: string, commentId: string | null = null): Promise<{ title: string; revisions: RevisionView[] }> {
  const relation = await findPost(db, requireMember(actor), postId);
  const { post } = relation;
  let current: RevisionView;
  if (commentId) {
    const comment = await db.selectFrom('comments').selectAll().where('id', '=', commentId).where('post_id', '=', postId).executeTakeFirst();
    if (!comment) throw notFound();
    // The same rule as for the publication, with the comment's author in the author's place.
    if (!canOnPost(actor, 'history', { ...relation, post: { ...post, author_id: comment.author_id } })) throw notFound();
    current = { number: comment.revision, title: null, body: comment.deleted_at ? '' : comment.body, editor: null, createdAt: comment.updated_at, current: true };
  } else {
    assertOnPost(actor, 'history', relation);
    current = { number: post.revision, title: post.title, body: post.body, editor: null, createdAt: post.updated_at, current: true };
  }
  let query = db
    .selectFrom('revisions')
    .leftJoin('users', 'users.id', 'revisions.editor_id')
    .select(['revisions.number', 'revisions.title', 'revisions.body', 'revisions.created_at', 'users.name as editor'])
    .where('revisions.post_id', '=', postId);
  query = commentId ? query.where('revisions.comment_id', '=', commentId) : query.where('revisions.comment_id', 'is', null);
  const rows = await query.orderBy('revisions.number', 'desc').execute();
  return {
    // A deleted publication's title stays with those who may read its history.
    title: post.deleted_at !== null && !canOnPost(actor, 'history', relation) ? '' : post.title,
    revisions: [current, ...rows.map((r) => ({ number: r.number, title: r.title, body: r.body, editor: r.editor, createdAt: r.created_at, current: false }))]
  };
}
