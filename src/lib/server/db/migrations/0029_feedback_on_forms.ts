// Feedback after an event moves onto the forms engine (issue 18, use 5). An event has at most one
// feedback form (a partial unique index: other purposes may have several forms on one subject), and
// every rating given so far is copied onto one: an event with ratings gets its feedback form, each
// rating becomes a named response, the note the answer to `satisfaction`, the comment the answer to
// `comment` ("Anything else?"), dated as it was given. event_feedback is kept as it stood, no longer
// written. Down copies each response's note and comment back into event_feedback, then removes the
// feedback forms, so that up → down → up loses nothing either.
//
// The questions are written out here as they were on the day: the template may change later, a
// migration must not.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { newId } from '../../ids';

const both = (fr: string, en: string) => ({ fr, en });
const none = both('', '');
const question = (kind: string, id: string, label: { fr: string; en: string }) => ({ kind, id, label, help: none, required: false, showIf: null });
const definition = {
  questions: [
    {
      ...question('scale', 'satisfaction', both('Dans l’ensemble, êtes-vous satisfait·e de cette activité ?', 'Overall, how satisfied are you with this activity?')),
      required: true,
      min: 1,
      max: 5,
      minLabel: both('Décevant', 'Disappointing'),
      maxLabel: both('Excellent', 'Excellent')
    },
    question('long_text', 'useful', both('Qu’est-ce qui vous a été le plus utile ?', 'What was most useful to you?')),
    question('long_text', 'change', both('Que changeriez-vous la prochaine fois ?', 'What would you change next time?')),
    question('long_text', 'topics', both('Quels sujets aimeriez-vous aborder la prochaine fois ?', 'Which topics would you like to cover next time?')),
    question('long_text', 'comment', both('Un autre commentaire ?', 'Anything else?'))
  ]
};
const titles = { fr: (title: string) => `Votre avis : ${title}`, en: (title: string) => `Your feedback: ${title}` };
const descriptions = {
  fr: 'Quelques questions pour préparer les prochaines activités. Seule la note de satisfaction est obligatoire.',
  en: 'A few questions to prepare the next activities. Only the satisfaction rating is required.'
};

