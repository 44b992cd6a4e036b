// `npm run bench -- --queries --reuse …`: the database side of each scenario, query by query. It calls
// the same domain functions as the pages (in this process, without HTTP), times every SQL statement
// through Kysely's log hook, and shows the plan of the slowest ones — the place to look when a
// scenario misses its target.
import { Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/lib/server/auth/actor';
import type { DB } from '../src/lib/server/db';
import type { Database } from '../src/lib/server/db/schema';
import type { AppModules } from './app-modules';
import type { Instance, Manifest } from './instance';
import { searchQueries } from './load/scenarios';

type Sample = { sql: string; ms: number };
type Case = { name: string; run: (db: DB) => Promise<unknown> };

export type QueryReport = {
  name: string;
  calls: number;
  medianMs: number;
  queriesPerCall: number;
  /** Time per call spent executing its statements; the rest is JavaScript (building queries, mapping rows). */
  statementMsPerCall: number;
  top: { sql: string; perCall: number; meanMs: number; shareOfTime: number; plan: string[] }[];
};

function actorOf(manifest: Manifest, kind: 'many' | 'few'): Actor {
  const reader = manifest.readers.find((r) => r.kind === kind)!;
  return { id: reader.id, name: reader.name, email: reader.email, role: 'member', locale: 'fr', emailVerified: true };
}

function cases(app: AppModules, manifest: Manifest): Case[] {
  const { findCommunity } = app.access;
  const { memberCount, pendingInvitations } = app.communities;
  const { addComment, communityFeed, homeFeed, readPost, unreadCounts } = app.posts;
  const { communityAtom } = app.atom;
  const many = actorOf(manifest, 'many');
  const few = actorOf(manifest, 'few');
  const slug = manifest.targets.publicCommunity;
  const thread = manifest.targets.thread ?? '';
  const writeTo = manifest.targets.writePosts[manifest.targets.writePosts.length - 1] ?? '';
  const communityPage = async (db: DB, actor: Actor | null) => {
    const relation = await findCommunity(db, actor, slug);
    await memberCount(db, relation.community.id);
    if (actor) await unreadCounts(db, actor, [relation.community.id]);
    await communityFeed(db, actor, slug, { order: 'activity', unanswered: false }, { limit: 5 });
  };
  return [
    { name: 'community-anon: /c/{slug}', run: (db) => communityPage(db, null) },
    { name: 'feed-all: / as a member of most communities', run: async (db) => [await pendingInvitations(db, many), await homeFeed(db, many, { scope: 'all', order: 'activity' }, { limit: 20 })] },
    { name: 'feed-mine: /?scope=mine, same member', run: (db) => homeFeed(db, many, { scope: 'mine', order: 'activity' }, { limit: 20 }) },
    { name: 'feed-mine-few: /?scope=mine, member of one small community', run: (db) => homeFeed(db, few, { scope: 'mine', order: 'activity' }, { limit: 20 }) },
    { name: 'thread-anon: /p/{id} with 50 comments', run: (db) => readPost(db, null, thread) },
    { name: 'thread-member: /p/{id}, signed in (marks read)', run: (db) => readPost(db, many, thread) },
    { name: 'atom: /c/{slug}/feed.atom', run: (db) => communityAtom(db, slug) },
    ...libraryCases(app, manifest, many),
    ...eventCases(app, manifest, many),
    ...searchCases(app, many),
    ...surveyCases(app, manifest, many),
    ...pollCases(app, manifest, many),
    { name: 'comment: addComment', run: (db) => addComment(db, many, writeTo, { body: 'Merci, très utile pour notre équipe !' }) }
  ];
}

/** What /library, /r/{id} and /n/{id} call (their load functions), when the instance has a library. */
function libraryCases(app: AppModules, manifest: Manifest, many: Actor): Case[] {
  if (!app.library || !manifest.targets.resource) return [];
  const { categoriesInUse, listNotebooks, listResources, readNotebook, readResource } = app.library;
  // The page also lists the communities to filter by (library/targets.ts, being written): left out here.
  const libraryPage = async (db: DB, actor: Actor | null) => {
    await listResources(db, actor, { sort: 'recent' }, { limit: 20 });
    await categoriesInUse(db, actor);
    await listNotebooks(db, actor, { mine: true, limit: 12 });
  };
  const resource = manifest.targets.resource;
  const notebook = manifest.targets.notebook ?? '';
  return [
    { name: 'library: /library, anonymous', run: (db) => libraryPage(db, null) },
    { name: 'library-signed-in: /library as a member of most communities', run: (db) => libraryPage(db, many) },
    { name: 'resource: /r/{id}, anonymous', run: (db) => readResource(db, null, resource) },
    { name: 'notebook: /n/{id}, anonymous', run: (db) => readNotebook(db, null, notebook, { sort: 'position' }) }
  ];
}

/** What /c/{slug}/events.ics and /agenda call, when the instance has events. */
function eventCases(app: AppModules, manifest: Manifest, many: Actor): Case[] {
  if (!app.events) return [];
  const { communityCalendar, listEvents } = app.events;
  return [
    { name: 'community-ics: /c/{slug}/events.ics', run: (db) => communityCalendar(db, manifest.targets.publicCommunity) },
    { name: 'agenda: /agenda as a member of most communities', run: (db) => listEvents(db, many, { mine: false, when: 'upcoming' }, { limit: 20 }) }
  ];
}

/** What /search?q= calls (its load function: the reader's communities for the filter, then the search), when the source tree has search. */
function searchCases(app: AppModules, many: Actor): Case[] {
  if (!app.search) return [];
  const { search } = app.search.search;
  const { listCommunities } = app.communities;
  return searchQueries.map((query) => ({
    name: `${query.id}: /search?q=${query.q} as a member of most communities`,
    run: async (db: DB) => [await listCommunities(db, many, { mine: true }, { limit: 100 }), await search(db, many, { q: query.q })]
  }));
}

/** What /f/{id}/results (its layout and load) and the answer endpoint call, when the instance has the needs survey. */
function surveyCases(app: AppModules, manifest: Manifest, many: Actor): Case[] {
  const survey = manifest.targets.survey;
  if (!app.forms || !survey?.animators[0]) return [];
  const { formResults, getForm, submitResponse } = app.forms;
  const { findCommunityView } = app.communities;
  const lead = survey.animators[0];
  const animator: Actor = { id: lead.id, name: lead.name, email: lead.email, role: 'member', locale: 'fr', emailVerified: true };
  const answers = { answers: { experience: 'some', topics: ['practice', 'tools'], formats: ['workshop', 'webinar', 'discussion', 'cinq_a_sept'], times: ['noon'], time: 3, help: 'no' } };
  return [
    {
      name: `survey-results: /f/{id}/results as an animator (${survey.responses} responses)`,
      run: async (db) => [await getForm(db, animator, survey.id), await findCommunityView(db, animator, survey.community), await formResults(db, animator, survey.id, {}, 'fr')]
    },
    { name: 'survey-answer: submitResponse, a member changing their answers', run: (db) => submitResponse(db, { actor: many }, survey.id, answers) }
  ];
}

/** What /p/{id} of the poll's publication calls (its load, for a member who voted) and the vote endpoint, when the instance has the poll. */
function pollCases(app: AppModules, manifest: Manifest, many: Actor): Case[] {
  const poll = manifest.targets.poll;
  if (!app.polls || !app.library || !poll) return [];
  const { pollsOf, vote } = app.polls;
  const { readPost } = app.posts;
  const { resourcesDiscussedIn } = app.library;
  let turn = 0;
  return [
    {
      name: `poll-results: /p/{id} carrying the poll, as a member who voted (${poll.voters} voters)`,
      run: async (db) => [await readPost(db, many, poll.id), await resourcesDiscussedIn(db, many, poll.id), await pollsOf(db, many, [poll.id])]
    },
    // Its twin without a poll: the difference is what the poll adds to the thread's load.
    { name: 'poll-thread-plain: the same load for the twin publication without a poll', run: async (db) => [await readPost(db, many, poll.twin), await resourcesDiscussedIn(db, many, poll.twin), await pollsOf(db, many, [poll.twin])] },
    // Back and forth between two choices, as the load scenario does: every call changes the vote.
    { name: 'poll-vote: vote, a member changing their vote', run: (db) => vote(db, many, poll.id, [poll.options[1 + (turn++ % 2)]!]) }
  ];
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function plan(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', statement: string, parameters: readonly unknown[]): Promise<string[]> {
  if (!/^\s*select/i.test(statement)) return [];
  try {
    if (dialect === 'sqlite') {
      const rows = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${inline(statement, parameters, '?')}`).execute(db);
      return rows.rows.map((r) => r.detail);
    }
    const rows = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${inline(statement, parameters, '$')}`).execute(db);
    return rows.rows.map((r) => r['QUERY PLAN']);
  } catch (error) {
    return [`(no plan: ${error instanceof Error ? error.message : String(error)})`];
  }
}

/** The statement with its parameters written in, for EXPLAIN (values are our own, not user input). */
function inline(statement: string, parameters: readonly unknown[], style: '?' | '$'): string {
  const literal = (value: unknown) => (typeof value === 'number' ? String(value) : value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);
  if (style === '?') {
    let i = 0;
    return statement.replace(/\?/g, () => literal(parameters[i++]));
  }
  return statement.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
}

/**
 * A Kysely of its own on the instance, with a log hook that times each statement inside the driver
 * (Kysely's stock dialects: statements queued behind the single SQLite connection are not charged
 * for the wait, and begin/commit show up). The application's own database object differs only in
 * taking SQLite's write lock at `begin` and in a plugin that strips NUL characters from parameters.
 */
export async function profileQueries(app: AppModules, instance: Instance, manifest: Manifest, calls = 20): Promise<QueryReport[]> {
  const { openSqlite, setDb, sqlitePath } = app.db;
  let samples: (Sample & { parameters: readonly unknown[] })[] = [];
  const log = (event: LogEvent) => {
    if (event.level === 'query') samples.push({ sql: normalise(event.query.sql), ms: event.queryDurationMillis, parameters: event.query.parameters });
  };
  const db: DB =
    instance.dialect === 'sqlite'
      ? new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(sqlitePath(instance.databaseUrl)) }), log })
      : new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: instance.databaseUrl, max: 4 }) }), log });
  setDb(db);
  const reports: QueryReport[] = [];
  try {
    for (const c of cases(app, manifest)) {
      for (let i = 0; i < 3; i++) await c.run(db);
      samples = [];
      const durations: number[] = [];
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        await c.run(db);
        durations.push(performance.now() - started);
      }
      const taken = samples;
      durations.sort((a, b) => a - b);
      const bySql = new Map<string, { total: number; count: number; parameters: readonly unknown[] }>();
      for (const s of taken) {
        const entry = bySql.get(s.sql) ?? { total: 0, count: 0, parameters: s.parameters };
        entry.total += s.ms;
        entry.count += 1;
        bySql.set(s.sql, entry);
      }
      const allMs = taken.reduce((sum, s) => sum + s.ms, 0);
      const ranked = [...bySql].sort(([, a], [, b]) => b.total - a.total).slice(0, 4);
      const top = [];
      for (const [statement, entry] of ranked) {
        top.push({ sql: statement, perCall: entry.count / calls, meanMs: entry.total / entry.count, shareOfTime: allMs > 0 ? entry.total / allMs : 0, plan: await plan(db, instance.dialect, statement, entry.parameters) });
      }
      reports.push({ name: c.name, calls, medianMs: durations[Math.floor(calls / 2)]!, queriesPerCall: taken.length / calls, statementMsPerCall: allMs / calls, top });
    }
  } finally {
    setDb(null);
    await db.destroy();
  }
  return reports;
}

export function formatQueryReports(reports: QueryReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`\n${r.name}: ${r.medianMs.toFixed(2)} ms per call (median of ${r.calls}), ${r.queriesPerCall.toFixed(1)} statements per call, ${r.statementMsPerCall.toFixed(2)} ms in them on average (parallel ones overlap)`);
    for (const q of r.top) {
      lines.push(`  ${(q.shareOfTime * 100).toFixed(0).padStart(3)} % of query time, ${q.perCall.toFixed(1)}×/call, ${q.meanMs.toFixed(3)} ms each: ${q.sql.slice(0, 400)}${q.sql.length > 400 ? '…' : ''}`);
      for (const step of q.plan.slice(0, 12)) lines.push(`        ${step}`);
    }
  }
  return lines.join('\n');
}
