import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { addMaterialFile, createEvent, eventLoad, feedbackSummary, giveFeedback, listMaterials, markAttendance, participantsCsv, readMaterialFile, removeMaterial, rsvp, sendDueReminders } from '.';
import { savePreferences } from '../preferences';

const instance = useTestInstance();
const db = () => instance.db;
const hour = 60 * 60 * 1000;

async function community(...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'public', joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const reminderSubjects = async (to: string) =>
  (await db().selectFrom('emails').select('subject').where('to_address', '=', to).where('subject', 'like', 'Rappel%').execute()).map((e) => e.subject);

describe('reminders', () => {
  it('sends the day-before and the hour-before reminders once each, to those going only', async () => {
    const [going, maybe] = [await person(db(), 'Ana'), await person(db(), 'Ben')];
    const c = await community(going, maybe);
    const start = Date.parse('2031-03-10T17:00:00Z');
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Webinaire', startsAt: new Date(start).toISOString(), endsAt: new Date(start + hour).toISOString(), timeZone: 'America/Toronto' });
    await rsvp(db(), going, id, { status: 'going' });
    await rsvp(db(), maybe, id, { status: 'maybe' });

    expect(await sendDueReminders(db(), start - 25 * hour)).toBe(0);
    expect(await sendDueReminders(db(), start - 23 * hour)).toBe(1);
    expect(await sendDueReminders(db(), start - 22 * hour)).toBe(0);
    expect(await sendDueReminders(db(), start - 50 * 60_000)).toBe(1);
    // Two workers running late at once still send nothing more.
    expect(await Promise.all([sendDueReminders(db(), start - 10 * 60_000), sendDueReminders(db(), start - 10 * 60_000)])).toEqual([0, 0]);
    expect(await reminderSubjects(going.email)).toEqual(['Rappel : « Webinaire »', 'Rappel : « Webinaire »']);
    expect(await reminderSubjects(maybe.email)).toEqual([]);
  });

  it('sends no reminder by email to someone who wants news of their activities in the app only', async () => {
    const [quiet, keen] = [await person(db(), 'Dana'), await person(db(), 'Eli')];
    const c = await community(quiet, keen);
    await savePreferences(db(), quiet, { event_updates: 'app' });
    const start = Date.parse('2031-03-14T17:00:00Z');
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Café', startsAt: new Date(start).toISOString(), endsAt: new Date(start + hour).toISOString(), timeZone: 'America/Toronto' });
    await rsvp(db(), quiet, id, { status: 'going' });
    await rsvp(db(), keen, id, { status: 'going' });
    expect(await sendDueReminders(db(), start - 23 * hour)).toBe(1);
    expect(await reminderSubjects(quiet.email)).toEqual([]);
    expect(await reminderSubjects(keen.email)).toEqual(['Rappel : « Café »']);
  });

  it('sends only the nearest reminder to someone who registers an hour before', async () => {
    const late = await person(db(), 'Cléo');
    const c = await community(late);
    const start = Date.parse('2031-03-12T17:00:00Z');
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Atelier', startsAt: new Date(start).toISOString(), endsAt: new Date(start + hour).toISOString(), timeZone: 'America/Toronto' });
    await rsvp(db(), late, id, { status: 'going' });
    expect(await sendDueReminders(db(), start - 40 * 60_000)).toBe(1);
    expect(await sendDueReminders(db(), start - 30 * 60_000)).toBe(0);
    expect(await reminderSubjects(late.email)).toEqual(['Rappel : « Atelier »']);
  });
});

describe('after the event', () => {
  it('takes feedback from those who went, shows organisers the aggregate, and exports the participants', async () => {
    const [ana, ben, cleo] = [await person(db(), 'Ana'), await person(db(), 'Ben'), await person(db(), 'Cléo')];
    const c = await community(ana, ben, cleo);
    const { id } = await createEvent(db(), c.animator, {
      communities: [c.slug],
      title: 'Passé',
      startsAt: '2020-01-10T12:00',
      endsAt: '2030-01-10T13:00',
      timeZone: 'America/Toronto',
      questions: [{ label: 'Votre organisme', required: false }]
    });
    await rsvp(db(), ana, id, { status: 'going', answers: { '0': 'CLSC, Sherbrooke' } });
    await rsvp(db(), ben, id, { status: 'going' });
    await rsvp(db(), cleo, id, { status: 'maybe' });
    await giveFeedback(db(), ana, id, { rating: 5, comment: 'Très utile' });
    await giveFeedback(db(), ben, id, { rating: 3 });
    await giveFeedback(db(), ben, id, { rating: 4, comment: null });
    expect(await outcome(giveFeedback(db(), cleo, id, { rating: 5 }))).toBe('forbidden');
    expect(await feedbackSummary(db(), c.animator, id)).toEqual({ formId: expect.any(String), count: 2, average: 4.5, ratings: [0, 0, 0, 1, 1], comments: ['Très utile'] });
    expect(await outcome(feedbackSummary(db(), ana, id))).toBe('forbidden');

    await markAttendance(db(), c.animator, id, ana.id, true);
    await markAttendance(db(), c.animator, id, ben.id, false);
    expect(await outcome(markAttendance(db(), ana, id, ben.id, true))).toBe('forbidden');
    const csv = await participantsCsv(db(), c.animator, id, ['Nom', 'Courriel', 'Réponse', 'Présence', 'Inscription'], (s) => s);
    const lines = csv.replace('\uFEFF', '').trim().split('\n');
    expect(lines[0]).toBe('Nom,Courriel,Réponse,Présence,Inscription,Votre organisme');
    expect(lines[1]).toMatch(new RegExp(`^Ana,${ana.email},going,1,.+,"CLSC, Sherbrooke"$`));
    expect(lines).toHaveLength(4);
  });

  it('keeps slides as a file for whoever may see the activity, refusing a forbidden type and anyone but organisers', async () => {
    const [ana, outsider] = [await person(db(), 'Ana'), await person(db(), 'Zoé')];
    const c = await community(ana);
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Atelier', startsAt: '2031-01-10T12:00', endsAt: '2031-01-10T13:00', timeZone: 'America/Toronto', audience: 'members' });
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'));
    expect(await outcome(addMaterialFile(db(), ana, id, { title: 'Diapos', bytes: pdf, fileName: 'diapos.pdf' }))).toBe('forbidden');
    expect(await outcome(addMaterialFile(db(), c.animator, id, { title: 'Piège', bytes: new Uint8Array(Buffer.from('MZ\x90\x00binary')), fileName: 'outil.exe' }))).toBe('invalid:attachments.errors.unsupported');
    const { id: materialId } = await addMaterialFile(db(), c.animator, id, { title: 'Diapos', bytes: pdf, fileName: 'diapos.pdf' });
    expect((await listMaterials(db(), ana, id)).map((m) => [m.kind, m.title, m.url])).toEqual([['file', 'Diapos', `/e/${id}/materials/${materialId}`]]);
    expect((await readMaterialFile(db(), ana, id, materialId)).mime).toBe('application/pdf');
    expect(await outcome(readMaterialFile(db(), outsider, id, materialId))).toBe('not_found');
    await removeMaterial(db(), c.animator, id, materialId);
    expect(await outcome(readMaterialFile(db(), ana, id, materialId))).toBe('not_found');
  });

  it('tells an animator how many activities the same members already have around a date', async () => {
    const [ana, ben] = [await person(db(), 'Ana'), await person(db(), 'Ben')];
    const c1 = await community(ana, ben);
    const c2 = await community(ana);
    const at = Date.parse('2031-05-15T16:00:00Z');
    for (const [c, days] of [[c1, 1], [c1, 3], [c2, 5], [c2, 40]] as const) {
      const start = new Date(at + days * 24 * hour).toISOString();
      await createEvent(db(), c.animator, { communities: [c.slug], title: 'Rencontre', startsAt: start, endsAt: new Date(at + days * 24 * hour + hour).toISOString(), timeZone: 'UTC' });
    }
    const load = await eventLoad(db(), c1.animator, [c1.slug], at);
    // Members of c1: its animator, Ana (3 nearby: two in c1, one in c2) and Ben (2).
    expect(load).toEqual({ members: 3, busiest: 3, average: 2.3, overLimit: 0, limit: 4 });
    await db().updateTable('communities').set({ event_load_limit: 3 }).where('slug', '=', c1.slug).execute();
    expect((await eventLoad(db(), c1.animator, [c1.slug], at)).overLimit).toBe(1);
    expect(await outcome(eventLoad(db(), ana, [c1.slug], at))).toBe('forbidden');
  });
});
