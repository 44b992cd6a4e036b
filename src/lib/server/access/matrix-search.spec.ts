// The authorisation matrix for search (issue 17). Search must never be a side door: for every
// canary (a publication, a comment, resources of each visibility, activities of each audience,
// initiatives of each visibility, a community's name, profile fields at each level, a private
// message) and every principal, search finds it exactly when the thing's own read path lets that
// principal read it — readPost, readResource, readEvent, getInitiative, findCommunityView,
// readProfile, readConversation are the judges, so the rules are not written twice. Then the search
// page and the API, searched for a word every canary shares, must show no canary (titles, excerpts)
// their reader may not read. A new searchable kind is a new canary here.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { leaksIn, runApi, runDomain, runPage } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership, findCommunityView, setArchived } from '../communities';
import { addComment } from '../posts/comments';
import { createPost } from '../posts/posts';
import { readPost } from '../posts/thread';
import { createResource } from '../library';
import { readResource } from '../library/reading';
import { createEvent, readEvent } from '../events/events';
import { readProfile, updateProfile } from '../profiles';
import { readConversation, startConversation } from '../messages/conversations';
import { createInitiative, getInitiative } from '../initiatives';
import { search } from '../search';
import * as searchApi from '../../../routes/api/v1/search/+server';
import * as searchPage from '../../../routes/search/+page.server';

const instance = useTestInstance();

const principals = ['anonymous', 'outsider', 'member', 'requester', 'banned', 'animator', 'admin', 'correspondent'] as const;
type Principal = (typeof principals)[number];
const places = ['public', 'private', 'hidden', 'pending', 'archived'] as const;

type Canary = {
  word: string;
  /** What search is asked for it. */
  type?: 'messages' | 'members';
  /** The judge: may this actor read the thing, by its own read path, with the canary in what they read? */
  readable: (actor: Actor | null) => Promise<boolean>;
};

const actors = {} as Record<Principal, Actor | null>;
const canaries: Canary[] = [];
/** Every canary's text also holds this word, so one search can gather them all. */
const shared = 'matrice';

const reads = async (work: () => Promise<unknown>, word: string) => {
  const answer = await runDomain(work);
  return answer.status === 200 && answer.text.toLowerCase().includes(word);
};

beforeAll(async () => {
  const admin = await person(instance.db, 'Admin Matrice', { role: 'admin' });
  actors.anonymous = null;
  actors.admin = admin;
  for (const p of ['outsider', 'member', 'requester', 'banned', 'animator', 'correspondent'] as const) actors[p] = await person(instance.db, `Personne ${p}`);
  const animator = actors.animator!;
  const day = 24 * 3600 * 1000;
  const starts = new Date(Date.now() + 30 * day).toISOString().slice(0, 16);
  const ends = new Date(Date.now() + 30 * day + 3600_000).toISOString().slice(0, 16);

  for (const place of places) {
    const visibility = place === 'hidden' ? 'hidden' : place === 'public' || place === 'pending' ? 'public' : 'private';
    const { slug, id: communityId } = await createCommunity(instance.db, animator, { name: `Communauté zq${place}name ${shared}`, visibility });
    await addMemberByEmail(instance.db, animator, slug, { email: actors.member!.email });
    await addMemberByEmail(instance.db, animator, slug, { email: actors.banned!.email });
    await endMembership(instance.db, animator, slug, actors.banned!.id, 'banned');
    await instance.db
      .insertInto('memberships')
      .values({ id: newId(), community_id: communityId, user_id: actors.requester!.id, role: 'member', status: 'pending', request_message: null, decision_message: null, decided_by: null, decided_at: null, joined_at: null, created_at: now(), updated_at: now() })
      .execute();
    const post = await createPost(instance.db, animator, slug, { title: `Titre zq${place}post`, body: `Corps ${shared}` });
    await addComment(instance.db, animator, post.id, { body: `Un commentaire zq${place}comment ${shared}` });
    const resource = await createResource(instance.db, animator, { kind: 'note', title: `Fiche zq${place}resource`, body: shared, visibility: 'communities', communities: [slug] });
    const members = await createEvent(instance.db, animator, { communities: [slug], title: `Activité zq${place}members`, description: shared, startsAt: starts, endsAt: ends, timeZone: 'America/Toronto', audience: 'members' });
    const animators = await createEvent(instance.db, animator, { communities: [slug], title: `Réunion zq${place}animators`, description: shared, startsAt: starts, endsAt: ends, timeZone: 'America/Toronto', audience: 'animators' });
    const open = await createEvent(instance.db, animator, { communities: [slug], title: `Webinaire zq${place}public`, description: shared, startsAt: starts, endsAt: ends, timeZone: 'America/Toronto', audience: 'public' });
    const initiative = await createInitiative(instance.db, animator, { title: `Initiative zq${place}initiative`, description: shared, region: 'Estrie', visibility: 'communities', communities: [slug] });
    canaries.push(
      { word: `zq${place}name`, readable: (a) => reads(() => findCommunityView(instance.db, a, slug), `zq${place}name`) },
      { word: `zq${place}post`, readable: (a) => reads(() => readPost(instance.db, a, post.id), `zq${place}post`) },
      { word: `zq${place}comment`, readable: (a) => reads(() => readPost(instance.db, a, post.id), `zq${place}comment`) },
      { word: `zq${place}resource`, readable: (a) => reads(() => readResource(instance.db, a, resource.id), `zq${place}resource`) },
      { word: `zq${place}members`, readable: (a) => reads(() => readEvent(instance.db, a, members.id), `zq${place}members`) },
      { word: `zq${place}animators`, readable: (a) => reads(() => readEvent(instance.db, a, animators.id), `zq${place}animators`) },
      { word: `zq${place}public`, readable: (a) => reads(() => readEvent(instance.db, a, open.id), `zq${place}public`) },
      { word: `zq${place}initiative`, readable: (a) => reads(() => getInitiative(instance.db, a, initiative.id), `zq${place}initiative`) }
    );
    if (place === 'pending') await instance.db.updateTable('communities').set({ status: 'pending' }).where('id', '=', communityId).execute();
    if (place === 'archived') await setArchived(instance.db, animator, slug, true);
  }

  for (const visibility of ['public', 'instance', 'authors'] as const) {
    const resource = await createResource(instance.db, animator, { kind: 'note', title: `Fiche zq${visibility}lib`, body: shared, visibility });
    canaries.push({ word: `zq${visibility}lib`, readable: (a) => reads(() => readResource(instance.db, a, resource.id), `zq${visibility}lib`) });
    const initiative = await createInitiative(instance.db, animator, { title: `Initiative zq${visibility}map`, description: shared, region: 'Outaouais', visibility });
    canaries.push({ word: `zq${visibility}map`, readable: (a) => reads(() => getInitiative(instance.db, a, initiative.id), `zq${visibility}map`) });
  }

  // The member's profile: one canary per level. Visitors find no member at all, as the directory shows them none.
  await updateProfile(instance.db, actors.member!, {
    expertise: ['zqpublicfield', 'zqinstancefield'],
    interests: ['zqinterestfield'],
    bio: `Bio zqcommunitiesfield ${shared}`,
    discipline: 'zqdisciplinefield',
    visibility: { expertise: 'public', interests: 'instance', bio: 'communities', discipline: 'communities' }
  });
  const handle = (await readProfile(instance.db, actors.member!, (await instance.db.selectFrom('profiles').select('handle').where('user_id', '=', actors.member!.id).executeTakeFirstOrThrow()).handle)).handle;
  for (const word of ['zqpublicfield', 'zqinterestfield', 'zqcommunitiesfield', 'zqdisciplinefield']) {
    canaries.push({ word, type: 'members', readable: async (a) => a !== null && (await reads(() => readProfile(instance.db, a, handle), word)) });
  }

  // A private message between two members who share a community.
  const { slug: together } = await createCommunity(instance.db, actors.correspondent!, { name: 'Correspondance', visibility: 'private' });
  await addMemberByEmail(instance.db, actors.correspondent!, together, { email: actors.member!.email });
  const conversation = await startConversation(instance.db, actors.correspondent!, { to: [handle], body: `Message zqprivatemessage ${shared}` });
  canaries.push({ word: 'zqprivatemessage', type: 'messages', readable: async (a) => a !== null && (await reads(() => readConversation(instance.db, a, conversation.id), 'zqprivatemessage')) });
}, 120_000);

