import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { createEvent } from '$lib/server/events';
import { proposalSchema, proposalSummarySchema } from '$lib/server/api/proposals';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as proposals from '../communities/[slug]/proposals/+server';
import * as settings from '../communities/[slug]/proposal-settings/+server';
import * as proposal from './[id]/+server';
import * as support from './[id]/support/+server';
import * as volunteer from './[id]/volunteer/+server';
import * as decision from './[id]/decision/+server';

const instance = useTestInstance();
const db = () => instance.db;
const hour = 3600 * 1000;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Nadia Bouchard');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const propose = (slug: string, as: Actor | null, json: unknown) => call(proposals.POST, 'POST', `/communities/${slug}/proposals`, { as, params: { slug }, json });
const list = (slug: string, as: Actor | null, query: Record<string, string> = {}) => call(proposals.GET, 'GET', `/communities/${slug}/proposals`, { as, params: { slug }, query });
const read = (id: string, as: Actor | null) => call(proposal.GET, 'GET', `/proposals/${id}`, { as, params: { id } });
const mark = (route: typeof support | typeof volunteer, name: string) => (id: string, as: Actor | null, on = true) =>
  call(on ? route.PUT : route.DELETE, on ? 'PUT' : 'DELETE', `/proposals/${id}/${name}`, { as, params: { id } });
const supportIt = mark(support, 'support');
const volunteerFor = mark(volunteer, 'volunteer');
const decide = (id: string, as: Actor | null, json: unknown) => call(decision.POST, 'POST', `/proposals/${id}/decision`, { as, params: { id }, json });
const limitTo = (slug: string, as: Actor | null, limit: number | null) => call(settings.PUT, 'PUT', `/communities/${slug}/proposal-settings`, { as, params: { slug }, json: { limit } });

