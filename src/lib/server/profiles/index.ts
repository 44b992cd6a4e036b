// Member profiles: a unique handle (the address /u/{handle}) and the fields a member chooses to
// share, each with its own visibility. `presentProfile` gives out only what the viewer may see.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { FieldVisibility, Organisation, Profile } from '../db/schema';
import { canSeeField, requireMember, viewerOf, type ProfileViewer } from '../access';
import { invalid, notFound } from '../errors';
import { now } from '../ids';
import { findOrCreateOrganisation, organisationTypes, presentOrganisation } from '../organisations';
import { limits } from '../../shared/limits';
import { jsonList, urlName } from '../text';
import { pictureUrl } from '../http/pictures';
import { indexMember } from '../search/documents';

export const profileFields = ['avatar', 'pronouns', 'organisation', 'discipline', 'region', 'languages', 'expertise', 'interests', 'bio', 'links'] as const;
export type ProfileField = (typeof profileFields)[number];
export const visibilityLevels = ['public', 'instance', 'communities'] as const;

const handlePattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** "Geneviève Lalonde" → "genevieve-lalonde". */
export function handleFrom(name: string): string {
  const base = urlName(name, limits.handleMax - 4);
  return base.length >= limits.handleMin ? base : `membre${base ? `-${base}` : ''}`;
}

