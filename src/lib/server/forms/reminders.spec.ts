import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { addMemberByEmail, createCommunity } from '../communities';
import { fanOut, listNotifications, openNotification } from '../notifications';
import { savePreferences } from '../preferences';
import { createForm, deleteForm, getForm, nonRespondentCount, remindNonRespondents, setFormStatus, submitResponse, templates } from '.';

const instance = useTestInstance();

async function settle() {
  while ((await fanOut(instance.db)) > 0);
}

async function setUp(anonymous: boolean) {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Réseau ${Math.random().toString(36).slice(2, 7)}`, visibility: 'public', joinPolicy: 'open' });
  const member = async (name: string) => {
    const someone = await person(instance.db, name);
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  const [answered, silent, quiet] = [await member('Léa Gagnon'), await member('Omar Haddad'), await member('Yves Pelletier')];
  const outsider = await person(instance.db, 'Emma Wilson');
  const { id } = await createForm(instance.db, animator, slug, { title: 'Bilan de l’année', anonymous, definition: templates.blank });
  await setFormStatus(instance.db, animator, id, 'open');
  await submitResponse(instance.db, { actor: answered }, id, { answers: { q1: 'Très utile' } });
  await savePreferences(instance.db, quiet, { survey_reminder: 'off' });
  return { animator, answered, silent, quiet, outsider, id };
}

const reminders = async (actor: Parameters<typeof listNotifications>[1]) => (await listNotifications(instance.db, actor)).groups.filter((g) => g.kind === 'survey_reminder');

describe('reminding those who have not answered', () => {
  for (const anonymous of [false, true]) {
    it(`tells only the members who have not answered${anonymous ? ' an anonymous survey' : ''}, once, as they chose, with a link to it`, async () => {
      const { animator, answered, silent, quiet, outsider, id } = await setUp(anonymous);
      const row = await instance.db.selectFrom('forms').select(['id', 'community_id']).where('id', '=', id).executeTakeFirstOrThrow();
      // Léa answered; Omar and Yves did not, nor did the animator, who is not counted when she sends it.
      expect(await nonRespondentCount(instance.db, row)).toBe(3);
      expect(await nonRespondentCount(instance.db, row, animator.id)).toBe(2);

      await remindNonRespondents(instance.db, animator, id);
      await settle();
      expect(await reminders(answered)).toEqual([]);
      expect(await reminders(quiet)).toEqual([]);
      expect(await reminders(outsider)).toEqual([]);
      const [told] = await reminders(silent);
      expect(told).toMatchObject({ title: 'Bilan de l’année', href: `/f/${id}` });
      expect(await openNotification(instance.db, silent, told!.id)).toBe(`/f/${id}`);
      // By email, the kind's default, pointing at the survey.
      const email = await instance.db.selectFrom('emails').select(['subject', 'text_body']).where('to_address', '=', silent.email).where('subject', 'like', '%Bilan de l’année%').executeTakeFirstOrThrow();
      expect(email.text_body).toContain(`/f/${id}`);
      expect(await instance.db.selectFrom('emails').select('id').where('to_address', 'in', [answered.email, quiet.email]).where('subject', 'like', '%Bilan%').execute()).toEqual([]);
      expect((await getForm(instance.db, animator, id)).remindedAt).toEqual(expect.any(Number));

      // A second reminder is refused and sends nothing more.
      expect(await outcome(remindNonRespondents(instance.db, animator, id))).toBe('conflict:forms.errors.already_reminded');
      await settle();
      expect((await reminders(silent))[0]!.count).toBe(1);

      // Deleting the survey takes its reminders with it.
      await deleteForm(instance.db, animator, id);
      expect(await reminders(silent)).toEqual([]);
    });
  }

  it('is for animators, and only while the survey takes answers', async () => {
    const { animator, silent, id } = await setUp(false);
    expect(await outcome(remindNonRespondents(instance.db, silent, id))).toBe('forbidden');
    await setFormStatus(instance.db, animator, id, 'closed');
    expect(await outcome(remindNonRespondents(instance.db, animator, id))).toBe('conflict:forms.errors.remind_not_open');
    expect((await getForm(instance.db, animator, id)).remindedAt).toBeNull();
  });
});
