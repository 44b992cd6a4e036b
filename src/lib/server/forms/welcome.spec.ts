import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { addMemberByEmail, createCommunity } from '../communities';
import { createForm, setFormStatus, skipWelcomeSurvey, submitResponse, welcomePrompt, welcomeSnooze } from '.';

const instance = useTestInstance();
const day = 24 * 3600 * 1000;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
const question = { questions: [{ kind: 'yes_no' as const, id: 'first', label: { fr: 'Première communauté de pratique ?', en: 'First community of practice?' } }] };

async function setUp(visibility: 'public' | 'private' = 'public') {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Accueil ${Math.random().toString(36).slice(2, 7)}`, visibility, joinPolicy: 'open' });
  const member = async (name: string) => {
    const someone = await person(instance.db, name);
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  return { animator, slug, member };
}

describe('the welcome survey', () => {
  it('is asked of members who join after it, put off a week once, then never again; answering ends it', async () => {
    const { animator, slug, member } = await setUp();
    const before = await member('Ancienne Membre');
    await pause();
    const { id } = await createForm(instance.db, animator, slug, { title: 'Bienvenue !', purpose: 'welcome', definition: question });
    await pause();
    const newcomer = await member('Nouvelle Venue');
    // A draft is not asked yet.
    expect(await welcomePrompt(instance.db, newcomer, slug)).toBeNull();
    await setFormStatus(instance.db, animator, id, 'open');

    expect(await welcomePrompt(instance.db, newcomer, slug)).toEqual({ formId: id, title: 'Bienvenue !', askedAgain: false });
    expect(await welcomePrompt(instance.db, before, slug)).toBeNull();
    expect(await welcomePrompt(instance.db, null, slug)).toBeNull();

    const at = Date.now();
    await skipWelcomeSurvey(instance.db, newcomer, id, at);
    expect(await welcomePrompt(instance.db, newcomer, slug, at + welcomeSnooze - day)).toBeNull();
    expect(await welcomePrompt(instance.db, newcomer, slug, at + welcomeSnooze + 1)).toEqual({ formId: id, title: 'Bienvenue !', askedAgain: true });
    await skipWelcomeSurvey(instance.db, newcomer, id, at + welcomeSnooze + 1);
    expect(await welcomePrompt(instance.db, newcomer, slug, at + 60 * day)).toBeNull();

    const answering = await member('Répondante Rapide');
    expect(await welcomePrompt(instance.db, answering, slug)).not.toBeNull();
    await submitResponse(instance.db, { actor: answering }, id, { answers: { first: 'yes' } });
    expect(await welcomePrompt(instance.db, answering, slug)).toBeNull();

    // Closed, it is asked of no one.
    const late = await member('Arrivée Tardive');
    await setFormStatus(instance.db, animator, id, 'closed');
    expect(await welcomePrompt(instance.db, late, slug)).toBeNull();
  });

  it('refuses "not now" on an ordinary survey or from someone not asked, and records nothing', async () => {
    const { animator, slug, member } = await setUp('private');
    const { id: ordinary } = await createForm(instance.db, animator, slug, { title: 'Sondage', definition: question });
    await setFormStatus(instance.db, animator, ordinary, 'open');
    const { id: welcome } = await createForm(instance.db, animator, slug, { title: 'Bienvenue', purpose: 'welcome', definition: question });
    await setFormStatus(instance.db, animator, welcome, 'open');
    const someone = await member('Membre');
    const outsider = await person(instance.db, 'Hors Communauté');
    expect(await outcome(skipWelcomeSurvey(instance.db, someone, ordinary))).toBe('conflict:forms.errors.not_welcome');
    // Outside a private community the survey does not exist, and nobody outside is asked it.
    expect(await outcome(skipWelcomeSurvey(instance.db, outsider, welcome))).toBe('not_found');
    expect(await welcomePrompt(instance.db, outsider, slug)).toBeNull();
    expect(await instance.db.selectFrom('form_prompts').selectAll().where('form_id', 'in', [ordinary, welcome]).execute()).toEqual([]);
  });
});
