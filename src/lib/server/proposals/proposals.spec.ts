import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { addMemberByEmail, createCommunity } from '../communities';
import { communityFeed, createPost, deletePost } from '../posts';
import { createEvent } from '../events';
import { decideProposal, findProposal, listProposals, proposalView, setSupport, setSupportLimit, setVolunteer } from '.';

const instance = useTestInstance();
const hour = 3600 * 1000;

async function setUp(visibility: 'public' | 'private' = 'public') {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Sujets ${Math.random().toString(36).slice(2, 7)}`, visibility, joinPolicy: 'open' });
  const member = async (name: string) => {
    const someone = await person(instance.db, name);
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  const propose = (by: Awaited<ReturnType<typeof member>>, title: string, proposalFor?: 'activity' | 'resource') =>
    createPost(instance.db, by, slug, { kind: 'proposal', title, body: `Pourquoi : ${title}`, proposalFor }).then((p) => p.id);
  return { animator, slug, member, propose };
}

const view = async (actor: Parameters<typeof findProposal>[1], id: string) => proposalView(instance.db, actor, await findProposal(instance.db, actor, id));

describe('topic proposals', () => {
  it('counts one support per member, taken back at will, and lists the most supported first', async () => {
    const { slug, member, propose } = await setUp();
    const ana = await member('Ana');
    const bruno = await member('Bruno');
    const first = await propose(ana, 'Un atelier sur la médiation');
    const second = await propose(ana, 'Une fiche sur l’accueil', 'resource');

    await setSupport(instance.db, bruno, second, true);
    await setSupport(instance.db, bruno, second, true);
    await setSupport(instance.db, ana, second, true);
    await setSupport(instance.db, bruno, first, true);
    expect((await view(bruno, second)).supportCount).toBe(2);
    expect((await view(bruno, second)).supported).toBe(true);
    expect((await view(bruno, second)).target).toBe('resource');

    const listed = await listProposals(instance.db, bruno, slug);
    expect(listed.items.map((p) => [p.title, p.supportCount, p.supported])).toEqual([
      ['Une fiche sur l’accueil', 2, true],
      ['Un atelier sur la médiation', 1, true]
    ]);
    // The feed shows where each stands, among the other publications.
    const feed = await communityFeed(instance.db, bruno, slug, { kind: 'proposal', unanswered: false, order: 'activity' }, { limit: 10 });
    expect(feed.items.map((p) => p.proposal)).toEqual([{ status: 'open', supportCount: 2 }, { status: 'open', supportCount: 1 }]);

    await setSupport(instance.db, bruno, second, false);
    await setSupport(instance.db, ana, second, false);
    expect((await listProposals(instance.db, bruno, slug)).items.map((p) => p.title)).toEqual(['Un atelier sur la médiation', 'Une fiche sur l’accueil']);
    expect((await listProposals(instance.db, bruno, slug, { order: 'newest' })).items.map((p) => p.title)).toEqual(['Une fiche sur l’accueil', 'Un atelier sur la médiation']);
    // A page at a time.
    const page = await listProposals(instance.db, bruno, slug, { limit: 1 });
    expect(page.items).toHaveLength(1);
    const next = await listProposals(instance.db, bruno, slug, { limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((p) => p.title)).toEqual(['Une fiche sur l’accueil']);
    expect(next.nextCursor).toBeNull();
  });

  it('counts every support sent at the same moment', async () => {
    const { member, propose } = await setUp();
    const people = await Promise.all(['Ana', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid'].map((name) => member(name)));
    const id = await propose(people[0]!, 'Un atelier très attendu');
    await Promise.all(people.map((p) => setSupport(instance.db, p, id, true)));
    await Promise.all(people.slice(0, 2).map((p) => setVolunteer(instance.db, p, id, true)));
    expect(await view(null, id)).toMatchObject({ supportCount: 6, volunteerCount: 2 });
  });

  it('keeps outsiders out of a private community’s proposals, and visitors from supporting', async () => {
    const { slug, member, propose } = await setUp('private');
    const ana = await member('Ana');
    const id = await propose(ana, 'Un club de lecture');
    const outsider = await person(instance.db, 'Dehors');
    expect(await outcome(setSupport(instance.db, outsider, id, true))).toBe('not_found');
    expect(await outcome(listProposals(instance.db, outsider, slug))).toBe('forbidden');
    expect(await outcome(setSupport(instance.db, null, id, true))).toBe('unauthorized');
    expect((await view(ana, id)).supportCount).toBe(0);
  });

  it('lets members offer to help, named to the readers', async () => {
    const { member, propose } = await setUp();
    const ana = await member('Ana');
    const chloe = await member('Chloé Volontaire');
    const id = await propose(ana, 'Un webinaire sur l’évaluation');
    await setVolunteer(instance.db, chloe, id, true);
    const seen = await view(null, id);
    expect(seen.volunteers.map((v) => v.name)).toEqual(['Chloé Volontaire']);
    expect(seen.volunteerCount).toBe(1);
    expect(seen.can).toEqual({ support: false, decide: false });
    await setVolunteer(instance.db, chloe, id, false);
    expect((await view(null, id)).volunteers).toEqual([]);
  });

  it('with a limit, each member supports only that many open proposals at once', async () => {
    const { animator, slug, member, propose } = await setUp();
    const ana = await member('Ana');
    const ids = [await propose(ana, 'Sujet un'), await propose(ana, 'Sujet deux'), await propose(ana, 'Sujet trois')];
    expect(await outcome(setSupportLimit(instance.db, ana, slug, { limit: 2 }))).toBe('forbidden');
    expect(await outcome(setSupportLimit(instance.db, animator, slug, { limit: 0 }))).toBe('invalid:proposals.errors.bad_limit');
    await setSupportLimit(instance.db, animator, slug, { limit: 2 });
    const bruno = await member('Bruno');
    await setSupport(instance.db, bruno, ids[0]!, true);
    await setSupport(instance.db, bruno, ids[1]!, true);
    expect((await view(bruno, ids[2]!)).supportsLeft).toBe(0);
    expect(await outcome(setSupport(instance.db, bruno, ids[2]!, true))).toBe('conflict:proposals.errors.support_limit');
    // Supporting again one already supported is not one more.
    expect(await outcome(setSupport(instance.db, bruno, ids[1]!, true))).toBe('ok');
    // A decided proposal no longer counts against the limit.
    await decideProposal(instance.db, animator, ids[0]!, { status: 'declined', reason: 'Déjà traité l’an dernier' });
    expect(await outcome(setSupport(instance.db, bruno, ids[2]!, true))).toBe('ok');
    expect((await view(bruno, ids[2]!)).supportsLeft).toBe(0);
  });

  it('is decided by the animators: declined with a reason, planned with the event made of it, reopened', async () => {
    const { animator, slug, member, propose } = await setUp();
    const ana = await member('Ana');
    const bruno = await member('Bruno');
    const id = await propose(ana, 'Un 5 à 7 sur le mentorat');
    expect(await outcome(decideProposal(instance.db, bruno, id, { status: 'declined', reason: 'Non' }))).toBe('forbidden');
    expect(await outcome(decideProposal(instance.db, animator, id, { status: 'declined', reason: '  ' }))).toBe('invalid:proposals.errors.reason_required');
    expect(await outcome(decideProposal(instance.db, animator, id, { status: 'maybe' } as never))).toBe('invalid:proposals.errors.bad_status');
    expect((await view(ana, id)).status).toBe('open');

    await decideProposal(instance.db, animator, id, { status: 'declined', reason: 'Le sujet a été traité en mai.' });
    expect(await view(ana, id)).toMatchObject({ status: 'declined', decisionReason: 'Le sujet a été traité en mai.' });
    expect(await outcome(setSupport(instance.db, bruno, id, true))).toBe('forbidden:proposals.errors.decided');
    expect((await listProposals(instance.db, ana, slug)).items).toEqual([]);
    expect((await listProposals(instance.db, ana, slug, { status: 'declined' })).items.map((p) => p.decisionReason)).toEqual(['Le sujet a été traité en mai.']);

    await decideProposal(instance.db, animator, id, { status: 'open' });
    expect(await view(ana, id)).toMatchObject({ status: 'open', decisionReason: null });

    // The event made of it is written and the proposal planned together.
    const start = new Date(Date.now() + 72 * hour).toISOString().slice(0, 16);
    const end = new Date(Date.now() + 74 * hour).toISOString().slice(0, 16);
    expect(await outcome(createEvent(instance.db, bruno, { communities: [slug], title: 'x', startsAt: start, endsAt: end, timeZone: 'America/Toronto', proposal: id }))).toBe('forbidden');
    const { id: eventId } = await createEvent(instance.db, animator, { communities: [slug], title: '5 à 7 : le mentorat', startsAt: start, endsAt: end, timeZone: 'America/Toronto', proposal: id });
    expect(await view(ana, id)).toMatchObject({ status: 'planned', event: { id: eventId, title: '5 à 7 : le mentorat' } });

    // Linking to an event of another community is refused, and changes nothing.
    const other = await setUp();
    const { id: elsewhere } = await createEvent(instance.db, other.animator, { communities: [other.slug], title: 'Ailleurs', startsAt: start, endsAt: end, timeZone: 'America/Toronto' });
    expect(await outcome(decideProposal(instance.db, animator, id, { status: 'planned', eventId: elsewhere }))).toBe('invalid:proposals.errors.event_elsewhere');
    expect((await view(ana, id)).event?.id).toBe(eventId);
  });

  it('is gone with its publication', async () => {
    const { slug, member, propose } = await setUp();
    const ana = await member('Ana');
    const id = await propose(ana, 'Sujet supprimé');
    await deletePost(instance.db, ana, id);
    expect((await listProposals(instance.db, ana, slug)).items).toEqual([]);
    expect(await outcome(setSupport(instance.db, ana, id, true))).toBe('not_found');
  });
});
