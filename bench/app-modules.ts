// The application code the generator and the query timings call (migrations, provisionAccount, tokens,
// the feeds…), loaded from a source tree chosen at run time: the project itself, or the commit exported
// by `--build head`, so that the instance is migrated by the very code the measured server runs.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type DbModule = typeof import('../src/lib/server/db');
type MigrateModule = typeof import('../src/lib/server/db/migrate');
type ProvisionModule = typeof import('../src/lib/server/auth/provision');
type TokensModule = typeof import('../src/lib/server/tokens');
type AccessModule = typeof import('../src/lib/server/access');
type CommunitiesModule = typeof import('../src/lib/server/communities');
type PostsModule = typeof import('../src/lib/server/posts');
type AtomModule = typeof import('../src/lib/server/posts/atom');
type LibraryModule = typeof import('../src/lib/server/library');
type EventsModule = typeof import('../src/lib/server/events');
type DigestsModule = typeof import('../src/lib/server/digests');
type SearchReindexModule = typeof import('../src/lib/server/search/reindex');
type SearchModule = typeof import('../src/lib/server/search/search');
type SearchQueryModule = typeof import('../src/lib/server/search/query');
type FormsModule = typeof import('../src/lib/server/forms');
type PollsModule = typeof import('../src/lib/server/polls');

export type AppModules = {
  db: DbModule;
  migrate: MigrateModule;
  provision: ProvisionModule;
  tokens: TokensModule;
  access: AccessModule;
  communities: CommunitiesModule;
  posts: PostsModule;
  atom: AtomModule;
  /** null in a commit from before the library (`--build COMMIT`). */
  library: LibraryModule | null;
  /** null in a commit from before events. */
  events: EventsModule | null;
  /** null in a commit from before digests. */
  digests: DigestsModule | null;
  /** null in a commit from before search (issue 17): `reindexAll`, `search` and the query parser. */
  search: { reindex: SearchReindexModule; search: SearchModule; query: SearchQueryModule } | null;
  /** null in a commit from before the forms engine (issue 18). */
  forms: FormsModule | null;
  /** null in a commit from before polls in publications (issue 18). */
  polls: PollsModule | null;
};

export async function loadAppModules(sourceRoot: string): Promise<AppModules> {
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(sourceRoot, 'src', 'lib', 'server', file)).href)) as T;
  return {
    db: await load<DbModule>('db/index.ts'),
    migrate: await load<MigrateModule>('db/migrate.ts'),
    provision: await load<ProvisionModule>('auth/provision.ts'),
    tokens: await load<TokensModule>('tokens/index.ts'),
    access: await load<AccessModule>('access/index.ts'),
    communities: await load<CommunitiesModule>('communities/index.ts'),
    posts: await load<PostsModule>('posts/index.ts'),
    atom: await load<AtomModule>('posts/atom.ts'),
    library: fs.existsSync(path.join(sourceRoot, 'src/lib/server/library/index.ts')) ? await load<LibraryModule>('library/index.ts') : null,
    events: fs.existsSync(path.join(sourceRoot, 'src/lib/server/events/index.ts')) ? await load<EventsModule>('events/index.ts') : null,
    digests: fs.existsSync(path.join(sourceRoot, 'src/lib/server/digests/index.ts')) ? await load<DigestsModule>('digests/index.ts') : null,
    search: fs.existsSync(path.join(sourceRoot, 'src/lib/server/search/reindex.ts'))
      ? { reindex: await load<SearchReindexModule>('search/reindex.ts'), search: await load<SearchModule>('search/search.ts'), query: await load<SearchQueryModule>('search/query.ts') }
      : null,
    forms: fs.existsSync(path.join(sourceRoot, 'src/lib/server/forms/index.ts')) ? await load<FormsModule>('forms/index.ts') : null,
    polls: fs.existsSync(path.join(sourceRoot, 'src/lib/server/polls/index.ts')) ? await load<PollsModule>('polls/index.ts') : null
  };
}
