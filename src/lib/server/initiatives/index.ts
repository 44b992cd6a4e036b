// The initiative map (cartographie): members describe what they, or their organisation, do where —
// a title, a description, themes, a region, a place, optional coordinates, the communities it
// belongs to and who may see it. Lists group by region; the map shows those with coordinates.
// Every read goes through access/initiatives (whereInitiativeReadableBy in SQL).
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Initiative } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertOnInitiative, can, canOnInitiative, findCommunity, findInitiative, requireMember, whereInitiativeReadableBy } from '../access';
import { linkedCommunities } from '../library/resources';
import { visibilitySchema } from '../library/schemas';
import { invalid } from '../errors';
import { newId, now } from '../ids';
import { record } from '../journal';
import { renderMarkdown } from '../markdown';
import { indexInitiative } from '../search/documents';
import { paginate, pageQuery, type Page } from '../api/pagination';
import { limits } from '../../shared/limits';

export const initiativeLimits = { titleMax: 200, descriptionMax: 10_000, regionMax: 80, placeMax: 300, themeMax: 40, themesMax: 8, mapMax: 2_000 } as const;

const theme = z
  .string()
  .trim()
  .min(1)
  .max(initiativeLimits.themeMax, 'initiatives.errors.theme_too_long')
  .transform((value) => value.normalize('NFC').toLowerCase());
const latitude = z.number().min(-90, 'initiatives.errors.latitude').max(90, 'initiatives.errors.latitude');
const longitude = z.number().min(-180, 'initiatives.errors.longitude').max(180, 'initiatives.errors.longitude');

const communitySlugs = z.array(z.string().max(limits.slugMax)).max(limits.shareMax).describe('Communities (slugs) it belongs to; the caller must be able to post there');

const fields = {
  title: z.string().trim().min(1, 'initiatives.errors.title_required').max(initiativeLimits.titleMax),
  description: z.string().trim().min(1, 'initiatives.errors.description_required').max(initiativeLimits.descriptionMax).describe('Markdown'),
  language: z.enum(['fr', 'en']).optional(),
  region: z.string().trim().min(1, 'initiatives.errors.region_required').max(initiativeLimits.regionMax).describe('As people name it: Estrie, Nord de l’Ontario…'),
  place: z.string().trim().max(initiativeLimits.placeMax).nullable().optional().describe('An address or a place name'),
  latitude: latitude.nullable().optional().describe('WGS 84 degrees; with longitude, or neither'),
  longitude: longitude.nullable().optional(),
  themes: z.array(theme).max(initiativeLimits.themesMax, 'initiatives.errors.too_many_themes').default([]),
  visibility: visibilitySchema,
  communities: communitySlugs.default([]),
  onBehalfOfOrganisation: z.boolean().default(false).describe('Shown as an initiative of the author’s organisation (from their profile)')
};

export const createInitiativeSchema = z.strictObject(fields);
export type CreateInitiativeInput = z.input<typeof createInitiativeSchema>;
export const updateInitiativeSchema = z.strictObject({
  title: fields.title.optional(),
  description: fields.description.optional(),
  language: fields.language,
  region: fields.region.optional(),
  place: fields.place,
  latitude: fields.latitude,
  longitude: fields.longitude,
  themes: z.array(theme).max(initiativeLimits.themesMax, 'initiatives.errors.too_many_themes').optional(),
  visibility: visibilitySchema.optional(),
  // Not fields.communities: its default would read a left-out list as "none" and unlink them all.
  communities: communitySlugs.optional(),
  onBehalfOfOrganisation: z.boolean().optional()
});
export type UpdateInitiativeInput = z.input<typeof updateInitiativeSchema>;

export const listInitiativesSchema = pageQuery.extend({
  community: z.string().max(limits.slugMax).optional().describe('Only those of this community (slug)'),
  theme: z.string().trim().max(initiativeLimits.themeMax).optional(),
  region: z.string().trim().max(initiativeLimits.regionMax).optional()
});
export type ListInitiativesInput = z.input<typeof listInitiativesSchema>;

export type InitiativeSummary = {
  id: string;
  title: string;
  region: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  themes: string[];
  visibility: Initiative['visibility'];
  organisation: string | null;
};

export type InitiativeView = InitiativeSummary & {
  description: string;
  descriptionHtml: string;
  language: 'fr' | 'en';
  /** The communities the viewer may see, among those it belongs to. */
  communities: { slug: string; name: string }[];
  contact: { id: string; handle: string; name: string } | null;
  author: { handle: string; name: string } | null;
  onBehalfOfOrganisation: boolean;
  createdAt: number;
  updatedAt: number;
  may: { edit: boolean; delete: boolean; contact: boolean };
};

/** Both coordinates or neither: half a position is no position. */
function checkPosition(lat: number | null | undefined, lng: number | null | undefined): void {
  if ((lat == null) !== (lng == null)) throw invalid([{ path: lat == null ? 'latitude' : 'longitude', message: 'initiatives.errors.both_coordinates' }]);
}

