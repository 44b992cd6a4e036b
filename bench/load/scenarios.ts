// The load scenarios of issue 8, in the order they run. Each names its requests (one per connection,
// so signed-in load is spread over several members) and what its first answer must contain, so that
// a lost cookie or an error page cannot pass for a fast page. Scenarios whose capability does not
// exist yet are listed apart and reported as "not built yet".
import type { Request } from 'autocannon';
import type { Manifest } from '../instance';

export type ScenarioContext = { origin: string; manifest: Manifest; cookies: Map<string, string>; /** What `prepare` found (an ETag…), by scenario id. */ found: Map<string, string> };

export type Scenario = {
  id: string;
  /** The scenario's number in issue 8. */
  number: string;
  title: string;
  /** `write` scenarios run last, on a server whose log is on so its errors can be counted. */
  phase: 'read' | 'write';
  connections: number;
  route: string;
  expectStatus: number;
  /** One per connection (connection k sends the k-th, modulo); a list is sent in turn by its connection. */
  requests(ctx: ScenarioContext): (Request | Request[])[];
  /** Run once before the check: fetches what the requests need (the ETag a calendar would hold). */
  prepare?(ctx: ScenarioContext): Promise<void>;
  /** What the first answer must contain. */
  check(body: string, ctx: ScenarioContext): boolean;
};

const html = { accept: 'text/html' };

function readers(ctx: ScenarioContext, kind: 'many' | 'few') {
  return ctx.manifest.readers.filter((r) => r.kind === kind);
}

function asReaders(ctx: ScenarioContext, kind: 'many' | 'few', path: string): Request[] {
  return readers(ctx, kind).map((reader) => ({ method: 'GET', path, headers: { ...html, cookie: ctx.cookies.get(reader.email) ?? '' } }));
}

/**
 * The searches of issue 17, words taken from the generator's corpus (generate/corpus.ts): their
 * frequency there is what makes them common or rare, and the generator records how many documents
 * each one matches for a `many` reader (generation.search.matches in the results).
 */
export const searchQueries: { id: string; q: string; title: string }[] = [
  { id: 'search-common', q: 'rencontre', title: 'search a common word' },
  { id: 'search-rare', q: 'interprète', title: 'search a rare word' },
  { id: 'search-two-words', q: 'suivi rencontre', title: 'search two common words (both required)' },
  { id: 'search-prefix', q: 'renc', title: 'search while typing: the first 4 letters of a common word (prefix)' }
];
const searchPath = (q: string) => `/search?q=${encodeURIComponent(q)}`;
const searchHits = (body: string) => (body.match(/<li class="card">/g) ?? []).length;

/** The needs survey (issue 18); an instance generated before it has none, and is told to be generated again. */
const survey = (ctx: ScenarioContext) => ctx.manifest.targets.survey ?? null;
const needSurvey = async (ctx: ScenarioContext) => {
  if (!survey(ctx)) throw new Error('this instance was generated before the needs survey (issue 18): generate it again (without --reuse)');
};
/** The needs survey's questions, sections aside: each has its block on the results page. */
const surveyQuestions = ['expectations', 'experience', 'topics', 'formats', 'times', 'time', 'help', 'help_topic'];
/** A member's answers as the API takes them; `k` varies them from one connection to the next. */
const surveyAnswers = (k: number) =>
  JSON.stringify({
    answers: {
      experience: ['new', 'some', 'long'][k % 3],
      expectations: 'Des outils concrets et des échanges avec les autres régions.',
      topics: k % 2 ? ['practice', 'tools', 'other'] : ['research', 'policy'],
      formats: k % 2 ? ['workshop', 'webinar', 'discussion', 'cinq_a_sept'] : ['webinar', 'discussion', 'cinq_a_sept', 'workshop'],
      times: ['noon', 'evening'],
      time: 1 + (k % 5),
      help: k % 2 ? 'yes' : 'no',
      ...(k % 2 ? { help_topic: 'Un atelier sur nos outils' } : {})
    },
    other: k % 2 ? { topics: 'Recrutement de personnel bilingue' } : {}
  });

/** The poll in a publication (issue 18, use 3); an instance generated before it has none. */
const poll = (ctx: ScenarioContext) => ctx.manifest.targets.poll ?? null;
const needPoll = async (ctx: ScenarioContext) => {
  if (!poll(ctx)) throw new Error('this instance was generated before the poll (issue 18): generate it again (without --reuse)');
};
/** The number in « N personnes ont voté » (digits grouped with a narrow no-break space in French), or null without it. */
const votersShown = (body: string) => {
  const found = /<strong>([\d\s\u00a0\u202f.,]+) personnes ont voté<\/strong>/.exec(body);
  return found ? Number(found[1]!.replace(/\D/g, '')) : null;
};