describe('search never finds what its reader may not read', () => {
  for (const principal of principals) {
    it(`${principal}: finds each canary exactly when its own read path lets them read it`, async () => {
      const actor = actors[principal];
      const wrong: string[] = [];
      for (const canary of canaries) {
        const expected = await canary.readable(actor);
        const result = await search(instance.db, actor, { q: canary.word, type: canary.type });
        const found = result.items.length > 0;
        if (found !== expected) wrong.push(`${canary.word}: ${found ? 'found' : 'not found'}, read path says ${expected ? 'readable' : 'not readable'}`);
      }
      expect(wrong).toEqual([]);
    });

    it(`${principal}: the search page and the API show no canary they may not read, in titles or excerpts`, async () => {
      const actor = actors[principal];
      const judged = new Map<string, boolean>();
      for (const canary of canaries) judged.set(canary.word, await canary.readable(actor));
      const words = canaries.map((c) => c.word);
      const maySee = (word: string) => judged.get(word) === true;
      for (const type of ['', 'posts', 'comments', 'resources', 'events', 'initiatives', 'members', 'communities', 'messages']) {
        const query = `q=${shared}${type ? `&type=${type}` : ''}&limit=50`;
        const api = await runApi(searchApi.GET, { actor, path: `/api/v1/search?${query}` });
        expect(api.status).toBe(200);
        expect(leaksIn(api.text, words, (w) => w, maySee), `API ${query}`).toEqual([]);
        const page = await runPage(searchPage.load, { actor, path: `/search?${query}` });
        expect(page.status).toBe(200);
        expect(leaksIn(page.text, words, (w) => w, maySee), `page ${query}`).toEqual([]);
      }
      // Searching by a canary word itself (prefix while typing included) says nothing more.
      for (const canary of canaries.filter((c) => !judged.get(c.word))) {
        const api = await runApi(searchApi.GET, { actor, path: `/api/v1/search?q=${canary.word.slice(0, -2)}&type=${canary.type ?? ''}` });
        expect(leaksIn(api.text, words, (w) => w, maySee), `API prefix of ${canary.word}`).toEqual([]);
      }
    });
  }

  it('a community filter on a community one may not see answers as a missing one', async () => {
    const hidden = await instance.db.selectFrom('communities').select('slug').where('name', 'like', '%zqhiddenname%').executeTakeFirstOrThrow();
    const outsider = await runApi(searchApi.GET, { actor: actors.outsider, path: `/api/v1/search?q=${shared}&community=${hidden.slug}` });
    const nowhere = await runApi(searchApi.GET, { actor: actors.outsider, path: `/api/v1/search?q=${shared}&community=nexiste-pas` });
    expect(outsider.status).toBe(404);
    expect(outsider.text).toBe(nowhere.text);
    const member = await runApi(searchApi.GET, { actor: actors.member, path: `/api/v1/search?q=${shared}&community=${hidden.slug}` });
    expect(member.status).toBe(200);
    expect(member.text).toContain('zqhiddenpost');
  });
});