async function organisationOf(db: Executor, userId: string): Promise<string | null> {
  const row = await db.selectFrom('profiles').select('organisation_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.organisation_id ?? null;
}

async function writeSides(tx: Executor, id: string, communities: { community: { id: string } }[] | null, themes: string[] | null, at: number): Promise<void> {
  if (communities) {
    await tx.deleteFrom('initiative_communities').where('initiative_id', '=', id).execute();
    if (communities.length) await tx.insertInto('initiative_communities').values(communities.map((r, i) => ({ initiative_id: id, community_id: r.community.id, created_at: at + i }))).execute();
  }
  if (themes) {
    await tx.deleteFrom('initiative_themes').where('initiative_id', '=', id).execute();
    const unique = [...new Set(themes)];
    if (unique.length) await tx.insertInto('initiative_themes').values(unique.map((t) => ({ initiative_id: id, theme: t }))).execute();
  }
}

export async function createInitiative(db: DB, actor: Actor | null, raw: CreateInitiativeInput): Promise<{ id: string }> {
  const member = requireMember(actor);
  const input = createInitiativeSchema.parse(raw);
  checkPosition(input.latitude, input.longitude);
  const communities = await linkedCommunities(db, member, input.communities);
  if (input.visibility === 'communities' && communities.length === 0) throw invalid([{ path: 'visibility', message: 'initiatives.errors.no_community' }]);
  const id = newId();
  const at = now();
  const organisation = input.onBehalfOfOrganisation ? await organisationOf(db, member.id) : null;
  if (input.onBehalfOfOrganisation && !organisation) throw invalid([{ path: 'onBehalfOfOrganisation', message: 'initiatives.errors.no_organisation' }]);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('initiatives')
      .values({
        id,
        title: input.title,
        description: input.description,
        description_html: renderMarkdown(input.description).html,
        language: input.language ?? member.locale,
        region: input.region,
        place: input.place || null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        visibility: input.visibility,
        organisation_id: organisation,
        contact_id: member.id,
        created_by: member.id,
        created_at: at,
        updated_at: at,
        deleted_at: null
      })
      .execute();
    await writeSides(tx, id, communities, input.themes, at);
    await indexInitiative(tx, id);
    await record(tx, { kind: 'initiative.created', actorId: member.id, communityId: communities[0]?.community.id ?? null, payload: { initiativeId: id, communities: communities.map((r) => r.community.id) } });
  });
  return { id };
}

export async function updateInitiative(db: DB, actor: Actor | null, id: string, raw: UpdateInitiativeInput): Promise<{ id: string }> {
  const member = requireMember(actor);
  const relation = await findInitiative(db, member, id);
  assertOnInitiative(member, 'edit', relation);
  const input = updateInitiativeSchema.parse(raw);
  const current = relation.initiative;
  const lat = input.latitude === undefined ? current.latitude : input.latitude;
  const lng = input.longitude === undefined ? current.longitude : input.longitude;
  checkPosition(lat, lng);
  const communities = input.communities ? await linkedCommunities(db, member, input.communities, relation.communities) : null;
  const visibility = input.visibility ?? current.visibility;
  if (visibility === 'communities' && (communities ?? relation.communities).length === 0) throw invalid([{ path: 'visibility', message: 'initiatives.errors.no_community' }]);
  let organisation = current.organisation_id;
  if (input.onBehalfOfOrganisation !== undefined) {
    organisation = input.onBehalfOfOrganisation ? await organisationOf(db, member.id) : null;
    if (input.onBehalfOfOrganisation && !organisation) throw invalid([{ path: 'onBehalfOfOrganisation', message: 'initiatives.errors.no_organisation' }]);
  }
  const at = now();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('initiatives')
      .set({
        title: input.title ?? current.title,
        description: input.description ?? current.description,
        description_html: input.description === undefined ? current.description_html : renderMarkdown(input.description).html,
        language: input.language ?? current.language,
        region: input.region ?? current.region,
        place: input.place === undefined ? current.place : input.place || null,
        latitude: lat,
        longitude: lng,
        visibility,
        organisation_id: organisation,
        updated_at: at
      })
      .where('id', '=', id)
      .execute();
    await writeSides(tx, id, communities, input.themes ?? null, at);
    await indexInitiative(tx, id);
  });
  return { id };
}

export async function deleteInitiative(db: DB, actor: Actor | null, id: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await findInitiative(db, member, id);
  assertOnInitiative(member, 'moderate', relation);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('initiatives').set({ deleted_at: now(), updated_at: now() }).where('id', '=', id).execute();
    await indexInitiative(tx, id);
  });
}

