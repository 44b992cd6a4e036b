// A note's Markdown turned into what is stored: its HTML, with `[[id]]` and `[[id|text]]` turned into
// links to other resources, and the resources it links to (for their backlinks). A bare `[[id]]`
// shows the target's title only when that title is public; otherwise a neutral label, so a note
// never carries the title of a resource some of its readers may not see.
import type { Executor } from '../jobs/queue';
import { renderMarkdown } from '../markdown';
import { headingIds } from './sections';

const resourceLink = /\[\[([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\|([^\]\n]{1,200}))?\]\]/g;

export type NoteContent = { html: string; links: string[] };

/** The ids a text links to with `[[…]]`, in order, once each. */
export function linkedIds(text: string): string[] {
  return [...new Set([...text.matchAll(resourceLink)].map((m) => m[1]!))];
}

function escapeLabel(label: string): string {
  return label.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Renders a note; links to resources that do not exist stay as written. A collective work's
 * headings carry ids, for its table of contents.
 */
export async function prepareNote(db: Executor, text: string, selfId: string | null = null, work = false): Promise<NoteContent> {
  const ids = linkedIds(text).filter((id) => id !== selfId);
  const targets =
    ids.length === 0
      ? []
      : await db.selectFrom('resources').select(['id', 'title', 'visibility']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  const known = new Map(targets.map((t) => [t.id, t]));
  const markdown = text.replace(resourceLink, (whole, id: string, label: string | undefined) => {
    const target = known.get(id);
    if (!target) return whole;
    const text = label?.trim() || (target.visibility === 'public' ? target.title : '↗');
    return `[${escapeLabel(text)}](/r/${id})`;
  });
  return { html: renderMarkdown(markdown, {}, work ? headingIds : undefined).html, links: [...known.keys()] };
}

export async function replaceLinks(db: Executor, sourceId: string, targets: string[]): Promise<void> {
  await db.deleteFrom('resource_links').where('source_id', '=', sourceId).execute();
  if (targets.length > 0) await db.insertInto('resource_links').values(targets.map((target) => ({ source_id: sourceId, target_id: target }))).execute();
}
