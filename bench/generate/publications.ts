// Publications and everything hanging off them, written in the order they happened: the copies of
// their sort keys in post_communities (migration 0008), comments with replies, edits and tombstones,
// comment_count and activity_at as the comments left them, answers, reactions, read markers and view
// counts, follows, tags, revisions and the journal. A few publications are set aside as the
// scenarios' targets.
import type { PostKind } from '../../src/lib/server/db/schema';
import type { LinkPreview } from '../../src/lib/server/previews';
import { reactionEmojis } from '../../src/lib/shared/posts';
import { sample, uuidv7At, cumulate } from '../random';
import { postTitle } from './corpus';
import { DAY, HOUR, type CommunityModel, type Context, type Lang } from './model';
import type { TextPools } from './texts';

const MAX_COMMENTS = 300;
const THREAD_COMMENTS = 50;
const WRITE_POSTS = 40;

/** How many comments each publication gets: none for a fifth, a long tail for a few, `total` in all. */
function commentCounts(ctx: Context): Int32Array {
  const { random, scale } = ctx;
  const weights = new Float64Array(scale.posts);
  let sum = 0;
  for (let i = 0; i < scale.posts; i++) {
    const w = random.chance(0.22) ? 0 : random.logNormal(0, 1.1);
    weights[i] = w;
    sum += w;
  }
  const counts = new Int32Array(scale.posts);
  let total = 0;
  for (let i = 0; i < scale.posts; i++) {
    const n = Math.min(MAX_COMMENTS, Math.floor((scale.comments * (weights[i] as number)) / sum + random.next()));
    counts[i] = n;
    total += n;
  }
  for (let guard = 0; total !== scale.comments && guard < scale.comments * 4; guard++) {
    const i = random.int(scale.posts);
    const n = counts[i] as number;
    if (total < scale.comments && n < MAX_COMMENTS && (n > 0 || random.chance(0.1))) {
      counts[i] = n + 1;
      total++;
    } else if (total > scale.comments && n > 0) {
      counts[i] = n - 1;
      total--;
    }
  }
  return counts;
}

function languageOf(ctx: Context, community: CommunityModel): Lang {
  if (community.languages === 'fr') return ctx.random.chance(0.95) ? 'fr' : 'en';
  if (community.languages === 'en') return ctx.random.chance(0.9) ? 'en' : 'fr';
  return ctx.random.chance(0.6) ? 'fr' : 'en';
}

function kindOf(ctx: Context, animator: boolean): Exclude<PostKind, 'proposal'> {
  const r = ctx.random.next();
  if (r < 0.5) return 'discussion';
  if (r < 0.75) return 'question';
  if (r < 0.85) return 'resource';
  if (r < 0.95) return 'case';
  return animator ? 'call' : 'discussion';
}

type CommentPlan = { id: string; at: number; authorIndex: number; parentId: string | null; deleted: boolean; edited: boolean; lang: Lang };

function planComments(ctx: Context, community: CommunityModel, postAt: number, count: number, lang: Lang, keepAll: boolean): CommentPlan[] {
  const { random } = ctx;
  const times: number[] = [];
  let at = postAt;
  for (let j = 0; j < count; j++) {
    at += Math.max(1000, Math.floor(random.exponential(6 * HOUR)));
    times.push(at);
  }
  const last = times[times.length - 1];
  if (last !== undefined && last > ctx.now - 1000) {
    const factor = (ctx.now - 1000 - postAt) / (last - postAt);
    for (let j = 0; j < times.length; j++) times[j] = postAt + Math.floor(((times[j] as number) - postAt) * factor);
  }
  const plans: CommentPlan[] = [];
  const topLevel: string[] = [];
  for (let j = 0; j < count; j++) {
    const commentAt = times[j] as number;
    const id = uuidv7At(commentAt, random);
    const parentId = topLevel.length > 0 && random.chance(0.35) ? random.pick(topLevel) : null;
    if (parentId === null) topLevel.push(id);
    plans.push({
      id,
      at: commentAt,
      authorIndex: community.authors[sample(random, community.authorWeights)]!,
      parentId,
      deleted: !keepAll && random.chance(0.01),
      edited: random.chance(0.02),
      lang: random.chance(0.9) ? lang : lang === 'fr' ? 'en' : 'fr'
    });
  }
  return plans;
}

