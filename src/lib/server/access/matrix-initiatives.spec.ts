// The authorisation matrix for the initiative map (issue 17), in three parts:
//   - `readRule` is what may be read, written from the header of access/initiatives.ts and the issue,
//     not from the code; canOnInitiative must agree with it on real rows, for every canary and principal;
//   - every read path (listInitiatives, mapPoints, initiativeFacets, getInitiative, search, the API) by
//     every principal must show exactly the canaries canOnInitiative lets that principal read — their
//     titles, regions and themes — and nothing of the others (nor a hidden community's name);
//   - writes (edit, delete) by every principal through the domain and the API: allowed exactly when the
//     rule says, not_found where the initiative cannot be read, and a refusal changes nothing.
// A new path is a new row; a new secret is a new canary.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { leaksIn, runApi, runDomain, type Answer } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership } from '../communities';
import type { LibraryVisibility } from '../../shared/library';
import { createInitiative, deleteInitiative, getInitiative, initiativeFacets, listInitiatives, mapPoints, updateInitiative } from '../initiatives';
import { indexInitiative } from '../search/documents';
import { search } from '../search';
import { can, canOnInitiative, membershipOf, type InitiativeAction, type InitiativeRelation } from '.';
import * as initiativesApi from '../../../routes/api/v1/initiatives/+server';
import * as initiativeApi from '../../../routes/api/v1/initiatives/[id]/+server';
import * as mapApi from '../../../routes/api/v1/initiatives/map/+server';
import * as searchApi from '../../../routes/api/v1/search/+server';

const instance = useTestInstance();

const principals = ['anonymous', 'outsider', 'member', 'pending', 'banned', 'left', 'animator', 'author', 'admin'] as const;
type Principal = (typeof principals)[number];
type Place = 'public' | 'private' | 'hidden';
const places: Place[] = ['public', 'private', 'hidden'];

/** Where each principal stands in each of the three communities (the animator founded them; the author is a member of all). */
const membership: Record<Principal, { role: string; status: string } | null> = {
  anonymous: null,
  outsider: null,
  member: { role: 'member', status: 'active' },
  pending: { role: 'member', status: 'pending' },
  banned: { role: 'member', status: 'banned' },
  left: { role: 'member', status: 'left' },
  animator: { role: 'animator', status: 'active' },
  author: { role: 'member', status: 'active' },
  admin: null
};

type Key = 'public' | 'instance' | 'in-public' | 'in-private' | 'in-hidden' | 'authors' | 'public-in-hidden' | 'public-in-private' | 'deleted';
const specs: Record<Key, { visibility: LibraryVisibility; linked: Place[]; deleted?: true }> = {
  public: { visibility: 'public', linked: [] },
  instance: { visibility: 'instance', linked: ['public'] },
  'in-public': { visibility: 'communities', linked: ['public'] },
  'in-private': { visibility: 'communities', linked: ['private'] },
  'in-hidden': { visibility: 'communities', linked: ['hidden'] },
  authors: { visibility: 'authors', linked: ['private'] },
  'public-in-hidden': { visibility: 'public', linked: ['hidden'] },
  'public-in-private': { visibility: 'public', linked: ['private', 'public'] },
  deleted: { visibility: 'public', linked: ['public'], deleted: true }
};
const keys = Object.keys(specs) as Key[];

/**
 * From the header of access/initiatives.ts: `public` anyone, `instance` anyone signed in, `communities`
 * active members of a community it belongs to, `authors` whoever described it; administrators read
 * everything alive; a deleted one no one. Its author edits it; its author, the animators of one of its
 * communities and administrators delete it — always among those who may read it.
 */
function readRule(p: Principal, key: Key): boolean {
  const spec = specs[key];
  if (spec.deleted) return false;
  if (p === 'admin' || p === 'author') return true;
  switch (spec.visibility) {
    case 'public':
      return true;
    case 'instance':
      return p !== 'anonymous';
    case 'communities':
      return spec.linked.length > 0 && membership[p]?.status === 'active';
    case 'authors':
      return false;
  }
}
const rules: Record<InitiativeAction, (p: Principal, key: Key) => boolean> = {
  read: readRule,
  edit: (p, key) => readRule(p, key) && p === 'author',
  moderate: (p, key) => readRule(p, key) && (p === 'author' || p === 'admin' || (p === 'animator' && specs[key].linked.length > 0))
};
/** Whether a principal may know a community exists (and so be told its name), by the communities' own rule. */
const sees = {} as Record<Principal, Record<Place, boolean>>;
const seesCommunity = (p: Principal, c: Place) => sees[p][c];

