// Members in bulk: users with better-auth's credential rows (one password hash shared by all, so the
// load stays fast and any of them could still sign in), profiles with unique handles, organisations.
import { hashPassword } from 'better-auth/crypto';
import { handleFrom } from '../../src/lib/server/profiles';
import { nameKey } from '../../src/lib/server/organisations';
import type { FieldVisibility } from '../../src/lib/server/db/schema';
import { uuidv7At } from '../random';
import { disciplines, expertise, firstNames, lastNames, organisations, regions } from './corpus';
import { DAY, iso, type Context, type Lang } from './model';

/** The password of every generated member, for anyone who wants to look around as one of them. */
export const MEMBER_PASSWORD = 'ruche-bench-membre';

export async function generateOrganisations(ctx: Context): Promise<string[]> {
  const ids: string[] = [];
  for (const organisation of organisations) {
    const at = ctx.start - 400 * DAY + ctx.random.int(30 * DAY);
    const id = uuidv7At(at, ctx.random);
    ids.push(id);
    ctx.writer.add('organisations', {
      id,
      name: organisation.name,
      name_key: nameKey(organisation.name),
      type: organisation.type,
      region: ctx.random.pick(regions),
      website: null,
      created_by: null,
      created_at: at,
      updated_at: at
    });
  }
  return ids;
}

function visibility(ctx: Context): FieldVisibility {
  const r = ctx.random.next();
  return r < 0.7 ? 'instance' : r < 0.85 ? 'public' : 'communities';
}

export async function generateMembers(ctx: Context, organisationIds: string[]): Promise<void> {
  const { random, writer } = ctx;
  const hash = await hashPassword(MEMBER_PASSWORD);
  // A random permutation of Zipf weights (1/rank): a few members write a lot, most mostly read.
  const order = random.distinct(ctx.scale.members, ctx.scale.members);
  const handles = new Set<string>();
  for (let i = 0; i < ctx.scale.members; i++) {
    const locale: Lang = random.chance(0.8) ? 'fr' : 'en';
    const first = random.pick(firstNames[locale]);
    const last = random.pick(lastNames);
    const name = `${first} ${last}`;
    // Arrived over the year before the first publication, or since.
    const createdAt = random.chance(0.7) ? ctx.start - random.int(365 * DAY) : ctx.start + random.int(ctx.now - ctx.start - 2 * DAY);
    const id = uuidv7At(createdAt, random);
    const base = handleFrom(name).slice(0, 22);
    let handle = `${base}-${i + 1}`;
    while (handles.has(handle)) handle = `${base}-${i + 1}-${random.int(1000)}`;
    handles.add(handle);
    const email = `${handle}@bench.ruche.local`;
    const rank = order[i] as number;
    ctx.users.push({ id, name, email, locale, createdAt, activity: 1 / (rank + 1), communities: [], provisioned: false });
    const stamp = iso(createdAt);
    writer.add('users', { id, name, email, email_verified: true, image: null, role: 'member', locale, created_at: stamp, updated_at: stamp });
    writer.add('accounts', {
      id: uuidv7At(createdAt, random),
      user_id: id,
      account_id: id,
      provider_id: 'credential',
      access_token: null,
      refresh_token: null,
      id_token: null,
      access_token_expires_at: null,
      refresh_token_expires_at: null,
      scope: null,
      password: hash,
      created_at: stamp,
      updated_at: stamp
    });
    const filled = random.chance(0.6);
    writer.add('profiles', {
      user_id: id,
      handle,
      pronouns: filled && random.chance(0.3) ? random.pick(['elle', 'il', 'iel', 'she/her', 'he/him']) : null,
      organisation_id: filled && random.chance(0.7) ? random.pick(organisationIds) : null,
      discipline: filled ? random.pick(disciplines) : null,
      region: filled ? random.pick(regions) : null,
      languages: JSON.stringify(locale === 'fr' ? (random.chance(0.5) ? ['fr', 'en'] : ['fr']) : ['en']),
      expertise: JSON.stringify(filled ? [random.pick(expertise), random.pick(expertise)].filter((v, k, all) => all.indexOf(v) === k) : []),
      interests: JSON.stringify(filled ? [random.pick(expertise)] : []),
      bio: filled && random.chance(0.4) ? (locale === 'fr' ? 'Intervenante passionnée par le travail en réseau et l’offre active.' : 'Practitioner who loves working in networks.') : null,
      links: '[]',
      avatar_path: null,
      avatar_visibility: visibility(ctx),
      pronouns_visibility: visibility(ctx),
      organisation_visibility: visibility(ctx),
      discipline_visibility: visibility(ctx),
      region_visibility: visibility(ctx),
      languages_visibility: visibility(ctx),
      expertise_visibility: visibility(ctx),
      interests_visibility: visibility(ctx),
      bio_visibility: visibility(ctx),
      links_visibility: visibility(ctx),
      created_at: createdAt,
      updated_at: createdAt
    });
    if (i % 1000 === 999) await writer.drain();
  }
  await writer.flush();
}