describe('topic proposals through the API', () => {
  it('proposes, lists the most supported first, and counts one support per member', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Proposante'), await person(db(), 'Bruno Soutien')];
    const { slug } = await community('public', ana, bruno);
    expect((await propose(slug, null, { title: 'X', body: 'Y' })).status).toBe(401);
    const made = await propose(slug, ana, { title: 'Un atelier sur la médiation', body: 'Pour *mieux* accueillir' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(proposalSchema.strict().parse(made.body)).toMatchObject({
      title: 'Un atelier sur la médiation',
      bodyHtml: expect.stringContaining('<em>mieux</em>'),
      author: { id: ana.id, name: 'Ana Proposante' },
      community: { slug },
      target: 'activity',
      status: 'open',
      supportCount: 0,
      can: { support: true, decide: false }
    });
    const first = made.body.postId as string;
    const second = (await propose(slug, ana, { title: 'Une fiche sur l’accueil', body: 'Une ressource', proposalFor: 'resource', language: 'en' })).body;
    expect(second).toMatchObject({ target: 'resource', language: 'en' });

    // Twice from the same member is one support.
    expect((await supportIt(second.postId, bruno)).body).toMatchObject({ supportCount: 1, supported: true });
    expect((await supportIt(second.postId, bruno)).body).toMatchObject({ supportCount: 1, supported: true });
    await supportIt(second.postId, ana);
    await supportIt(first, bruno);
    const listed = await list(slug, bruno);
    expect(listed.status).toBe(200);
    expect(pageOf(proposalSummarySchema.strict()).parse(listed.body).items.map((p) => [p.title, p.supportCount, p.supported])).toEqual([
      ['Une fiche sur l’accueil', 2, true],
      ['Un atelier sur la médiation', 1, true]
    ]);
    // Visitors read a public community's list; a page at a time.
    const page = await list(slug, null, { limit: '1' });
    expect(page.body.items.map((p: { title: string; supported: boolean }) => [p.title, p.supported])).toEqual([['Une fiche sur l’accueil', false]]);
    expect((await list(slug, null, { limit: '1', cursor: page.body.nextCursor })).body).toMatchObject({ items: [{ title: 'Un atelier sur la médiation' }], nextCursor: null });
    expect((await list(slug, null, { order: 'newest' })).body.items[0].title).toBe('Une fiche sur l’accueil');

    // Taken back: the count follows, and the order with it.
    expect((await supportIt(second.postId, bruno, false)).body).toMatchObject({ supportCount: 1, supported: false });
    expect((await supportIt(second.postId, bruno, false)).body).toMatchObject({ supportCount: 1, supported: false });
    await supportIt(second.postId, ana, false);
    expect((await list(slug, bruno)).body.items.map((p: { title: string }) => p.title)).toEqual(['Un atelier sur la médiation', 'Une fiche sur l’accueil']);
    expect((await supportIt(first, null)).status).toBe(401);
  });

  it('names those who offer to help, and lets them take it back', async () => {
    const [ana, chloe] = [await person(db(), 'Ana Proposante'), await person(db(), 'Chloé Volontaire')];
    const { slug } = await community('public', ana, chloe);
    const { postId } = (await propose(slug, ana, { title: 'Un webinaire sur l’évaluation', body: 'Qui anime ?' })).body;
    expect((await volunteerFor(postId, chloe)).body).toMatchObject({ volunteered: true, volunteerCount: 1, volunteers: [{ id: chloe.id, name: 'Chloé Volontaire' }] });
    expect((await read(postId, null)).body).toMatchObject({ volunteerCount: 1, volunteered: false, volunteers: [{ name: 'Chloé Volontaire' }] });
    expect((await volunteerFor(postId, chloe, false)).body).toMatchObject({ volunteered: false, volunteerCount: 0, volunteers: [] });
  });

  it('is decided by its animators only; a declined proposal takes no more supports', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Proposante'), await person(db(), 'Bruno Soutien')];
    const { slug, animator } = await community('public', ana, bruno);
    const { postId } = (await propose(slug, ana, { title: 'Un 5 à 7 sur le mentorat', body: 'Entre pairs' })).body;
    expect((await read(postId, animator)).body.can).toEqual({ support: true, decide: true });

    const refused = await decide(postId, bruno, { status: 'declined', reason: 'Non' });
    expect(refused.status).toBe(403);
    expect(refused.type).toBe('application/problem+json');
    expect((await decide(postId, null, { status: 'declined', reason: 'Non' })).status).toBe(401);
    expect((await read(postId, bruno)).body.status).toBe('open');

    const declined = await decide(postId, animator, { status: 'declined', reason: 'Le sujet a été traité en mai.' });
    expect(declined.status).toBe(200);
    expect(proposalSchema.strict().parse(declined.body)).toMatchObject({ status: 'declined', decisionReason: 'Le sujet a été traité en mai.', decidedAt: expect.any(Number) });
    const late = await supportIt(postId, bruno);
    expect(late.status).toBe(403);
    expect(late.body.detail).toBe(translate('en', 'proposals.errors.decided'));
    expect((await read(postId, bruno)).body).toMatchObject({ supportCount: 0, can: { support: false } });
    expect((await list(slug, bruno, { status: 'declined' })).body.items.map((p: { decisionReason: string }) => p.decisionReason)).toEqual(['Le sujet a été traité en mai.']);
    expect((await list(slug, bruno)).body.items).toEqual([]);

    // Reopened, then planned with the event made of it.
    expect((await decide(postId, animator, { status: 'open' })).body).toMatchObject({ status: 'open', decisionReason: null, decidedAt: null });
    const start = new Date(Date.now() + 72 * hour).toISOString().slice(0, 16);
    const end = new Date(Date.now() + 74 * hour).toISOString().slice(0, 16);
    const { id: eventId } = await createEvent(db(), animator, { communities: [slug], title: '5 à 7 : le mentorat', startsAt: start, endsAt: end, timeZone: 'America/Toronto' });
    expect((await decide(postId, animator, { status: 'planned', eventId })).body).toMatchObject({ status: 'planned', event: { id: eventId, title: '5 à 7 : le mentorat' } });
  });

  it('answers bad input with 400, naming the field, and changes nothing', async () => {
    const ana = await person(db(), 'Ana Proposante');
    const { slug, animator } = await community('public', ana);
    const { postId } = (await propose(slug, ana, { title: 'Sujet', body: 'Texte' })).body;
    const count = async () => Number((await db().selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { proposals: await count(), shown: (await read(postId, ana)).body };
    const fields = (answer: { status: number; body: { errors?: { path: string; message: string }[] } }) => {
      expect(answer.status).toBe(400);
      return answer.body.errors!.map((e) => e.path);
    };

    expect(fields(await propose(slug, ana, { title: '   ', body: 'Texte' }))).toEqual(['title']);
    expect(fields(await propose(slug, ana, { title: 'x'.repeat(100_000), body: 'Texte' }))).toEqual(['title']);
    expect(fields(await propose(slug, ana, { title: 'Sujet', body: 'Texte', proposalFor: 'film' }))).toEqual(['proposalFor']);
    // Only a proposal's fields: its kind is not the caller's to choose.
    expect(fields(await propose(slug, ana, { title: 'Sujet', body: 'Texte', kind: 'call' }))).toEqual(['']);
    const unknown = await decide(postId, animator, { status: 'maybe' });
    expect(unknown.body.errors).toEqual([{ path: 'status', message: translate('en', 'proposals.errors.bad_status') }]);
    expect(fields(await decide(postId, animator, { status: 'declined' }))).toEqual(['reason']);
    const blank = await decide(postId, animator, { status: 'declined', reason: '  ' });
    expect(blank.body.errors).toEqual([{ path: 'reason', message: translate('en', 'proposals.errors.reason_required') }]);
    expect(fields(await decide(postId, animator, { status: 'declined', reason: 'x'.repeat(100_000) }))).toEqual(['reason']);
    expect(fields(await limitTo(slug, animator, 0))).toEqual(['limit']);

    expect(await count()).toBe(before.proposals);
    expect((await read(postId, ana)).body).toEqual(before.shown);
  });

  it('keeps a private community’s proposals from outsiders and visitors, as if they did not exist', async () => {
    const ana = await person(db(), 'Ana Proposante');
    const { slug } = await community('private', ana);
    const { postId } = (await propose(slug, ana, { title: 'Un club de lecture', body: 'Entre nous' })).body;
    const outsider = await person(db(), 'Omar Dehors');
    const missing = await read('nexiste-pas', outsider);
    expect(missing.status).toBe(404);
    for (const as of [outsider, null]) {
      expect(await read(postId, as)).toEqual(await read('nexiste-pas', as));
      expect(JSON.stringify((await list(slug, as)).body)).not.toContain('club de lecture');
    }
    expect((await list(slug, outsider)).status).toBe(403);
    expect((await supportIt(postId, outsider)).status).toBe(404);
    expect((await volunteerFor(postId, outsider)).status).toBe(404);
    expect((await decide(postId, outsider, { status: 'open' })).status).toBe(404);
    expect((await read(postId, ana)).body.supportCount).toBe(0);
  });

  it('limits, as its animators choose, how many open proposals each member supports', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Proposante'), await person(db(), 'Bruno Soutien')];
    const { slug, animator } = await community('public', ana, bruno);
    const ids: string[] = [];
    for (const title of ['Sujet un', 'Sujet deux']) ids.push((await propose(slug, ana, { title, body: 'Texte' })).body.postId);
    expect((await limitTo(slug, bruno, 1)).status).toBe(403);
    expect((await limitTo(slug, null, 1)).status).toBe(401);
    expect((await limitTo('nexiste-pas', animator, 1)).status).toBe(404);
    const set = await limitTo(slug, animator, 1);
    expect(set).toMatchObject({ status: 200, body: { limit: 1 } });
    expect((await supportIt(ids[0]!, bruno)).body).toMatchObject({ supportLimit: 1, supportsLeft: 0 });
    const over = await supportIt(ids[1]!, bruno);
    expect(over.status).toBe(409);
    expect(over.body.detail).toBe(translate('en', 'proposals.errors.support_limit'));
    expect((await limitTo(slug, animator, null)).body).toEqual({ limit: null });
    expect((await supportIt(ids[1]!, bruno)).body).toMatchObject({ supported: true, supportLimit: null, supportsLeft: null });
  });
});
