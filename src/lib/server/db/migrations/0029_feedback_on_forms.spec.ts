// The copy of the older event ratings onto feedback forms: every row arrives, with its note, its
// comment and its date, and goes back on the way down.
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { createCommunity, joinCommunity } from '../../communities';
import { createEvent, feedbackDefinition, feedbackSummary, giveFeedback, rsvp } from '../../events';
import { myResponse } from '../../forms';
import { migrateTo, migrateToLatest } from '../migrate';
import { migrations } from '.';

const instance = useTestInstance();
const db = () => instance.db;

const names = Object.keys(migrations);
const before = names[names.indexOf('0029_feedback_on_forms') - 1]!;

describe('0029_feedback_on_forms', () => {
  it('copies every rating and comment onto the event’s feedback form, and back on the way down', async () => {
    const [ana, ben] = [await person(db(), 'Ana'), await person(db(), 'Ben')];
    const animator = await person(db(), 'Léa');
    const { slug } = await createCommunity(db(), animator, { name: 'Avis d’avant', visibility: 'public', joinPolicy: 'open' });
    for (const member of [ana, ben]) await joinCommunity(db(), member, slug);
    const event = async (title: string) =>
      (await createEvent(db(), animator, { communities: [slug], title, startsAt: '2020-01-10T12:00', endsAt: '2030-01-10T13:00', timeZone: 'America/Toronto' })).id;
    const [first, second, quiet] = [await event('Premier atelier'), await event('Second atelier'), await event('Sans avis')];
    for (const id of [first, second, quiet]) for (const member of [ana, ben]) await rsvp(db(), member, id, { status: 'going' });

    await migrateTo(db(), before);
    const at = Date.parse('2024-05-01T15:00:00Z');
    await db()
      .insertInto('event_feedback')
      .values([
        { event_id: first, user_id: ana.id, rating: 5, comment: 'Très utile', created_at: at },
        { event_id: first, user_id: ben.id, rating: 3, comment: null, created_at: at + 1000 },
        { event_id: second, user_id: ana.id, rating: 2, comment: '   ', created_at: at + 2000 }
      ])
      .execute();
    await migrateToLatest(db());

    const forms = await db().selectFrom('forms').selectAll().where('purpose', '=', 'feedback').orderBy('title').execute();
    expect(forms.map((f) => [f.subject_id, f.title, f.status, f.anonymous])).toEqual([
      [first, 'Votre avis : Premier atelier', 'open', 0],
      [second, 'Votre avis : Second atelier', 'open', 0]
    ]);
    // The questions written out in the migration are the template's of the day, as the engine stores them.
    const stored = await db().selectFrom('form_versions').select('definition').where('form_id', '=', forms[0]!.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.definition)).toEqual(feedbackDefinition());
    const responses = await db().selectFrom('form_responses').selectAll().where('form_id', 'in', forms.map((f) => f.id)).orderBy('submitted_at').execute();
    expect(responses.map((r) => [r.user_id, Number(r.submitted_at), r.segment_role])).toEqual([
      [ana.id, at, 'member'],
      [ben.id, at + 1000, 'member'],
      [ana.id, at + 2000, 'member']
    ]);
    expect(await feedbackSummary(db(), animator, first)).toEqual({ formId: forms[0]!.id, count: 2, average: 4, ratings: [0, 0, 1, 0, 1], comments: ['Très utile'] });
    expect(await feedbackSummary(db(), animator, second)).toMatchObject({ count: 1, average: 2, comments: [] });
    expect((await myResponse(db(), ana, forms[0]!.id))?.answers).toEqual({ satisfaction: 5, comment: 'Très utile' });

    // From now on feedback is written to the form only; the old table stays as it was.
    await giveFeedback(db(), ben, first, { rating: 4, comment: 'Finalement, bien' });
    await giveFeedback(db(), ben, quiet, { rating: 1 });
    expect(await db().selectFrom('event_feedback').select(['user_id', 'rating']).where('event_id', '=', first).orderBy('created_at').execute()).toEqual([
      { user_id: ana.id, rating: 5 },
      { user_id: ben.id, rating: 3 }
    ]);

    // Down: what was answered on the forms goes back into event_feedback; up again loses nothing.
    await migrateTo(db(), before);
    const back = await db().selectFrom('event_feedback').select(['event_id', 'user_id', 'rating', 'comment']).execute();
    expect(back).toHaveLength(4);
    expect(back).toEqual(
      expect.arrayContaining([
        { event_id: first, user_id: ben.id, rating: 4, comment: 'Finalement, bien' },
        { event_id: quiet, user_id: ben.id, rating: 1, comment: null }
      ])
    );
    expect(await db().selectFrom('forms').select('id').where('purpose', '=', 'feedback').execute()).toEqual([]);
    await migrateToLatest(db());
    expect(await feedbackSummary(db(), animator, first)).toMatchObject({ count: 2, average: 4.5, comments: ['Très utile', 'Finalement, bien'] });
    expect(await feedbackSummary(db(), animator, quiet)).toMatchObject({ count: 1, average: 1 });
  });
});
