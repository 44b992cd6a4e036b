// What each kind of thing gives the index, read from its own rows. The domain functions call these
// in the transaction of their write, so an edit is searchable, and a deletion gone, in the same
// commit; `ruche search reindex` calls the same functions for everything.
import type { Executor } from '../jobs/queue';
import type { SearchKind } from '../db/schema';
import { plainText } from '../posts/content';
import { jsonList } from '../text';
import { loadProfile, presentProfile, type ProfileView } from '../profiles';
import { removeDocuments, writeDocument, type SearchDocument } from './engines';
import type { Language } from './analyse';

const lang = (value: string | null | undefined): Language => (value === 'en' ? 'en' : 'fr');

function doc(kind: SearchKind, objectId: string, fields: Omit<SearchDocument, 'key' | 'kind' | 'objectId'>, suffix = ''): SearchDocument {
  return { key: `${kind}:${objectId}${suffix}`, kind, objectId, ...fields };
}

/** A publication (and, when it was deleted, its comments go too). */
export async function indexPost(tx: Executor, postId: string): Promise<void> {
  const post = await tx.selectFrom('posts').select(['id', 'title', 'body', 'language', 'kind', 'answer_id', 'deleted_at', 'created_at']).where('id', '=', postId).executeTakeFirst();
  if (!post || post.deleted_at !== null) {
    await removeDocuments(tx, (eb) => eb.or([eb('key', '=', `post:${postId}`), eb.and([eb('kind', '=', 'comment'), eb('parent_id', '=', postId)])]));
    return;
  }
  const tags = await tx.selectFrom('post_tags').select('tag').where('post_id', '=', postId).execute();
  await writeDocument(
    tx,
    doc('post', post.id, {
      parentId: null,
      level: null,
      language: lang(post.language),
      boost: post.kind === 'question' && post.answer_id !== null ? 1 : 0,
      at: post.created_at,
      title: post.title,
      body: [plainText(post.body), ...tags.map((t) => t.tag)].join('\n')
    })
  );
}

/** A comment; an accepted answer ranks first. */
export async function indexComment(tx: Executor, commentId: string): Promise<void> {
  const row = await tx
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.id', 'comments.post_id', 'comments.body', 'comments.deleted_at', 'comments.created_at', 'posts.language', 'posts.answer_id', 'posts.deleted_at as post_deleted_at'])
    .where('comments.id', '=', commentId)
    .executeTakeFirst();
  if (!row || row.deleted_at !== null || row.post_deleted_at !== null) {
    await removeDocuments(tx, (eb) => eb('key', '=', `comment:${commentId}`));
    return;
  }
  await writeDocument(
    tx,
    doc('comment', row.id, { parentId: row.post_id, level: null, language: lang(row.language), boost: row.answer_id === row.id ? 1 : 0, at: row.created_at, title: '', body: plainText(row.body) })
  );
}

/** A question's answer changed: the question and the answers before and after rank anew. */
export async function indexAnswer(tx: Executor, postId: string, commentIds: (string | null)[]): Promise<void> {
  await indexPost(tx, postId);
  for (const id of new Set(commentIds)) if (id) await indexComment(tx, id);
}

export async function indexResource(tx: Executor, resourceId: string): Promise<void> {
  const resource = await tx.selectFrom('resources').select(['id', 'title', 'summary', 'body', 'language', 'deleted_at', 'created_at', 'reference']).where('id', '=', resourceId).executeTakeFirst();
  if (!resource || resource.deleted_at !== null) {
    await removeDocuments(tx, (eb) => eb('key', '=', `resource:${resourceId}`));
    return;
  }
  const [authors, categories] = await Promise.all([
    tx.selectFrom('resource_authors').select('name').where('resource_id', '=', resourceId).orderBy('position').execute(),
    tx.selectFrom('resource_categories').select('category').where('resource_id', '=', resourceId).execute()
  ]);
  await writeDocument(
    tx,
    doc('resource', resource.id, {
      parentId: null,
      level: null,
      language: lang(resource.language),
      boost: 0,
      at: resource.created_at,
      title: resource.title,
      body: [resource.summary ?? '', plainText(resource.body), ...authors.map((a) => a.name), ...categories.map((c) => c.category), referenceText(resource.reference)].join('\n')
    })
  );
}

/** The searchable part of a stored reference: its container and publisher (title and authors are columns). */
function referenceText(reference: string | null): string {
  if (!reference) return '';
  try {
    const item = JSON.parse(reference) as Record<string, unknown>;
    return ['container-title', 'publisher', 'DOI'].map((k) => (typeof item[k] === 'string' ? (item[k] as string) : '')).join(' ');
  } catch {
    return '';
  }
}