type World = { actors: Record<Principal, Actor | null>; slugs: Record<Place, string>; ids: Record<Key, string> };
let world: World;

// Each ends in `end`, so that no canary's word holds another's ('public' is in 'public-in-private').
const word = (key: Key) => `${key.replaceAll('-', '')}end`;
const title = (key: Key) => `zqinit${word(key)}`;
const region = (key: Key) => `Région zqregion${word(key)}`;
const theme = (key: Key) => `zqtheme${word(key)}`;
const hiddenName = 'zqhiddencommunityname';
/** Every canary's description holds it, so one search gathers them all. */
const shared = 'cartographie';

type Secret = `${'title' | 'region' | 'theme'}:${Key}` | 'name:hidden';
const secrets: Secret[] = [...keys.flatMap((k) => [`title:${k}`, `region:${k}`, `theme:${k}`] as Secret[]), 'name:hidden'];
const textOf = (s: Secret) => {
  if (s === 'name:hidden') return hiddenName;
  const [field, key] = s.split(':') as ['title' | 'region' | 'theme', Key];
  return field === 'title' ? title(key) : field === 'region' ? region(key) : theme(key);
};
const maySee = (p: Principal) => (s: Secret) => (s === 'name:hidden' ? seesCommunity(p, 'hidden') : readRule(p, s.split(':')[1] as Key));

