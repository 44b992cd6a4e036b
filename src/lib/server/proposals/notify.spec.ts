import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { addMemberByEmail, createCommunity } from '../communities';
import { createPost } from '../posts';
import { fanOut, listNotifications } from '../notifications';
import { sendDigest } from '../digests';
import { now } from '../ids';
import { savePreferences } from '../preferences';
import { decideProposal, setSupport, setVolunteer } from '.';

const instance = useTestInstance();

async function settle() {
  while ((await fanOut(instance.db)) > 0);
}

/**
 * A proposal by Ana, with a volunteer in each language, one who wants no such news, one who reads
 * them in the digest, a supporter, and the animator helping too.
 */
async function setUp() {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Sujets ${Math.random().toString(36).slice(2, 7)}`, visibility: 'public', joinPolicy: 'open' });
  const member = async (name: string, locale: 'fr' | 'en' = 'fr') => {
    const someone = await person(instance.db, name, { locale });
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  const [author, volunteer, english, quiet, reader, supporter] = [
    await member('Ana Proposante'), await member('Chloé Volontaire'), await member('Emma Helper', 'en'), await member('Yves Discret'), await member('Omar Lecteur'), await member('Bruno Soutien')
  ];
  const { id } = await createPost(instance.db, author, slug, { kind: 'proposal', title: 'Atelier : animer un 5 à 7 à distance', body: 'Nos membres sont loin les uns des autres.' });
  for (const helper of [volunteer, english, quiet, reader, animator]) await setVolunteer(instance.db, helper, id, true);
  await setSupport(instance.db, supporter, id, true);
  await setSupport(instance.db, volunteer, id, true);
  await savePreferences(instance.db, quiet, { proposal_decided: 'off' });
  await savePreferences(instance.db, reader, { proposal_decided: 'digest' });
  return { animator, author, volunteer, english, quiet, reader, supporter, id };
}

const decisions = async (actor: Actor) => (await listNotifications(instance.db, actor)).groups.filter((g) => g.kind === 'proposal_decided');
const emailTo = (actor: Actor) => instance.db.selectFrom('emails').select(['subject', 'text_body']).where('to_address', '=', actor.email).where('subject', 'like', '%5 à 7 à distance%').execute();

describe('telling those who wait for a proposal’s decision', () => {
  it('tells the proposer and the volunteers once that it was declined, in their language, and no one else', async () => {
    const { animator, author, volunteer, english, quiet, reader, supporter, id } = await setUp();
    await decideProposal(instance.db, animator, id, { status: 'declined', reason: 'Déjà au programme de la rencontre annuelle.' });
    await settle();

    for (const told of [author, volunteer, english, reader]) {
      const groups = await decisions(told);
      expect(groups, told.name).toHaveLength(1);
      expect(groups[0]).toMatchObject({ count: 1, change: 'declined', title: 'Atelier : animer un 5 à 7 à distance', href: `/p/${id}`, actors: ['Nadia Animatrice'] });
    }
    // The animator decided it, the supporter only supported it, and Yves wants no such news.
    for (const untold of [animator, supporter, quiet]) expect(await decisions(untold), untold.name).toEqual([]);

    // By email, the kind's default, saying which decision and pointing at the proposal.
    const [french] = await emailTo(author);
    expect(french?.subject).toContain('Une proposition de sujet a été déclinée');
    expect(french?.text_body).toContain(`/p/${id}`);
    const [inEnglish] = await emailTo(english);
    expect(inEnglish?.subject).toContain('A topic proposal was declined');
    expect(await emailTo(quiet)).toEqual([]);
    expect(await emailTo(supporter)).toEqual([]);
    // Omar reads it in his digest, which says the same.
    expect(await emailTo(reader)).toEqual([]);
    const mark = now();
    expect(await sendDigest(instance.db, reader.id, 'weekly', mark + 1_000, null)).toBe(true);
    const digest = await instance.db.selectFrom('emails').select('text_body').where('to_address', '=', reader.email).where('created_at', '>=', mark).executeTakeFirst();
    expect(digest?.text_body).toContain('Une proposition de sujet a été déclinée — Atelier : animer un 5 à 7 à distance');
  });

  it('tells nobody when it is reopened, and tells them again when it is then planned', async () => {
    const { animator, author, volunteer, supporter, id } = await setUp();
    await decideProposal(instance.db, animator, id, { status: 'declined', reason: 'Pas cette saison.' });
    await settle();
    await decideProposal(instance.db, animator, id, { status: 'open' });
    await settle();
    const rows = () => instance.db.selectFrom('notifications').select('user_id').where('kind', '=', 'proposal_decided').where('post_id', '=', id).execute();
    expect(await rows()).toHaveLength(4);
    expect((await decisions(author))[0]).toMatchObject({ count: 1, change: 'declined' });

    await decideProposal(instance.db, animator, id, { status: 'planned' });
    await settle();
    expect(await rows()).toHaveLength(8);
    // One group per proposal: it says where it stands now.
    const [group] = await decisions(volunteer);
    expect(group).toMatchObject({ count: 2, change: 'planned' });
    expect(await decisions(supporter)).toEqual([]);
    expect((await emailTo(author)).map((e) => e.subject)).toEqual(expect.arrayContaining([expect.stringContaining('Une proposition de sujet est planifiée')]));
  });
});
