// The forms engine (issue 18): surveys, welcome surveys, polls, quizzes and feedback share one model.
// A form belongs to a community; what it asks is stored as versioned JSON definitions, and a
// response keeps the version it answered, so editing a form that has responses never changes what
// those responses meant. Answers are rows (one per chosen choice, per ranked choice, per number or
// text) so that results are counted in SQL at any size.
//
// Anonymity: an anonymous form's responses have no member column at all. Who took part is a
// separate mark (`form_participations`) with only the day, and a response's dates are the day too;
// the response's id is random, and on SQLite the responses table is WITHOUT ROWID, so that not even
// the storage order pairs a mark with a response.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    // survey, welcome, feedback, poll, quiz
    .addColumn('purpose', 'text', (c) => c.notNull())
    // The event or publication a feedback form, a poll or a quiz belongs to.
    .addColumn('subject_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // draft, open, closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'bigint')
    .addColumn('closes_at', 'bigint')
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    // members, public (visitors without an account may answer)
    .addColumn('audience', 'text', (c) => c.notNull())
    // animators, respondents
    .addColumn('results_visible_to', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reminded_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_community').on('forms').columns(['community_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('forms_subject').on('forms').columns(['subject_id']).execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('form_versions_pk', ['form_id', 'version'])
    .execute();

  let responses = db.schema
    .createTable('form_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // Null for an anonymous response and for a visitor's.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    // The respondent's segment when they answered (role in the community, region, organisation),
    // for the results' filters; groups smaller than five are never shown.
    .addColumn('segment_role', 'text')
    .addColumn('segment_region', 'text')
    .addColumn('segment_organisation', 'text')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  if (sqlite) responses = responses.modifyEnd(sql`WITHOUT ROWID`);
  await responses.execute();
  await db.schema.createIndex('form_responses_member').on('form_responses').columns(['form_id', 'user_id']).unique().execute();

  await db.schema
    .createTable('form_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('form_responses.id').onDelete('cascade'))
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    // The place of a chosen choice, or the rank of a ranked one (1 is first).
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('choice', 'text')
    .addColumn('number', 'integer')
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('form_answers_pk', ['response_id', 'question_id', 'position'])
    .execute();
  await db.schema.createIndex('form_answers_results').on('form_answers').columns(['form_id', 'question_id', 'choice']).execute();

  await db.schema
    .createTable('form_participations')
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The day only (midnight UTC): an exact time would pair it with its response.
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('form_participations_pk', ['form_id', 'user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_participations').execute();
  await db.schema.dropTable('form_answers').execute();
  await db.schema.dropTable('form_responses').execute();
  await db.schema.dropTable('form_versions').execute();
  await db.schema.dropTable('forms').execute();
}
