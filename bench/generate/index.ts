// Builds a fresh instance at a scale: migrations through the application's own code, the accounts
// the scenarios sign in with through provisionAccount (real passwords and API tokens), then every
// other row in bulk, step by step. Capabilities that do not exist yet have their step listed as
// "not built yet", so that they plug in here when they arrive.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Actor } from '../../src/lib/server/auth/actor';
import type { AppModules } from '../app-modules';
import { Random } from '../random';
import type { Scale } from '../scales';
import { databaseSize, type GenerationSummary, type Instance, type Manifest } from '../instance';
import { generateMembers, generateOrganisations } from './accounts';
import { generateCommunities } from './communities';
import { generatePublications } from './publications';
import { generateEvents } from './events';
import { generateResources } from './library';
import { generateNotebooks } from './notebooks';
import { generateSurveys } from './surveys';
import { generatePolls } from './polls';
import { buildSearchIndex } from './search';
import { buildTextPools } from './texts';
import { verifyInvariants } from './verify';
import { DAY, type BenchReader, type Context } from './model';
import { hasTable, PostgresWriter, SqliteWriter, type BulkWriter, type Table } from './writer';

/** Tables loaded in bulk: their secondary indexes are rebuilt once at the end. */
const bulkTables: Table[] = [
  'users', 'accounts', 'profiles', 'organisations', 'communities', 'memberships', 'animator_terms', 'community_partners', 'community_visits',
  'posts', 'post_communities', 'comments', 'revisions', 'reactions', 'post_tags', 'post_follows', 'post_reads', 'journal',
  'resources', 'resource_authors', 'resource_communities', 'resource_categories', 'resource_revisions', 'resource_links', 'resource_applications',
  'notebooks', 'notebook_members', 'notebook_items', 'notebook_communities', 'notebook_categories',
  'events', 'event_communities', 'event_organisers', 'event_presenters', 'event_tags', 'registrations', 'event_reminders_sent',
  'forms', 'form_versions', 'form_responses', 'form_answers',
  'polls', 'poll_options', 'poll_votes'
];

/** `needs`: a table the step writes, absent from commits older than its capability (the step is then "not built yet"). */
type Step = { name: string; needs?: Table; run: ((ctx: Context, shared: Shared) => Promise<void>) | null };
type Shared = { organisationIds: string[] };

const steps: Step[] = [
  { name: 'organisations', run: async (ctx, shared) => void (shared.organisationIds = await generateOrganisations(ctx)) },
  { name: 'members (users, credentials, profiles)', run: async (ctx, shared) => generateMembers(ctx, shared.organisationIds) },
  { name: 'communities and memberships', run: async (ctx, shared) => generateCommunities(ctx, shared.organisationIds) },
  { name: 'publications, comments, reactions, reads, follows, tags', run: async (ctx) => generatePublications(ctx, buildTextPools(ctx.random)) },
  { name: 'resources and notebooks (library)', needs: 'resources', run: async (ctx) => generateNotebooks(ctx, await generateResources(ctx)) },
  { name: 'events and registrations', needs: 'events', run: async (ctx) => generateEvents(ctx) },
  { name: 'needs survey and its responses', needs: 'forms', run: async (ctx) => generateSurveys(ctx) },
  { name: 'a poll in a publication and its votes', needs: 'polls', run: async (ctx) => generatePolls(ctx) }
  // Digest choices and watermarks are not generated here: they only make sense relative to the moment
  // of a run, so scenario 8 sets them up just before it (load/digests.ts).
];

const READERS = { many: 6, few: 2 };

async function provisionBenchAccounts(app: AppModules, instance: Instance): Promise<{ admin: Manifest['admin'] & { id: string }; readers: BenchReader[] }> {
  const { generatePassword, provisionAccount } = app.provision;
  const db = app.db.createDb(instance.databaseUrl, { poolSize: 2 });
  try {
    await app.migrate.migrateToLatest(db);
    const adminPassword = generatePassword();
    const admin = { email: 'admin@bench.ruche.local', password: adminPassword, id: '' };
    admin.id = (await provisionAccount(db, { email: admin.email, name: 'Administration Banc d’essai', password: adminPassword, role: 'admin', locale: 'fr' })).id;
    const readers: BenchReader[] = [];
    for (const kind of ['many', 'few'] as const) {
      for (let n = 1; n <= READERS[kind]; n++) {
        const email = `lecteur-${kind}-${n}@bench.ruche.local`;
        const name = `Lecteur ${kind === 'many' ? 'Assidu' : 'Discret'} ${n}`;
        const password = generatePassword();
        const { id } = await provisionAccount(db, { email, name, password, role: 'member', locale: 'fr' });
        const actor: Actor = { id, name, email, role: 'member', locale: 'fr', emailVerified: true };
        const { secret } = await app.tokens.createToken(db, actor, { name: 'bench' });
        readers.push({ id, name, email, password, token: secret, kind });
      }
    }
    return { admin, readers };
  } finally {
    await db.destroy();
  }
}

