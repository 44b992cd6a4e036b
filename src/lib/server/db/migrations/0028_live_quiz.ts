// Live questions during an activity (issue 18, use 4): the animator runs questions one at a time
// from the event's page — quiz questions with a right answer, or poll questions without — and
// participants answer on their phones. One session per event holds where it stands; its questions
// in order; one answer per participant and question.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_sessions')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
    // draft, running, finished
    .addColumn('status', 'text', (c) => c.notNull())
    // The question shown (its position), null before the start.
    .addColumn('current', 'integer')
    // answering, revealed
    .addColumn('phase', 'text', (c) => c.notNull())
    // named (first names on the scoreboard) or anonymous (each sees only their own score)
    .addColumn('scoring', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('live_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('live_sessions.event_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    // A JSON array of the choices' labels, in order.
    .addColumn('options', 'text', (c) => c.notNull())
    // The right choice's index for a quiz question; null for a poll question.
    .addColumn('correct', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('live_questions_position', ['event_id', 'position'])
    .execute();

  await db.schema
    .createTable('live_answers')
    .addColumn('question_id', 'text', (c) => c.notNull().references('live_questions.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_answers_pk', ['question_id', 'user_id'])
    .execute();
  // Scores: a participant's answers over the session.
  await db.schema.createIndex('live_answers_scores').on('live_answers').columns(['event_id', 'user_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_answers').execute();
  await db.schema.dropTable('live_questions').execute();
  await db.schema.dropTable('live_sessions').execute();
}
