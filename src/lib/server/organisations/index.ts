// Organisations as entries of their own: named once, then chosen by members for their profile and by
// communities as partners. Two spellings that differ only by case or accents are the same entry.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { Organisation, OrganisationType } from '../db/schema';
import { requireMember } from '../access';
import { newId, now } from '../ids';
import { limits } from '../../shared/limits';

export const organisationTypes = ['community', 'health_social', 'education', 'public_body', 'other'] as const;

export const organisationInput = z.object({
  name: z.string().trim().min(2).max(limits.organisationNameMax),
  type: z.enum(organisationTypes).default('other'),
  region: z.string().trim().max(limits.profileFieldMax).optional(),
  website: z.url({ protocol: /^https?$/ }).max(limits.urlMax).optional()
});

export function nameKey(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The organisation with this name, created if none has it yet. */
export async function findOrCreateOrganisation(
  db: Executor,
  actorId: string | null,
  input: { name: string; type?: OrganisationType; region?: string; website?: string }
): Promise<Organisation> {
  const key = nameKey(input.name);
  const existing = await db.selectFrom('organisations').selectAll().where('name_key', '=', key).executeTakeFirst();
  if (existing) return existing;
  const at = now();
  const organisation: Organisation = {
    id: newId(),
    name: input.name.trim(),
    name_key: key,
    type: input.type ?? 'other',
    region: input.region ?? null,
    website: input.website ?? null,
    created_by: actorId,
    created_at: at,
    updated_at: at
  };
  await db.insertInto('organisations').values(organisation).onConflict((oc) => oc.column('name_key').doNothing()).execute();
  return db.selectFrom('organisations').selectAll().where('name_key', '=', key).executeTakeFirstOrThrow();
}

export async function createOrganisation(db: DB, actor: Actor | null, raw: z.input<typeof organisationInput>): Promise<Organisation> {
  const member = requireMember(actor);
  return findOrCreateOrganisation(db, member.id, organisationInput.parse(raw));
}

/** Organisations whose name contains the text, for the profile form and the API. */
export async function searchOrganisations(db: DB, text: string, limit = 20): Promise<Organisation[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('name').limit(limit);
  const key = nameKey(text);
  if (key) query = query.where('name_key', 'like', `%${key.replace(/[%_\\]/g, '')}%`);
  return query.execute();
}

/** Makes the community's partners the organisations named, creating any that are new. */
export async function syncPartners(db: Executor, actorId: string | null, communityId: string, names: string[]): Promise<void> {
  await db.deleteFrom('community_partners').where('community_id', '=', communityId).execute();
  for (const name of names) {
    const organisation = await findOrCreateOrganisation(db, actorId, { name });
    await db
      .insertInto('community_partners')
      .values({ community_id: communityId, organisation_id: organisation.id })
      .onConflict((oc) => oc.columns(['community_id', 'organisation_id']).doNothing())
      .execute();
  }
}

export function presentOrganisation(organisation: Organisation) {
  return {
    id: organisation.id,
    name: organisation.name,
    type: organisation.type,
    region: organisation.region,
    website: organisation.website
  };
}
