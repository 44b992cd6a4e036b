// A publication's or comment's Markdown turned into what is stored: its HTML, its tags, and the
// people it mentions — only members of the communities it lives in, the people its author may
// mention. Anyone else's @handle stays plain text and is told nothing.
import type { Executor } from '../jobs/queue';
import { mentionedHandles, renderMarkdown } from '../markdown';
import { limits } from '../../shared/limits';

export type StoredContent = { html: string; tags: string[]; mentionedIds: string[] };

export async function mentionableIn(db: Executor, communityIds: string[], handles: string[]): Promise<Map<string, string>> {
  if (handles.length === 0 || communityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('profiles')
    .innerJoin('memberships', 'memberships.user_id', 'profiles.user_id')
    .select(['profiles.handle', 'profiles.user_id'])
    .distinct()
    .where('memberships.community_id', 'in', communityIds)
    .where('memberships.status', '=', 'active')
    .where('profiles.handle', 'in', handles)
    .execute();
  return new Map(rows.map((row) => [row.handle, row.user_id]));
}

export async function prepareContent(db: Executor, communityIds: string[], text: string): Promise<StoredContent> {
  const people = await mentionableIn(db, communityIds, mentionedHandles(text));
  const rendered = renderMarkdown(text, { mentionable: new Set(people.keys()) });
  return {
    html: rendered.html,
    tags: rendered.tags.slice(0, limits.tagsMax),
    mentionedIds: rendered.mentions.map((handle) => people.get(handle)).filter((id): id is string => id !== undefined)
  };
}

/** A Markdown body as plain text on one line: what search indexes and excerpts are made of. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first words of a body as plain text, for feeds and the Atom summary. */
export function excerpt(markdown: string, max = 240): string {
  const text = plainText(markdown);
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Members whose handle or name starts with what the author typed, among those they may mention here. */
export async function mentionCandidates(db: Executor, communityIds: string[], typed: string, excludeId: string): Promise<{ handle: string; name: string }[]> {
  const prefix = typed.toLowerCase().replace(/[%_\\]/g, '');
  if (!prefix || communityIds.length === 0) return [];
  return db
    .selectFrom('profiles')
    .innerJoin('users', 'users.id', 'profiles.user_id')
    .innerJoin('memberships', 'memberships.user_id', 'profiles.user_id')
    .select(['profiles.handle as handle', 'users.name as name'])
    .distinct()
    .where('memberships.community_id', 'in', communityIds)
    .where('memberships.status', '=', 'active')
    .where('profiles.user_id', '!=', excludeId)
    .where((eb) => eb.or([eb('profiles.handle', 'like', `${prefix}%`), eb(eb.fn('lower', ['users.name']), 'like', `${prefix}%`)]))
    .orderBy('profiles.handle')
    .limit(8)
    .execute();
}