export async function indexEvent(tx: Executor, eventId: string): Promise<void> {
  const event = await tx.selectFrom('events').select(['id', 'title', 'description', 'language', 'address', 'created_at', 'starts_at']).where('id', '=', eventId).executeTakeFirst();
  if (!event) {
    await removeDocuments(tx, (eb) => eb('key', '=', `event:${eventId}`));
    return;
  }
  const [presenters, tags] = await Promise.all([
    tx.selectFrom('event_presenters').select(['name', 'affiliation']).where('event_id', '=', eventId).execute(),
    tx.selectFrom('event_tags').select('tag').where('event_id', '=', eventId).execute()
  ]);
  await writeDocument(
    tx,
    doc('event', event.id, {
      parentId: null,
      level: null,
      language: lang(event.language),
      boost: 0,
      // An activity is found by when it happens, not when it was announced.
      at: event.starts_at,
      title: event.title,
      body: [plainText(event.description), event.address ?? '', ...presenters.map((p) => `${p.name} ${p.affiliation ?? ''}`), ...tags.map((t) => t.tag)].join('\n')
    })
  );
}

/** An initiative of the map: what it is, where, and its themes. */
export async function indexInitiative(tx: Executor, initiativeId: string): Promise<void> {
  const initiative = await tx
    .selectFrom('initiatives')
    .select(['id', 'title', 'description', 'language', 'region', 'place', 'deleted_at', 'created_at'])
    .where('id', '=', initiativeId)
    .executeTakeFirst();
  if (!initiative || initiative.deleted_at !== null) {
    await removeDocuments(tx, (eb) => eb('key', '=', `initiative:${initiativeId}`));
    return;
  }
  const themes = await tx.selectFrom('initiative_themes').select('theme').where('initiative_id', '=', initiativeId).execute();
  await writeDocument(
    tx,
    doc('initiative', initiative.id, {
      parentId: null,
      level: null,
      language: lang(initiative.language),
      boost: 0,
      at: initiative.created_at,
      title: initiative.title,
      body: [plainText(initiative.description), initiative.region, initiative.place ?? '', ...themes.map((t) => t.theme)].join('\n')
    })
  );
}

export async function indexCommunity(tx: Executor, communityId: string): Promise<void> {
  const community = await tx
    .selectFrom('communities')
    .select(['id', 'name', 'summary', 'mission', 'objectives', 'themes', 'regions', 'languages', 'created_at'])
    .where('id', '=', communityId)
    .executeTakeFirst();
  if (!community) {
    await removeDocuments(tx, (eb) => eb('key', '=', `community:${communityId}`));
    return;
  }
  await writeDocument(
    tx,
    doc('community', community.id, {
      parentId: null,
      level: null,
      language: lang(jsonList(community.languages)[0]),
      boost: 0,
      at: community.created_at,
      title: community.name,
      body: [community.summary, community.mission ?? '', community.objectives ?? '', ...jsonList(community.themes), ...jsonList(community.regions)].join('\n')
    })
  );
}

function profileText(view: ProfileView): string {
  return [view.handle, view.discipline ?? '', view.region ?? '', view.organisation?.name ?? '', ...view.expertise, ...view.interests, view.bio ?? ''].join('\n');
}

/**
 * A member, twice: what any signed-in member may see of the profile (`instance`), and all of it
 * for those who share a community with them (`communities`). A search reads exactly one of the two,
 * so a word in a field kept for co-members never finds the member for anyone else.
 */
export async function indexMember(tx: Executor, userId: string): Promise<void> {
  const user = await tx.selectFrom('users').select(['id', 'locale', 'created_at']).where('id', '=', userId).executeTakeFirst();
  const profile = user ? await loadProfile(tx, { userId }).catch(() => null) : null;
  if (!user || !profile) {
    await removeDocuments(tx, (eb) => eb.and([eb('kind', '=', 'member'), eb('object_id', '=', userId)]));
    return;
  }
  const at = typeof user.created_at === 'string' ? Date.parse(user.created_at) : new Date(user.created_at).getTime();
  for (const [level, viewer] of [
    ['instance', 'member'],
    ['communities', 'co_member']
  ] as const) {
    const view = presentProfile(profile, viewer);
    await writeDocument(tx, doc('member', userId, { parentId: null, level, language: lang(user.locale), boost: 0, at, title: view.name, body: profileText(view) }, `:${level}`));
  }
}

export async function indexMessage(tx: Executor, messageId: string): Promise<void> {
  const message = await tx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .leftJoin('users', 'users.id', 'messages.author_id')
    .select(['messages.id', 'messages.conversation_id', 'messages.body', 'messages.deleted_at', 'messages.created_at', 'conversations.subject', 'users.locale'])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.deleted_at !== null) {
    await removeDocuments(tx, (eb) => eb('key', '=', `message:${messageId}`));
    return;
  }
  await writeDocument(
    tx,
    doc('message', message.id, { parentId: message.conversation_id, level: null, language: lang(message.locale), boost: 0, at: message.created_at, title: message.subject ?? '', body: plainText(message.body) })
  );
}

export const indexers: Record<SearchKind, (tx: Executor, id: string) => Promise<void>> = {
  post: indexPost,
  comment: indexComment,
  resource: indexResource,
  event: indexEvent,
  initiative: indexInitiative,
  community: indexCommunity,
  member: indexMember,
  message: indexMessage
};