async function openWriter(instance: Instance): Promise<BulkWriter> {
  if (instance.dialect === 'sqlite') return new SqliteWriter(new SQLite(instance.databaseUrl.replace(/^sqlite:(\/\/)?/, '')));
  const client = new pg.Client({ connectionString: instance.databaseUrl });
  await client.connect();
  const writer = new PostgresWriter(client);
  await writer.prepare();
  return writer;
}

export type GenerateOptions = { scale: Scale; seed: number; verify: boolean; app: AppModules; progress: (message: string) => void };

export async function generateInstance(instance: Instance, options: GenerateOptions): Promise<Manifest> {
  const started = performance.now();
  const now = Date.now();
  const { admin, readers } = await provisionBenchAccounts(options.app, instance);
  const writer = await openWriter(instance);
  const ctx: Context = {
    scale: options.scale,
    random: new Random(options.seed),
    writer,
    dataDir: instance.dataDir,
    now,
    start: now - 730 * DAY,
    users: [],
    communities: [],
    readers,
    admin,
    targets: { publicCommunity: '', thread: null, writePosts: [], fewCommunity: '' },
    progress: options.progress
  };
  const summary: GenerationSummary = { seconds: 0, steps: [], rows: {}, indexesRebuilt: 0, sizeBytes: 0, violations: [], verified: false };
  let schemaBefore: string[] = [];
  try {
    schemaBefore = await writer.schemaSnapshot();
    await writer.dropSecondaryIndexes(bulkTables);
    const shared: Shared = { organisationIds: [] };
    for (const step of steps) {
      if (!step.run || (step.needs && !(await hasTable(writer, step.needs)))) {
        summary.steps.push({ name: step.name, seconds: 0, status: 'not built yet' });
        continue;
      }
      const stepStarted = performance.now();
      if (step.name.startsWith('communities')) {
        // The bench readers take part like members (they were provisioned with real passwords above).
        for (const reader of readers) ctx.users.push({ id: reader.id, name: reader.name, email: reader.email, locale: 'fr', createdAt: ctx.start - 30 * DAY, activity: 0, communities: [], provisioned: true });
      }
      await step.run(ctx, shared);
      await writer.flush();
      const seconds = (performance.now() - stepStarted) / 1000;
      summary.steps.push({ name: step.name, seconds, status: 'built' });
      options.progress(`${step.name}: ${seconds.toFixed(1)} s`);
    }
    ctx.targets.publicCommunity = ctx.communities[0]!.slug;
    const indexStarted = performance.now();
    summary.indexesRebuilt = await writer.restoreIndexes();
    summary.steps.push({ name: `indexes (${summary.indexesRebuilt} rebuilt)`, seconds: (performance.now() - indexStarted) / 1000, status: 'built' });
    options.progress(`indexes: ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`);
    // Every index and table back as the migrations made them: FTS5's virtual table and shadow tables
    // and PostgreSQL's GIN indexes (never dropped), the secondary indexes (dropped and recreated).
    const schemaAfter = await writer.schemaSnapshot();
    const lost = schemaBefore.filter((line) => !schemaAfter.includes(line));
    const added = schemaAfter.filter((line) => !schemaBefore.includes(line));
    for (const line of lost) summary.violations.push({ rule: `schema: lost by the index rebuild: ${line}`, rows: 1 });
    for (const line of added) summary.violations.push({ rule: `schema: not made by the migrations: ${line}`, rows: 1 });
    if (options.verify) {
      const verifyStarted = performance.now();
      summary.violations.push(...(await verifyInvariants(writer)));
      summary.verified = true;
      options.progress(`invariants checked in ${((performance.now() - verifyStarted) / 1000).toFixed(1)} s: ${summary.violations.length === 0 ? 'all hold' : JSON.stringify(summary.violations)}`);
    }
    summary.rows = Object.fromEntries([...writer.written].sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await writer.close();
  }
  // The search index, by the application's own reindexAll once the rows and their indexes are in
  // place (the writer closed: on SQLite it held the only write transaction).
  const searchStarted = performance.now();
  const search = await buildSearchIndex(options.app, instance, { readers }, { builtOn: 'generation', migrate: false, progress: options.progress });
  if (search) {
    summary.search = search.summary;
    summary.steps.push({ name: `search index (reindexAll: ${search.summary.documents} documents)`, seconds: (performance.now() - searchStarted) / 1000, status: 'built' });
    if (options.verify) summary.violations.push(...search.violations);
  } else {
    summary.steps.push({ name: 'search index', seconds: 0, status: 'not built yet' });
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.sizeBytes = await databaseSize(instance);
  return {
    scale: options.scale.name,
    dialect: instance.dialect,
    seed: options.seed,
    generatedAt: new Date(now).toISOString(),
    generation: summary,
    admin: { email: admin.email, password: admin.password },
    readers,
    targets: ctx.targets
  };
}