export async function generatePublications(ctx: Context, texts: TextPools): Promise<void> {
  const { random, writer, scale } = ctx;
  const counts = commentCounts(ctx);
  const communityWeights = cumulate(ctx.communities.map((c) => (c.authors.length > 0 ? c.weight : 0)));
  const span = ctx.now - HOUR - ctx.start;
  const archivedAt = ctx.now - 30 * DAY;
  const showcase = ctx.communities[0]!;
  const recentPins = new Map<number, { id: string; at: number }[]>();
  let threadDone = false;
  const step = Math.max(1, Math.floor(scale.posts / 10));

  for (let i = 0; i < scale.posts; i++) {
    const at = ctx.start + Math.floor((span * (i + random.next())) / scale.posts);
    let community = ctx.communities[sample(random, communityWeights)]!;
    // Nobody writes in an archived community any more.
    while (community.archived && at > archivedAt) community = ctx.communities[sample(random, communityWeights)]!;
    const authorIndex = community.authors[sample(random, community.authorWeights)]!;
    const author = ctx.users[authorIndex]!;
    const kind0 = kindOf(ctx, community.roles.get(authorIndex) === 'animator');
    const isThread = !threadDone && community === showcase && at >= ctx.start + span * 0.95;
    const isWriteTarget = !isThread && community === showcase && at >= ctx.start + span * 0.9 && ctx.targets.writePosts.length < WRITE_POSTS;
    const special = isThread || isWriteTarget;
    const kind = isThread ? 'discussion' : kind0;
    const lang = languageOf(ctx, community);
    const text = random.pick(texts.posts[lang]);
    const title = postTitle(lang, kind, (n) => random.int(n), { region: community.region, theme: community.theme });
    const id = uuidv7At(at, random);
    if (isThread) {
      ctx.targets.thread = id;
      threadDone = true;
    }
    if (isWriteTarget) ctx.targets.writePosts.push(id);

    const comments = planComments(ctx, community, at, isThread ? THREAD_COMMENTS : (counts[i] as number), lang, isThread);
    const alive = comments.filter((c) => !c.deleted);
    const lastComment = comments[comments.length - 1];
    const activityAt = lastComment ? lastComment.at : at;
    const answerCandidates = kind === 'question' ? alive.filter((c) => c.parentId === null && c.authorIndex !== authorIndex) : [];
    const answerId = answerCandidates.length > 0 && random.chance(0.6) ? random.pick(answerCandidates).id : null;
    const deletedAt = !special && random.chance(0.005) ? Math.min(ctx.now - 1000, at + random.int(30 * DAY)) : null;
    const lockedAt = !special && deletedAt === null && random.chance(0.005) ? Math.min(ctx.now - 1000, at + random.int(30 * DAY)) : null;
    const editedAt = random.chance(0.03) ? Math.min(ctx.now - 1000, at + 2 * HOUR) : null;

    // Readers: members of its community, many more than those who write.
    const readerCount = Math.min(community.members.length, Math.round(1.2 * (1 + comments.length) * random.logNormal(0, 0.5)));
    const readers = random.distinct(community.members.length, readerCount).map((k) => community.members[k]!).filter((u) => u !== authorIndex);

    const communities = [community];
    if (random.chance(0.03)) {
      const others = author.communities.filter((c) => c !== community.index && !ctx.communities[c]!.archived);
      if (others.length > 0) communities.push(ctx.communities[random.pick(others)]!);
    }

    const linkUrl = kind === 'resource' && random.chance(0.5) ? `https://exemple.org/ressources/${i}` : null;
    // Link previews come from a background job: most links have theirs, as after the job ran.
    const linkPreview: LinkPreview | null = linkUrl && random.chance(0.8) ? { url: linkUrl, title: 'Ressources pour les communautés de pratique', description: 'Guides, fiches et outils.', imageUrl: null, siteName: 'exemple.org' } : null;
    writer.add('posts', {
      id,
      community_id: community.id,
      author_id: author.id,
      kind,
      title,
      body: text.body,
      body_html: text.html,
      language: lang,
      link_url: linkUrl,
      link_preview: linkPreview ? JSON.stringify(linkPreview) : null,
      revision: editedAt ? 2 : 1,
      comment_count: alive.length,
      view_count: readers.length,
      answer_id: answerId,
      pinned_at: null,
      locked_at: lockedAt,
      deleted_at: deletedAt,
      deleted_by: deletedAt ? author.id : null,
      edited_at: editedAt,
      activity_at: activityAt,
      created_at: at,
      updated_at: Math.max(activityAt, editedAt ?? 0, deletedAt ?? 0, lockedAt ?? 0)
    });
    for (const place of communities) writer.add('post_communities', { post_id: id, community_id: place.id, activity_at: activityAt, created_at: at });
    for (const tag of text.tags) writer.add('post_tags', { post_id: id, tag });
    if (editedAt) {
      const before = random.pick(texts.posts[lang]);
      writer.add('revisions', { id: uuidv7At(editedAt, random), post_id: id, comment_id: null, number: 1, title, body: before.body, editor_id: author.id, created_at: editedAt });
    }
    const placeIds = communities.map((c) => c.id);
    writer.add('journal', { id: uuidv7At(at, random), kind: 'post.created', actor_id: author.id, community_id: community.id, post_id: id, comment_id: null, payload: JSON.stringify({ communities: placeIds, kind }), created_at: at, processed_at: at });
    if (kind === 'call') writer.add('journal', { id: uuidv7At(at, random), kind: 'post.call_to_all', actor_id: author.id, community_id: community.id, post_id: id, comment_id: null, payload: JSON.stringify({ communities: placeIds }), created_at: at, processed_at: at });

    const follows = new Map<number, number>([[authorIndex, at]]);
    for (const comment of comments) {
      const commenter = ctx.users[comment.authorIndex]!;
      const commentText = random.pick(texts.comments[comment.lang]);
      const commentEditedAt = comment.edited ? Math.min(ctx.now - 1000, comment.at + HOUR) : null;
      const commentDeletedAt = comment.deleted ? Math.min(ctx.now - 1000, comment.at + HOUR) : null;
      writer.add('comments', {
        id: comment.id,
        post_id: id,
        parent_id: comment.parentId,
        author_id: commenter.id,
        body: commentText.body,
        body_html: commentText.html,
        revision: comment.edited ? 2 : 1,
        deleted_at: commentDeletedAt,
        deleted_by: commentDeletedAt ? commenter.id : null,
        edited_at: commentEditedAt,
        created_at: comment.at,
        updated_at: Math.max(comment.at, commentEditedAt ?? 0, commentDeletedAt ?? 0)
      });
      if (commentEditedAt) {
        writer.add('revisions', { id: uuidv7At(commentEditedAt, random), post_id: id, comment_id: comment.id, number: 1, title: null, body: random.pick(texts.comments[comment.lang]).body, editor_id: commenter.id, created_at: commentEditedAt });
      }
      writer.add('journal', { id: uuidv7At(comment.at, random), kind: 'comment.created', actor_id: commenter.id, community_id: community.id, post_id: id, comment_id: comment.id, payload: JSON.stringify({ parentId: comment.parentId }), created_at: comment.at, processed_at: comment.at });
      if (!follows.has(comment.authorIndex)) follows.set(comment.authorIndex, comment.at);
      if (!comment.deleted && random.chance(0.2)) reactTo(ctx, community, id, comment.id, comment.at, 1 + random.int(2));
    }
    reactTo(ctx, community, id, id, at, Math.floor(random.exponential(1.2)));
    for (const [userIndex, followedAt] of follows) {
      writer.add('post_follows', { post_id: id, user_id: ctx.users[userIndex]!.id, muted_at: userIndex !== authorIndex && random.chance(0.02) ? followedAt + DAY : null, created_at: followedAt });
    }
    for (const readerIndex of readers) {
      const readAt = at + Math.floor(random.next() * (ctx.now - at));
      let seen = 0;
      for (const comment of alive) if (comment.at <= readAt) seen++;
      writer.add('post_reads', { user_id: ctx.users[readerIndex]!.id, post_id: id, comments_seen: seen, read_at: readAt });
    }
    if (deletedAt === null && !special) {
      const pins = recentPins.get(community.index) ?? [];
      pins.push({ id, at });
      if (pins.length > 2) pins.shift();
      recentPins.set(community.index, pins);
    }
    await writer.drain();
    if (i % step === step - 1) ctx.progress(`publications ${Math.round(((i + 1) / scale.posts) * 100)} %`);
  }
  await writer.flush();
  // Each community pins its two latest publications, as animators do with a call or a welcome.
  for (const pins of recentPins.values()) {
    for (const pin of pins) await writer.run('UPDATE posts SET pinned_at = ? WHERE id = ?', [Math.min(ctx.now - 1000, pin.at + HOUR), pin.id]);
  }
}

function reactTo(ctx: Context, community: CommunityModel, postId: string, targetId: string, after: number, count: number): void {
  const { random } = ctx;
  for (const k of random.distinct(community.members.length, count)) {
    ctx.writer.add('reactions', {
      post_id: postId,
      target_id: targetId,
      user_id: ctx.users[community.members[k]!]!.id,
      emoji: random.pick(reactionEmojis),
      created_at: after + Math.floor(random.next() * (ctx.now - after))
    });
  }
}