/** Gives a member a profile with a free handle, once; later calls change nothing. */
export async function ensureProfile(db: Executor, userId: string, name: string): Promise<void> {
  const existing = await db.selectFrom('profiles').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  if (existing) return;
  const base = handleFrom(name);
  for (let n = 1; n < 1000; n++) {
    const handle = n === 1 ? base : `${base}-${n}`;
    const inserted = await db
      .insertInto('profiles')
      .values({ user_id: userId, handle, created_at: now(), updated_at: now() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return indexMember(db, userId);
    const mine = await db.selectFrom('profiles').select('user_id').where('user_id', '=', userId).executeTakeFirst();
    if (mine) return;
  }
  throw new Error('no free handle');
}

type ProfileRow = Profile & { name: string; organisation: Organisation | null };

export async function loadProfile(db: Executor, where: { handle: string } | { userId: string }): Promise<ProfileRow> {
  let query = db.selectFrom('profiles').innerJoin('users', 'users.id', 'profiles.user_id').selectAll('profiles').select('users.name as name');
  query = 'handle' in where ? query.where('profiles.handle', '=', where.handle.toLowerCase()) : query.where('profiles.user_id', '=', where.userId);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  const organisation = row.organisation_id
    ? ((await db.selectFrom('organisations').selectAll().where('id', '=', row.organisation_id).executeTakeFirst()) ?? null)
    : null;
  return { ...row, organisation };
}

/** Only the fields this viewer may see; the others are absent, never sent empty. */
export function presentProfile(row: ProfileRow, viewer: ProfileViewer) {
  const shown = (field: ProfileField) => canSeeField(viewer, row[`${field}_visibility`] as FieldVisibility);
  return {
    userId: row.user_id,
    handle: row.handle,
    name: row.name,
    avatarUrl: shown('avatar') ? pictureUrl(`/u/${row.handle}/avatar`, row.avatar_path) : null,
    pronouns: shown('pronouns') ? row.pronouns : null,
    organisation: shown('organisation') && row.organisation ? presentOrganisation(row.organisation) : null,
    discipline: shown('discipline') ? row.discipline : null,
    region: shown('region') ? row.region : null,
    languages: shown('languages') ? jsonList(row.languages) : [],
    expertise: shown('expertise') ? jsonList(row.expertise) : [],
    interests: shown('interests') ? jsonList(row.interests) : [],
    bio: shown('bio') ? row.bio : null,
    links: shown('links') ? jsonList(row.links) : [],
    /** Only in one's own profile: true or false when chosen, null for the default. */
    suggestMe: viewer === 'self' ? (row.suggest_me === null ? null : row.suggest_me === 1) : null,
    visibility:
      viewer === 'self'
        ? (Object.fromEntries(profileFields.map((field) => [field, row[`${field}_visibility`]])) as Record<ProfileField, FieldVisibility>)
        : null
  };
}
export type ProfileView = ReturnType<typeof presentProfile>;

/** A profile as the viewer may see it. Anyone may look a member up by handle; fields follow their levels. */
export async function readProfile(db: DB, actor: Actor | null, handle: string): Promise<ProfileView> {
  const row = await loadProfile(db, { handle });
  return presentProfile(row, await viewerOf(db, actor, row.user_id));
}

export async function readOwnProfile(db: DB, actor: Actor | null): Promise<ProfileView> {
  const member = requireMember(actor);
  await ensureProfile(db, member.id, member.name);
  return presentProfile(await loadProfile(db, { userId: member.id }), 'self');
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null)); // '' or null clears
// Kept in lowercase so that the directory finds « Évaluation » when someone types « évaluation ».
const tags = z
  .array(z.string().trim().min(1).max(limits.tagMax).transform((tag) => tag.toLocaleLowerCase('fr')))
  .max(limits.tagsMax)
  .optional();

export const profileUpdate = z.strictObject({
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .min(limits.handleMin)
    .max(limits.handleMax)
    .regex(handlePattern, 'profiles.errors.handle_format')
    .optional(),
  pronouns: text(limits.profileFieldMax),
  organisation: text(limits.organisationNameMax).describe('The organisation’s name; a new name creates the organisation'),
  organisationType: z.enum(organisationTypes).optional().describe('Sets the type of an organisation that has none yet'),
  discipline: text(limits.profileFieldMax),
  region: text(limits.profileFieldMax),
  languages: tags,
  expertise: tags,
  interests: tags,
  bio: text(limits.bioMax),
  links: z.array(z.url({ protocol: /^https?$/ }).max(limits.urlMax)).max(limits.linksMax).optional(),
  visibility: z.partialRecord(z.enum(profileFields), z.enum(visibilityLevels)).optional(),
  suggestMe: z.boolean().nullable().optional().describe('Whether “who can help me?” may suggest you; null goes back to the default (yes for animators, no otherwise)')
});
export type ProfileUpdate = z.input<typeof profileUpdate>;

/** Changes the fields given; a taken handle is refused and nothing changes. */
export async function updateProfile(db: DB, actor: Actor | null, raw: ProfileUpdate): Promise<ProfileView> {
  const member = requireMember(actor);
  const input = profileUpdate.parse(raw);
  await ensureProfile(db, member.id, member.name);
  if (input.handle) {
    const taken = await db.selectFrom('profiles').select('user_id').where('handle', '=', input.handle).executeTakeFirst();
    if (taken && taken.user_id !== member.id) throw invalid([{ path: 'handle', message: 'profiles.errors.handle_taken' }]);
  }
  await db.transaction().execute(async (trx) => {
    const organisation_id =
      input.organisation === undefined
        ? undefined
        : input.organisation === null
          ? null
          : (await findOrCreateOrganisation(trx, member.id, { name: input.organisation, type: input.organisationType })).id;
    // The first member to say what kind of organisation it is fills in a type still unknown.
    if (organisation_id && input.organisationType) {
      await trx
        .updateTable('organisations')
        .set({ type: input.organisationType, updated_at: now() })
        .where('id', '=', organisation_id)
        .where('type', '=', 'other')
        .execute();
    }
    const json = (value: string[] | undefined) => (value === undefined ? undefined : JSON.stringify(value));
    const levels = Object.fromEntries(Object.entries(input.visibility ?? {}).map(([field, level]) => [`${field}_visibility`, level]));
    const changes = {
      handle: input.handle,
      pronouns: input.pronouns,
      organisation_id,
      discipline: input.discipline,
      region: input.region,
      languages: json(input.languages),
      expertise: json(input.expertise),
      interests: json(input.interests),
      bio: input.bio,
      links: json(input.links),
      suggest_me: input.suggestMe === undefined ? undefined : input.suggestMe === null ? null : input.suggestMe ? 1 : 0,
      ...levels
    };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    await trx.updateTable('profiles').set({ ...defined, updated_at: now() }).where('user_id', '=', member.id).execute();
    await indexMember(trx, member.id);
  });
  return readOwnProfile(db, member);
}