async function seed(): Promise<World> {
  const db = instance.db;
  const animator = await person(db, 'Animatrice');
  const actors = { anonymous: null, animator } as Record<Principal, Actor | null>;
  for (const p of ['outsider', 'member', 'pending', 'banned', 'left', 'author'] as const) actors[p] = await person(db, `Personne ${p}`);
  actors.admin = await person(db, 'Admin', { role: 'admin' });
  const slugs = {} as Record<Place, string>;
  for (const place of places) {
    // An explicit slug: one made from the hidden community's name would carry its canary.
    const c = await createCommunity(db, animator, { name: place === 'hidden' ? `Cachée ${hiddenName}` : `Communauté ${place}`, slug: `carte-${place}`, visibility: place, joinPolicy: place === 'hidden' ? 'invite' : 'request' });
    slugs[place] = c.slug;
    for (const p of ['member', 'banned', 'left', 'author'] as const) await addMemberByEmail(db, animator, c.slug, { email: actors[p]!.email });
    await endMembership(db, animator, c.slug, actors.banned!.id, 'banned');
    await endMembership(db, actors.left, c.slug, actors.left!.id, 'left');
    await db.insertInto('memberships').values({ id: newId(), community_id: c.id, user_id: actors.pending!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
  }
  const ids = {} as Record<Key, string>;
  for (const [i, key] of keys.entries()) {
    const spec = specs[key];
    const { id } = await createInitiative(db, actors.author, {
      title: title(key),
      description: `Une initiative de la ${shared}.`,
      region: region(key),
      themes: [theme(key), 'santé'],
      latitude: 45 + i / 10,
      longitude: -75 + i / 10,
      visibility: spec.visibility,
      communities: spec.linked.map((c) => slugs[c])
    });
    if (spec.deleted) await deleteInitiative(db, actors.author, id);
    ids[key] = id;
  }
  return { actors, slugs, ids };
}

/** The relation canOnInitiative judges, read from the rows without any access check. */
async function relationOf(actor: Actor | null, id: string): Promise<InitiativeRelation> {
  const db = instance.db;
  const initiative = await db.selectFrom('initiatives').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('initiative_communities').innerJoin('communities', 'communities.id', 'initiative_communities.community_id').selectAll('communities').where('initiative_communities.initiative_id', '=', id).execute();
  const communities = [];
  for (const community of rows) communities.push({ community, membership: await membershipOf(db, actor, community.id) });
  return { initiative, communities };
}

/** canOnInitiative's verdict for every principal and canary: the judge of every path below. */
const judged = {} as Record<Principal, Record<Key, Record<InitiativeAction, boolean>>>;
const readable = (p: Principal) => keys.filter((k) => judged[p][k].read);
const setOf = (values: string[]) => [...new Set(values)].sort();
/** The canaries named in a text, by their titles. */
const canariesIn = (text: string) => keys.filter((k) => text.toLowerCase().includes(title(k).toLowerCase()));

beforeAll(async () => {
  world = await seed();
  for (const p of principals) {
    sees[p] = {} as Record<Place, boolean>;
    for (const place of places) {
      const community = await instance.db.selectFrom('communities').selectAll().where('slug', '=', world.slugs[place]).executeTakeFirstOrThrow();
      sees[p][place] = can(world.actors[p], 'read', { community, membership: await membershipOf(instance.db, world.actors[p], community.id) });
    }
  }
  // The hidden community is hidden from someone: otherwise its canary proves nothing.
  expect(principals.filter((p) => !sees[p].hidden)).toEqual(expect.arrayContaining(['anonymous', 'outsider']));
  for (const p of principals) {
    judged[p] = {} as Record<Key, Record<InitiativeAction, boolean>>;
    for (const key of keys) {
      const relation = await relationOf(world.actors[p], world.ids[key]);
      judged[p][key] = { read: canOnInitiative(world.actors[p], 'read', relation), edit: canOnInitiative(world.actors[p], 'edit', relation), moderate: canOnInitiative(world.actors[p], 'moderate', relation) };
    }
  }
}, 120_000);

function noLeak(text: string, p: Principal, label: string) {
  expect(leaksIn(text, secrets, textOf, maySee(p)), label).toEqual([]);
}

describe('the initiative map: the rule itself', () => {
  it('canOnInitiative answers as the header of access/initiatives.ts says, for every canary and principal', () => {
    const wrong: string[] = [];
    for (const p of principals) for (const key of keys) for (const action of ['read', 'edit', 'moderate'] as const) if (judged[p][key][action] !== rules[action](p, key)) wrong.push(`${p} ${action} ${key}: ${judged[p][key][action]}`);
    expect(wrong).toEqual([]);
    // The matrix means something: everyone reads some and, but the author and admin, misses some.
    for (const p of principals) expect(readable(p).length, p).toBeGreaterThan(0);
    for (const p of principals.filter((p) => p !== 'author' && p !== 'admin')) expect(readable(p).length, p).toBeLessThan(keys.length - 1);
  });
});

describe('the initiative map: every read path × every principal', () => {
  type Row = { call: (actor: Actor | null) => Promise<Answer>; expects: (p: Principal) => Key[] | 'refused' };
  const domain = (work: () => Promise<unknown>) => runDomain(work);
  const api = (handler: unknown, actor: Actor | null, path: string, params: Record<string, string> = {}) => runApi(handler, { actor, path, params });
  const rows: Record<string, Row> = {
    'listInitiatives': { call: (a) => domain(() => listInitiatives(instance.db, a, { limit: 100 })), expects: readable },
    'listInitiatives (theme santé)': { call: (a) => domain(() => listInitiatives(instance.db, a, { theme: 'Santé', limit: 100 })), expects: readable },
    'listInitiatives (paged by 2)': {
      call: async (a) => {
        const seen: unknown[] = [];
        let cursor: string | undefined;
        do {
          const page = await listInitiatives(instance.db, a, { limit: 2, cursor });
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return { status: 200, text: JSON.stringify(seen), detail: null };
      },
      expects: readable
    },
    'mapPoints': { call: (a) => domain(() => mapPoints(instance.db, a)), expects: readable },
    'GET /api/v1/initiatives': { call: (a) => api(initiativesApi.GET, a, '/api/v1/initiatives?limit=100'), expects: readable },
    'GET /api/v1/initiatives/map': { call: (a) => api(mapApi.GET, a, '/api/v1/initiatives/map'), expects: readable },
    [`search (q=${shared})`]: { call: (a) => domain(() => search(instance.db, a, { q: shared, limit: 50 })), expects: readable },
    [`search (q=${shared}, type=initiatives)`]: { call: (a) => domain(() => search(instance.db, a, { q: shared, type: 'initiatives', limit: 50 })), expects: readable },
    [`GET /api/v1/search?q=${shared}&type=initiatives`]: { call: (a) => api(searchApi.GET, a, `/api/v1/search?q=${shared}&type=initiatives&limit=50`), expects: readable }
  };
  for (const place of places) {
    const inIt = (p: Principal) => (seesCommunity(p, place) ? readable(p).filter((k) => specs[k].linked.includes(place)) : ('refused' as const));
    rows[`listInitiatives (community ${place})`] = { call: (a) => domain(() => listInitiatives(instance.db, a, { community: world.slugs[place], limit: 100 })), expects: inIt };
    rows[`mapPoints (community ${place})`] = { call: (a) => domain(() => mapPoints(instance.db, a, { community: world.slugs[place] })), expects: inIt };
    rows[`GET /api/v1/initiatives?community={${place}}`] = { call: (a) => api(initiativesApi.GET, a, `/api/v1/initiatives?limit=100&community=${world.slugs[place]}`), expects: inIt };
    rows[`search (q=${shared}, community ${place})`] = { call: (a) => domain(() => search(instance.db, a, { q: shared, type: 'initiatives', community: world.slugs[place], limit: 50 })), expects: inIt };
  }

  for (const [path, row] of Object.entries(rows)) {
    it(`${path}: shows exactly the canaries each principal may read, and nothing of the others`, async () => {
      for (const p of principals) {
        const answer = await row.call(world.actors[p]);
        const expected = row.expects(p);
        const label = `${p}: ${answer.status} ${answer.text.slice(0, 200)}`;
        if (expected === 'refused') {
          // A community one may not see answers as one that does not exist.
          expect(answer.status, label).toBe(404);
        } else {
          expect(answer.status, label).toBe(200);
          expect(canariesIn(answer.text).sort(), label).toEqual([...expected].sort());
        }
        noLeak(answer.text, p, label);
      }
    });
  }

  it('search by each canary’s own title finds it exactly when canOnInitiative lets the principal read it, with or without type=initiatives', async () => {
    const wrong: string[] = [];
    for (const p of principals) {
      for (const key of keys) {
        for (const type of [undefined, 'initiatives'] as const) {
          const result = await search(instance.db, world.actors[p], { q: title(key), type });
          const found = result.items.some((h) => h.type === 'initiative' && h.id === world.ids[key]);
          if (found !== judged[p][key].read) wrong.push(`${p} ${key} ${type ?? 'all'}: ${found ? 'found' : 'not found'}`);
          noLeak(JSON.stringify(result), p, `${p} ${key}`);
        }
        // Its region and its theme too.
        const byRegion = await search(instance.db, world.actors[p], { q: `zqregion${word(key)}`, type: 'initiatives' });
        if (byRegion.items.length > 0 !== judged[p][key].read) wrong.push(`${p} ${key} by region`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('initiativeFacets offers only the regions and themes of what the principal may read, with counts of those only', async () => {
    for (const p of principals) {
      const facets = await initiativeFacets(instance.db, world.actors[p]);
      const mine = readable(p);
      const canaryRegions = facets.regions.filter((r) => r.name.includes('zqregion')).map((r) => r.name);
      expect(setOf(canaryRegions), p).toEqual(setOf(mine.map(region)));
      expect(setOf(facets.themes.filter((t) => t.name.startsWith('zqtheme')).map((t) => t.name)), p).toEqual(setOf(mine.map(theme)));
      expect(facets.themes.find((t) => t.name === 'santé')?.count ?? 0, p).toBe(mine.length);
      noLeak(JSON.stringify(facets), p, p);
      for (const place of places) {
        const answer = await runDomain(() => initiativeFacets(instance.db, world.actors[p], { community: world.slugs[place] }));
        if (!seesCommunity(p, place)) {
          expect(answer.status, `${p} ${place}`).toBe(404);
          continue;
        }
        const shown = mine.filter((k) => specs[k].linked.includes(place));
        const parsed = JSON.parse(answer.text) as { regions: { name: string }[] };
        expect(setOf(parsed.regions.map((r) => r.name)), `${p} ${place}`).toEqual(setOf(shown.map(region)));
        noLeak(answer.text, p, `${p} ${place}`);
      }
    }
  });

  it('getInitiative and GET /api/v1/initiatives/{id}: 200 exactly when readable, otherwise answered as a missing one; a hidden community named to those who see it only', async () => {
    for (const p of principals) {
      const actor = world.actors[p];
      for (const key of keys) {
        const id = world.ids[key];
        const ghost = newId();
        const paths: [string, (id: string) => Promise<Answer>][] = [
          ['getInitiative', (id) => runDomain(() => getInitiative(instance.db, actor, id))],
          ['GET /api/v1/initiatives/{id}', (id) => runApi(initiativeApi.GET, { actor, path: `/api/v1/initiatives/${id}`, params: { id } })]
        ];
        for (const [path, read] of paths) {
          const answer = await read(id);
          const label = `${path} ${p} on ${key}: ${answer.status} ${answer.text.slice(0, 160)}`;
          if (judged[p][key].read) {
            expect(answer.status, label).toBe(200);
            expect(canariesIn(answer.text), label).toEqual([key]);
            const view = JSON.parse(answer.text) as { communities: { slug: string }[]; may: { edit: boolean; delete: boolean } };
            expect(setOf(view.communities.map((c) => c.slug)), label).toEqual(setOf(specs[key].linked.filter((c) => seesCommunity(p, c)).map((c) => world.slugs[c])));
            expect(view.may, label).toMatchObject({ edit: judged[p][key].edit, delete: judged[p][key].moderate });
          } else {
            expect(answer.status, label).toBe(404);
            const missing = await read(ghost);
            expect(answer, label).toEqual({ ...missing, text: missing.text.replaceAll(ghost, id) });
          }
          noLeak(answer.text, p, label);
        }
      }
    }
  });
});

describe('the initiative map: writes × every principal', () => {
  const tables = ['initiatives', 'initiative_communities', 'initiative_themes'] as const;
  async function snapshot(): Promise<string> {
    const db = instance.db;
    const out: Record<string, unknown> = {};
    for (const table of tables) out[table] = (await db.selectFrom(table as 'initiatives').selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    out.search = (await db.selectFrom('search_documents').select(['key', 'level', 'language', 'at']).where('kind', '=', 'initiative').execute()).map((r) => JSON.stringify(r)).sort();
    return JSON.stringify(out);
  }
  /** Back to the seeded row after an allowed write, and its search document with it. */
  async function restore(id: string, row: Record<string, unknown>) {
    await instance.db.transaction().execute(async (tx) => {
      await tx.updateTable('initiatives').set(row).where('id', '=', id).execute();
      await indexInitiative(tx, id);
    });
  }

  type Write = { call: (actor: Actor | null, id: string) => Promise<Answer>; action: 'edit' | 'moderate' };
  const writes: Record<string, Write> = {
    updateInitiative: { call: (a, id) => runDomain(() => updateInitiative(instance.db, a, id, { title: 'Titre changé' })), action: 'edit' },
    deleteInitiative: { call: (a, id) => runDomain(() => deleteInitiative(instance.db, a, id)), action: 'moderate' },
    'PATCH /api/v1/initiatives/{id}': { call: (a, id) => runApi(initiativeApi.PATCH, { actor: a, method: 'PATCH', path: `/api/v1/initiatives/${id}`, params: { id }, json: { title: 'Titre changé' } }), action: 'edit' },
    'DELETE /api/v1/initiatives/{id}': { call: (a, id) => runApi(initiativeApi.DELETE, { actor: a, method: 'DELETE', path: `/api/v1/initiatives/${id}`, params: { id } }), action: 'moderate' }
  };

  for (const [path, write] of Object.entries(writes)) {
    it(`${path}: allowed exactly as canOnInitiative says; a refusal is 401, 404 where it cannot be read, 403 otherwise, and changes nothing`, async () => {
      for (const p of principals) {
        for (const key of keys) {
          const id = world.ids[key];
          const seeded = await instance.db.selectFrom('initiatives').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          const before = await snapshot();
          const answer = await write.call(world.actors[p], id);
          const label = `${p} on ${key}: ${answer.status} ${answer.text.slice(0, 160)}`;
          if (judged[p][key][write.action]) {
            expect([200, 204], label).toContain(answer.status);
            await restore(id, seeded);
            expect(await snapshot(), `${label}: restored`).toBe(before);
            continue;
          }
          expect(answer.status, label).toBe(p === 'anonymous' ? 401 : judged[p][key].read ? 403 : 404);
          expect(await snapshot(), label).toBe(before);
          noLeak(answer.text, p, label);
          if (!judged[p][key].read) expect(answer, label).toEqual(await write.call(world.actors[p], newId()));
        }
      }
    });
  }

  it('createInitiative: belonging to a community one may not post in creates nothing (administrators post anywhere)', async () => {
    for (const p of principals.filter((p) => p !== 'admin' && p !== 'animator' && p !== 'author' && p !== 'member')) {
      for (const place of places) {
        const before = await snapshot();
        const answer = await runDomain(() => createInitiative(instance.db, world.actors[p], { title: 'Nouvelle', description: 'Texte', region: 'Estrie', visibility: 'public', communities: [world.slugs[place]] }));
        expect([401, 403, 404], `${p} ${place}: ${answer.status} ${answer.text}`).toContain(answer.status);
        if (p !== 'anonymous') expect(answer.status, `${p} ${place}`).toBe(seesCommunity(p, place) ? 403 : 404);
        expect(await snapshot(), `${p} ${place}`).toBe(before);
      }
    }
  });
});