/** The readable initiatives matching the filters, before paging. */
async function readable(db: DB, actor: Actor | null, filters: { community?: string; theme?: string; region?: string }) {
  let query = db.selectFrom('initiatives').leftJoin('organisations', 'organisations.id', 'initiatives.organisation_id').where(whereInitiativeReadableBy(actor));
  if (filters.community) {
    // A community the actor may not see is answered as missing, like its own pages.
    const relation = await findCommunity(db, actor, filters.community);
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('initiative_communities').select('initiative_communities.initiative_id').whereRef('initiative_communities.initiative_id', '=', 'initiatives.id').where('initiative_communities.community_id', '=', relation.community.id))
    );
  }
  if (filters.theme) {
    const wanted = filters.theme.normalize('NFC').toLowerCase();
    query = query.where((eb) => eb.exists(eb.selectFrom('initiative_themes').select('initiative_themes.initiative_id').whereRef('initiative_themes.initiative_id', '=', 'initiatives.id').where('initiative_themes.theme', '=', wanted)));
  }
  if (filters.region) query = query.where('initiatives.region', '=', filters.region);
  return query.select([
    'initiatives.id',
    'initiatives.title',
    'initiatives.region',
    'initiatives.place',
    'initiatives.latitude',
    'initiatives.longitude',
    'initiatives.visibility',
    'organisations.name as organisation'
  ]);
}

async function withThemes<T extends { id: string }>(db: DB, rows: T[]): Promise<(T & { themes: string[] })[]> {
  const ids = rows.map((r) => r.id);
  const themes = ids.length ? await db.selectFrom('initiative_themes').select(['initiative_id', 'theme']).where('initiative_id', 'in', ids).orderBy('theme').execute() : [];
  return rows.map((row) => ({ ...row, themes: themes.filter((t) => t.initiative_id === row.id).map((t) => t.theme) }));
}

/** One page of initiatives the actor may read, by region then title. */
export async function listInitiatives(db: DB, actor: Actor | null, raw: ListInitiativesInput = {}): Promise<Page<InitiativeSummary>> {
  const input = listInitiativesSchema.parse(raw);
  // Qualified: organisations, joined for its name, has an id and a region too.
  const page = await paginate(await readable(db, actor, input), { columns: ['initiatives.region', 'initiatives.title', 'initiatives.id'], direction: 'asc' }, input);
  return { items: await withThemes(db, page.items), nextCursor: page.nextCursor };
}

/** The points of the map: every readable initiative with coordinates that matches, up to a cap. */
export async function mapPoints(db: DB, actor: Actor | null, raw: Omit<ListInitiativesInput, 'cursor' | 'limit'> = {}): Promise<{ points: InitiativeSummary[]; capped: boolean }> {
  const input = listInitiativesSchema.parse(raw);
  const rows = await (await readable(db, actor, input))
    .where('initiatives.latitude', 'is not', null)
    .where('initiatives.longitude', 'is not', null)
    .orderBy('initiatives.created_at', 'desc')
    .orderBy('initiatives.id')
    .limit(initiativeLimits.mapMax + 1)
    .execute();
  return { points: await withThemes(db, rows.slice(0, initiativeLimits.mapMax)), capped: rows.length > initiativeLimits.mapMax };
}

/** The regions and themes the filters offer: only those of initiatives the actor may read. */
export async function initiativeFacets(db: DB, actor: Actor | null, raw: { community?: string } = {}): Promise<{ regions: { name: string; count: number }[]; themes: { name: string; count: number }[] }> {
  const base = await readable(db, actor, { community: raw.community });
  const rows = await withThemes(db, await base.limit(5_000).execute());
  const count = (values: string[]) => {
    const map = new Map<string, number>();
    for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
    return [...map].map(([name, n]) => ({ name, count: n })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  };
  return { regions: count(rows.map((r) => r.region)), themes: count(rows.flatMap((r) => r.themes)) };
}

/** An initiative as its page and the API show it; not_found unless the actor may read it. */
export async function getInitiative(db: DB, actor: Actor | null, id: string): Promise<InitiativeView> {
  const relation = await findInitiative(db, actor, id);
  const i = relation.initiative;
  const [themes, organisation, people] = await Promise.all([
    db.selectFrom('initiative_themes').select('theme').where('initiative_id', '=', id).orderBy('theme').execute(),
    i.organisation_id ? db.selectFrom('organisations').select('name').where('id', '=', i.organisation_id).executeTakeFirst() : undefined,
    db
      .selectFrom('users')
      .innerJoin('profiles', 'profiles.user_id', 'users.id')
      .select(['users.id', 'users.name', 'profiles.handle'])
      .where('users.id', 'in', [i.contact_id ?? '', i.created_by ?? ''])
      .execute()
  ]);
  const contact = people.find((p) => p.id === i.contact_id) ?? null;
  const author = people.find((p) => p.id === i.created_by) ?? null;
  return {
    id: i.id,
    title: i.title,
    region: i.region,
    place: i.place,
    latitude: i.latitude,
    longitude: i.longitude,
    themes: themes.map((t) => t.theme),
    visibility: i.visibility,
    organisation: organisation?.name ?? null,
    description: i.description,
    descriptionHtml: i.description_html,
    language: i.language,
    communities: relation.communities.filter((r) => can(actor, 'read', r)).map((r) => ({ slug: r.community.slug, name: r.community.name })),
    contact: contact ? { id: contact.id, handle: contact.handle, name: contact.name } : null,
    author: author ? { handle: author.handle, name: author.name } : null,
    onBehalfOfOrganisation: i.organisation_id !== null,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    may: {
      edit: canOnInitiative(actor, 'edit', relation),
      delete: canOnInitiative(actor, 'moderate', relation),
      contact: actor !== null && contact !== null && contact.id !== actor.id
    }
  };
}