const firstReaderName = (ctx: ScenarioContext, kind: 'many' | 'few') => readers(ctx, kind)[0]?.name ?? '\u0000';
const thread = (ctx: ScenarioContext) => ctx.manifest.targets.thread ?? 'none';
const commentsIn = (body: string) => (body.match(/<article class="comment card" id="comment-/g) ?? []).length;

export const scenarios: Scenario[] = [
  {
    id: 'ceiling-page',
    number: '1',
    title: 'ceiling: empty server-rendered page (no database, no session)',
    phase: 'read',
    connections: 50,
    route: 'GET /bench/empty',
    expectStatus: 200,
    requests: () => [{ method: 'GET', path: '/bench/empty', headers: html }],
    check: (body) => body.includes('<h1>Ruche</h1>')
  },
  {
    id: 'ceiling-text',
    number: '1',
    title: 'ceiling: trivial text endpoint',
    phase: 'read',
    connections: 50,
    route: 'GET /bench/text',
    expectStatus: 200,
    requests: () => [{ method: 'GET', path: '/bench/text' }],
    check: (body) => body === 'ok'
  },
  {
    id: 'community-anon',
    number: '2',
    title: 'anonymous: largest public community page',
    phase: 'read',
    connections: 50,
    route: 'GET /c/{slug}',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/c/${ctx.manifest.targets.publicCommunity}`, headers: html }],
    check: (body) => body.includes('href="/p/')
  },
  {
    id: 'feed-all',
    number: '3',
    title: 'home feed, scope all, activity order (members of most communities)',
    phase: 'read',
    connections: 50,
    route: 'GET / (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'many', '/'),
    check: (body, ctx) => body.includes(firstReaderName(ctx, 'many')) && body.includes('href="/p/')
  },
  {
    id: 'feed-mine',
    number: '3',
    title: 'home feed, scope mine, activity order (members of most communities)',
    phase: 'read',
    connections: 50,
    route: 'GET /?scope=mine (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'many', '/?scope=mine&order=activity'),
    check: (body, ctx) => body.includes(firstReaderName(ctx, 'many')) && body.includes('href="/p/')
  },
  {
    id: 'feed-mine-few',
    number: '3',
    title: 'home feed, scope mine, for members of one small private community',
    phase: 'read',
    connections: 50,
    route: 'GET /?scope=mine (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'few', '/?scope=mine&order=activity'),
    check: (body, ctx) => body.includes(firstReaderName(ctx, 'few')) && body.includes('href="/p/')
  },
  {
    id: 'api-feed',
    number: '3',
    title: 'API feed, scope all (bearer token)',
    phase: 'read',
    connections: 50,
    route: 'GET /api/v1/feed (token)',
    expectStatus: 200,
    requests: (ctx) => readers(ctx, 'many').map((reader) => ({ method: 'GET', path: '/api/v1/feed?scope=all&order=activity', headers: { authorization: `Bearer ${reader.token}` } })),
    check: (body) => (JSON.parse(body) as { items: unknown[] }).items.length === 20
  },
  {
    id: 'thread-anon',
    number: '4',
    title: 'publication with 50 comments, anonymous',
    phase: 'read',
    connections: 50,
    route: 'GET /p/{id}',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/p/${thread(ctx)}`, headers: html }],
    check: (body) => commentsIn(body) === 50
  },
  {
    id: 'thread-member',
    number: '4',
    title: 'publication with 50 comments, signed in (marks it read: a write per view)',
    phase: 'read',
    connections: 50,
    route: 'GET /p/{id} (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'many', `/p/${thread(ctx)}`),
    check: (body) => commentsIn(body) === 50
  },
  {
    id: 'atom',
    number: '7',
    title: 'Atom feed of the largest public community',
    phase: 'read',
    connections: 50,
    route: 'GET /c/{slug}/feed.atom',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/c/${ctx.manifest.targets.publicCommunity}/feed.atom` }],
    check: (body) => body.includes('<feed') && body.includes('<entry>')
  },
  {
    id: 'library',
    number: '6',
    title: 'the library, first page, anonymous (public resources, newest first)',
    phase: 'read',
    connections: 50,
    route: 'GET /library',
    expectStatus: 200,
    requests: () => [{ method: 'GET', path: '/library', headers: html }],
    check: (body) => body.includes('href="/r/')
  },
  {
    id: 'library-signed-in',
    number: '6',
    title: 'the library, first page, signed in (members of most communities: their notebooks, community resources)',
    phase: 'read',
    connections: 50,
    route: 'GET /library (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'many', '/library'),
    check: (body, ctx) => body.includes(firstReaderName(ctx, 'many')) && body.includes('href="/r/')
  },
  {
    id: 'resource',
    number: '6',
    title: 'a public note with three revisions and the most backlinks, anonymous',
    phase: 'read',
    connections: 50,
    route: 'GET /r/{id}',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/r/${ctx.manifest.targets.resource ?? 'none'}`, headers: html }],
    // Its backlinks are links to other resources.
    check: (body, ctx) => (body.match(/href="\/r\/[0-9a-f-]{36}"/g) ?? []).some((link) => !link.includes(ctx.manifest.targets.resource ?? '\u0000'))
  },
  {
    id: 'notebook',
    number: '6',
    title: 'the public notebook with the most items, anonymous',
    phase: 'read',
    connections: 50,
    route: 'GET /n/{id}',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/n/${ctx.manifest.targets.notebook ?? 'none'}`, headers: html }],
    check: (body) => body.includes('href="/r/')
  },
  {
    id: 'community-ics',
    number: '7',
    title: 'iCalendar feed of the largest public community',
    phase: 'read',
    connections: 50,
    route: 'GET /c/{slug}/events.ics',
    expectStatus: 200,
    requests: (ctx) => [{ method: 'GET', path: `/c/${ctx.manifest.targets.publicCommunity}/events.ics` }],
    check: (body) => body.includes('BEGIN:VCALENDAR') && body.includes('BEGIN:VEVENT')
  },
  {
    id: 'community-ics-304',
    number: '7',
    title: 'the same feed asked again by a calendar holding its ETag (If-None-Match → 304)',
    phase: 'read',
    connections: 50,
    route: 'GET /c/{slug}/events.ics (If-None-Match)',
    expectStatus: 304,
    prepare: async (ctx) => {
      const response = await fetch(`${ctx.origin}/c/${ctx.manifest.targets.publicCommunity}/events.ics`);
      await response.arrayBuffer();
      ctx.found.set('community-ics-304', response.headers.get('etag') ?? '"none"');
    },
    requests: (ctx) => [{ method: 'GET', path: `/c/${ctx.manifest.targets.publicCommunity}/events.ics`, headers: { 'if-none-match': ctx.found.get('community-ics-304') ?? '"none"' } }],
    check: (body) => body === ''
  },
  {
    id: 'agenda',
    number: '7',
    title: 'the agenda, upcoming activities, signed in (members of most communities)',
    phase: 'read',
    connections: 50,
    route: 'GET /agenda (cookie)',
    expectStatus: 200,
    requests: (ctx) => asReaders(ctx, 'many', '/agenda'),
    check: (body, ctx) => body.includes(firstReaderName(ctx, 'many')) && body.includes('href="/e/')
  },
  ...searchQueries.map(
    (query): Scenario => ({
      id: query.id,
      number: '17',
      title: `${query.title}: /search?q=${query.q}, signed in (members of most communities)`,
      phase: 'read',
      connections: 50,
      route: 'GET /search?q= (cookie)',
      expectStatus: 200,
      requests: (ctx) => asReaders(ctx, 'many', searchPath(query.q)),
      // Signed in, the results list present with at least one hit (the rare word has a few), not the empty state.
      check: (body, ctx) => body.includes(firstReaderName(ctx, 'many')) && body.includes('class="plain search-results"') && searchHits(body) > 0 && body.includes('<mark>')
    })
  ),
  {
    id: 'search-api',
    number: '17',
    title: `API search of a common word: /api/v1/search?q=${searchQueries[0]!.q} (bearer token)`,
    phase: 'read',
    connections: 50,
    route: 'GET /api/v1/search?q= (token)',
    expectStatus: 200,
    requests: (ctx) =>
      readers(ctx, 'many').map((reader) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(searchQueries[0]!.q)}`, headers: { authorization: `Bearer ${reader.token}` } })),
    check: (body) => (JSON.parse(body) as { items: unknown[] }).items.length === 20
  },
  {
    id: 'survey-results',
    number: '18',
    title: 'results of the needs survey (200 responses at S, 2,000 at M): counts, ranks, free texts, filters; signed in as an animator of its community',
    phase: 'read',
    connections: 50,
    route: 'GET /f/{id}/results (cookie)',
    expectStatus: 200,
    prepare: needSurvey,
    requests: (ctx) => (survey(ctx)?.animators ?? [{ email: '\u0000' }]).map(({ email }) => ({ method: 'GET', path: `/f/${survey(ctx)?.id ?? 'none'}/results`, headers: { ...html, cookie: ctx.cookies.get(email) ?? '' } })),
    // Every question's block, a chart's table, and the filter (segments of five and more): not the "no answers yet" page.
    check: (body) => surveyQuestions.every((q) => body.includes(`id="result-${q}"`)) && body.includes('<table') && body.includes('id="filter-region"')
  },
  {
    id: 'poll-results',
    number: '18',
    title: 'a publication carrying a poll (5 choices, 200 voters at S, 1,553 at M; 8 comments), signed in as a member who voted: its chart, table and count',
    phase: 'read',
    connections: 50,
    route: 'GET /p/{id} (cookie)',
    expectStatus: 200,
    prepare: needPoll,
    requests: (ctx) => asReaders(ctx, 'many', `/p/${poll(ctx)?.id ?? 'none'}`),
    // The poll's box with its chart (the reader voted, so the counts show) and the voters as generated.
    check: (body, ctx) => body.includes('class="poll-box') && body.includes('<svg') && votersShown(body) === poll(ctx)?.voters
  },
  {
    id: 'poll-thread-plain',
    number: '18',
    title: 'the same publication without a poll (its twin: same text, comments and readers), signed in: what the thread costs without the poll',
    phase: 'read',
    connections: 50,
    route: 'GET /p/{id} (cookie)',
    expectStatus: 200,
    prepare: needPoll,
    requests: (ctx) => asReaders(ctx, 'many', `/p/${poll(ctx)?.twin ?? 'none'}`),
    check: (body) => commentsIn(body) === 8 && !body.includes('class="poll-box')
  },
  {
    id: 'comment',
    number: '5',
    title: 'post a comment (API, token): comment, counters, sort keys, follow and journal in one transaction',
    phase: 'write',
    connections: 20,
    route: 'POST /api/v1/posts/{id}/comments (token)',
    expectStatus: 201,
    requests: (ctx) => {
      const many = readers(ctx, 'many');
      return ctx.manifest.targets.writePosts.slice(0, 20).map((postId, k) => ({
        method: 'POST',
        path: `/api/v1/posts/${postId}/comments`,
        headers: { authorization: `Bearer ${many[k % many.length]!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Merci pour ce partage ! Nous avons essayé la même chose chez nous, avec un **petit groupe** de cinq personnes. #retour' })
      }));
    },
    check: (body) => typeof (JSON.parse(body) as { id?: unknown }).id === 'string'
  },
  {
    id: 'survey-answer',
    number: '18',
    title: 'answer the needs survey (API, token): a member changing their answers — old answer rows out, new ones in, one transaction',
    phase: 'write',
    // One connection per member: a member does not send their answers twice at the same moment.
    connections: 6,
    route: 'POST /api/v1/forms/{id}/responses (token)',
    expectStatus: 200,
    prepare: needSurvey,
    requests: (ctx) =>
      readers(ctx, 'many').map((reader, k) => ({
        method: 'POST',
        path: `/api/v1/forms/${survey(ctx)?.id ?? 'none'}/responses`,
        headers: { authorization: `Bearer ${reader.token}`, 'content-type': 'application/json' },
        body: surveyAnswers(k)
      })),
    // The readers answered at generation: each answer replaces theirs.
    check: (body) => (JSON.parse(body) as { replaced?: unknown }).replaced === true
  },
  {
    id: 'poll-vote',
    number: '18',
    title: 'vote in the poll (API, token): a member changing their vote — the poll locked, their choice replaced, the counts recounted from the votes, one transaction, then the live pages told',
    phase: 'write',
    // One connection per member, as for the survey; each goes back and forth between two choices
    // other than the one it gave at generation (reader k chose option k mod 5), so every vote changes one.
    connections: 6,
    route: 'PUT /api/v1/posts/{id}/poll/vote (token)',
    expectStatus: 200,
    prepare: needPoll,
    requests: (ctx) => {
      const target = poll(ctx);
      const options = target?.options ?? ['none'];
      return readers(ctx, 'many').map((reader, k) =>
        [1, 2].map((step) => ({
          method: 'PUT',
          path: `/api/v1/posts/${target?.id ?? 'none'}/poll/vote`,
          headers: { authorization: `Bearer ${reader.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ optionIds: [options[(k + step) % options.length]] })
        }))
      );
    },
    // The poll as it now is, for the voter: their one choice, the counts visible, the voters unchanged.
    check: (body, ctx) => {
      const view = JSON.parse(body) as { myChoice?: string[]; voterCount?: number | null; resultsVisible?: boolean };
      return view.myChoice?.length === 1 && view.resultsVisible === true && view.voterCount === poll(ctx)?.voters;
    }
  }
];


/** Scenarios of issue 8 whose capability does not exist yet. */
export const notBuilt: { number: string; title: string }[] = [];

/** Scenario 8 is no HTTP load: a digest run in a process of its own (load/digests.ts), asked for by these names. */
export const digestNames = ['digests', '8'];

export function selectScenarios(only: string[] | null): Scenario[] {
  if (!only) return scenarios;
  const unknown = only.filter((name) => !digestNames.includes(name) && !scenarios.some((s) => s.id === name || s.number === name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  return scenarios.filter((s) => only.includes(s.id) || only.includes(s.number));
}
