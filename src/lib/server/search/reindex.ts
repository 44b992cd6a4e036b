// `ruche search reindex`: every searchable thing indexed again from its own rows, in short
// transactions of a few hundred so the instance keeps serving, with where it got to stored after each
// batch so that an interrupted run resumes there. Documents whose thing no longer exists are swept.
import { sql } from 'kysely';
import type { DB } from '../db';
import type { SearchKind } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { now } from '../ids';
import { indexers } from './documents';
import { removeDocuments } from './engines';

const batchSize = 400;

/** The job that builds the index of an instance that had content before search came (migration 0019). */
export const REINDEX_JOB = 'search.reindex';

/** Where each kind's ids come from, in the order the run walks them. */
const sources: Record<SearchKind, { table: 'posts' | 'comments' | 'resources' | 'events' | 'communities' | 'users' | 'messages' | 'initiatives' }> = {
  community: { table: 'communities' },
  member: { table: 'users' },
  post: { table: 'posts' },
  comment: { table: 'comments' },
  resource: { table: 'resources' },
  event: { table: 'events' },
  initiative: { table: 'initiatives' },
  message: { table: 'messages' }
};
export const reindexOrder = Object.keys(sources) as SearchKind[];

export type ReindexProgress = { kind: SearchKind; done: number; total: number };

/**
 * Indexes everything again. Without `restart`, a run that was interrupted goes on from its last
 * batch; a finished run starts over. `onProgress` is called after every batch.
 */
export async function reindexAll(db: DB, options: { restart?: boolean; onProgress?: (p: ReindexProgress) => void } = {}): Promise<{ indexed: number; swept: number }> {
  const state = await db.selectFrom('search_reindex').selectAll().execute();
  const finished = state.length === reindexOrder.length && state.every((s) => s.finished_at !== null);
  if (options.restart || finished) await db.deleteFrom('search_reindex').execute();
  let indexed = 0;
  for (const kind of reindexOrder) {
    const table = sources[kind].table;
    let progress = await db.selectFrom('search_reindex').selectAll().where('kind', '=', kind).executeTakeFirst();
    if (progress?.finished_at) continue;
    if (!progress) {
      progress = { kind, after_id: null, done: 0, started_at: now(), finished_at: null };
      await db.insertInto('search_reindex').values(progress).execute();
    }
    const { count } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const total = Number(count);
    let after = progress.after_id;
    let done = progress.done;
    for (;;) {
      let ids = db.selectFrom(table).select('id').orderBy('id').limit(batchSize);
      if (after !== null) ids = ids.where('id', '>', after);
      const batch = (await ids.execute()).map((r) => r.id);
      if (batch.length === 0) break;
      after = batch.at(-1)!;
      done += batch.length;
      await db.transaction().execute(async (tx) => {
        for (const id of batch) await indexers[kind](tx, id);
        await tx.updateTable('search_reindex').set({ after_id: after, done }).where('kind', '=', kind).execute();
      });
      indexed += batch.length;
      options.onProgress?.({ kind, done, total });
    }
    await db.updateTable('search_reindex').set({ finished_at: now() }).where('kind', '=', kind).execute();
    options.onProgress?.({ kind, done, total: Math.max(total, done) });
  }
  const swept = await db.transaction().execute((tx) => sweepOrphans(tx));
  return { indexed, swept };
}

/** Removes the documents of things that are gone (a community deleted with everything in it). */
export async function sweepOrphans(tx: Executor): Promise<number> {
  const { count: before } = await tx.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  for (const kind of reindexOrder) {
    const table = sources[kind].table;
    await removeDocuments(tx, (eb) =>
      eb.and([eb('kind', '=', kind), eb.not(eb.exists(eb.selectFrom(table).select(sql.lit(1).as('one')).whereRef(`${table}.id` as 'posts.id', '=', 'search_documents.object_id')))])
    );
  }
  const { count: after } = await tx.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(before) - Number(after);
}