const batch = 200;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function insertAll(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await db.insertInto(table).values(rows.slice(i, i + batch)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('forms_feedback_subject').on('forms').column('subject_id').unique().where(sql.ref('purpose'), '=', 'feedback').execute();

  const events: { id: string; title: string; language: string; created_by: string | null; ends_at: number | string }[] = await db
    .selectFrom('events')
    .select(['id', 'title', 'language', 'created_by', 'ends_at'])
    .where('id', 'in', db.selectFrom('event_feedback').select('event_id'))
    .orderBy('id')
    .execute();
  for (const event of events) {
    // The home community, as the event page lists its hosts: the first by name.
    const home = await db
      .selectFrom('event_communities')
      .innerJoin('communities', 'communities.id', 'event_communities.community_id')
      .select('communities.id')
      .where('event_communities.event_id', '=', event.id)
      .orderBy('communities.name')
      .orderBy('communities.id')
      .executeTakeFirst();
    // An event whose every host was deleted is reachable by nobody; its rows stay in event_feedback.
    if (!home) continue;
    const feedback: { user_id: string; rating: number; comment: string | null; created_at: number | string; role: string | null; region: string | null; organisation: string | null }[] = await db
      .selectFrom('event_feedback')
      .innerJoin('users', 'users.id', 'event_feedback.user_id')
      .leftJoin('profiles', 'profiles.user_id', 'users.id')
      .leftJoin('organisations', 'organisations.id', 'profiles.organisation_id')
      .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'users.id').on('memberships.community_id', '=', home.id).on('memberships.status', '=', 'active'))
      .select(['event_feedback.user_id', 'event_feedback.rating', 'event_feedback.comment', 'event_feedback.created_at', 'memberships.role', 'profiles.region', 'organisations.name as organisation'])
      .where('event_feedback.event_id', '=', event.id)
      .orderBy('event_feedback.created_at')
      .orderBy('event_feedback.user_id')
      .execute();
    const language = event.language === 'en' ? 'en' : 'fr';
    const formId = newId();
    const at = feedback.length ? Math.min(...feedback.map((f) => Number(f.created_at))) : Number(event.ends_at);
    await db
      .insertInto('forms')
      .values({
        id: formId,
        community_id: home.id,
        purpose: 'feedback',
        subject_id: event.id,
        title: titles[language](event.title).slice(0, 200),
        description: descriptions[language],
        language,
        status: 'open',
        opens_at: null,
        closes_at: null,
        anonymous: 0,
        audience: 'members',
        results_visible_to: 'animators',
        version: 1,
        reminded_at: null,
        answers_revision: 1,
        created_by: event.created_by,
        created_at: at,
        updated_at: at
      })
      .execute();
    await db.insertInto('form_versions').values({ form_id: formId, version: 1, definition: JSON.stringify(definition), created_at: at }).execute();
    const responses: Record<string, unknown>[] = [];
    const answers: Record<string, unknown>[] = [];
    for (const given of feedback) {
      const id = randomUUID();
      const when = Number(given.created_at);
      responses.push({
        id,
        form_id: formId,
        version: 1,
        user_id: given.user_id,
        segment_role: given.role ?? null,
        segment_region: given.region?.trim() || null,
        segment_organisation: given.organisation ?? null,
        submitted_at: when,
        updated_at: when
      });
      const base = { response_id: id, form_id: formId, position: 0, choice: null };
      answers.push({ ...base, question_id: 'satisfaction', number: Number(given.rating), text: null });
      const comment = given.comment?.trim();
      if (comment) answers.push({ ...base, question_id: 'comment', number: null, text: comment });
    }
    await insertAll(db, 'form_responses', responses);
    await insertAll(db, 'form_answers', answers);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const rows: { event_id: string; user_id: string; rating: number | string; comment: string | null; created_at: number | string }[] = await db
    .selectFrom('forms')
    .innerJoin('form_responses', 'form_responses.form_id', 'forms.id')
    .innerJoin('form_answers as rating', (join) => join.onRef('rating.response_id', '=', 'form_responses.id').on('rating.question_id', '=', 'satisfaction'))
    .leftJoin('form_answers as comment', (join) => join.onRef('comment.response_id', '=', 'form_responses.id').on('comment.question_id', '=', 'comment'))
    .innerJoin('events', 'events.id', 'forms.subject_id')
    .select(['forms.subject_id as event_id', 'form_responses.user_id', 'rating.number as rating', 'comment.text as comment', 'form_responses.updated_at as created_at'])
    .where('forms.purpose', '=', 'feedback')
    .where('form_responses.user_id', 'is not', null)
    .execute();
  for (const row of rows) {
    const values = { rating: Number(row.rating), comment: row.comment, created_at: Number(row.created_at) };
    await db
      .insertInto('event_feedback')
      .values({ event_id: row.event_id, user_id: row.user_id, ...values })
      .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet(values))
      .execute();
  }
  const forms = db.selectFrom('forms').select('id').where('purpose', '=', 'feedback');
  await db.deleteFrom('form_answers').where('form_id', 'in', forms).execute();
  await db.deleteFrom('form_responses').where('form_id', 'in', forms).execute();
  await db.deleteFrom('form_participations').where('form_id', 'in', forms).execute();
  await db.deleteFrom('form_prompts').where('form_id', 'in', forms).execute();
  await db.deleteFrom('form_versions').where('form_id', 'in', forms).execute();
  await db.deleteFrom('forms').where(sql.ref('purpose'), '=', 'feedback').execute();
  await db.schema.dropIndex('forms_feedback_subject').execute();
}
