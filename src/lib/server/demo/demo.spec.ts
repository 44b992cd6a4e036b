import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { postKinds } from '../posts';
import { seedDemo } from '.';
import { seedDemoDiscussions } from './discussions';
import { demoToolkitTitle, seedDemoLibrary } from './library';
import { listNotebooks, listResources, listRevisions, readNotebook, readResource } from '../library';
import { initiativeFacets, listInitiatives, mapPoints } from '../initiatives';
import { search } from '../search';
import { seedDemoInitiatives } from './initiatives';
import { formResults } from '../forms';
import { demoFeedbackSurveyTitle, demoNeedsSurveyTitle, seedDemoSurveys } from './surveys';
import { demoRespondents } from './respondents';
import { listProposals } from '../proposals';
import { seedDemoProposals } from './proposals';
import { verifyPassword } from 'better-auth/crypto';

const instance = useTestInstance();
const db = () => instance.db;

async function counts() {
  const tables = ['posts', 'comments', 'reactions', 'mentions', 'post_tags', 'journal'] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

describe('the demo’s discussions', { timeout: 60_000 }, () => {
  it('gives each community publications of every kind, answered and open questions, threads and a pinned call', async () => {
    await seedDemo(db());
    const communities = await db().selectFrom('communities').select(['id', 'slug', 'languages']).execute();
    expect(communities).toHaveLength(3);
    for (const community of communities) {
      const posts = await db().selectFrom('posts').selectAll().where('community_id', '=', community.id).execute();
      expect(new Set(posts.map((p) => p.kind)), community.slug).toEqual(new Set(postKinds));
      const questions = posts.filter((p) => p.kind === 'question');
      expect(questions.some((q) => q.answer_id !== null), community.slug).toBe(true);
      expect(questions.some((q) => q.answer_id === null), community.slug).toBe(true);
      expect(posts.filter((p) => p.pinned_at !== null).map((p) => p.kind)).toEqual(['call']);
      expect(posts.every((p) => p.link_url === null && p.deleted_at === null)).toBe(true);
      // Some English where the community speaks it, none in a French-only one.
      expect(posts.some((p) => p.language === 'en'), community.slug).toBe(community.languages.includes('en'));
    }
  });

  it('nests replies one level, marks answers among the comments, and links mentions, tags and reactions', async () => {
    const comments = await db().selectFrom('comments').selectAll().execute();
    expect(comments.length).toBeGreaterThan(30);
    const byId = new Map(comments.map((c) => [c.id, c]));
    const replies = comments.filter((c) => c.parent_id !== null);
    expect(replies.length).toBeGreaterThan(5);
    for (const reply of replies) {
      const parent = byId.get(reply.parent_id!)!;
      expect(parent.parent_id).toBeNull();
      expect(reply.created_at).toBeGreaterThan(parent.created_at);
    }
    const answered = await db().selectFrom('posts').select(['id', 'answer_id']).where('answer_id', 'is not', null).execute();
    expect(answered).toHaveLength(3);
    for (const post of answered) expect(byId.get(post.answer_id!)?.post_id).toBe(post.id);
    const { mentions, reactions, post_tags } = await counts();
    expect(mentions).toBeGreaterThan(10);
    expect(reactions).toBeGreaterThan(20);
    expect(post_tags).toBeGreaterThan(20);
    expect(comments.some((c) => c.body_html.includes('class="mention"'))).toBe(true);
  });

  it('spreads the threads over the last weeks, with their dates in step', async () => {
    const posts = await db()
      .selectFrom('posts')
      .innerJoin('post_communities as pc', 'pc.post_id', 'posts.id')
      .select(['posts.id', 'posts.created_at', 'posts.activity_at', 'posts.comment_count', 'pc.created_at as pc_created', 'pc.activity_at as pc_activity'])
      .execute();
    const comments = await db().selectFrom('comments').select(['post_id', 'created_at']).execute();
    const at = Date.now();
    for (const post of posts) {
      const mine = comments.filter((c) => c.post_id === post.id);
      expect(post.comment_count).toBe(mine.length);
      expect(post.activity_at).toBe(Math.max(post.created_at, ...mine.map((c) => c.created_at)));
      expect([post.pc_created, post.pc_activity]).toEqual([post.created_at, post.activity_at]);
      expect(post.activity_at).toBeLessThan(at);
    }
    const created = posts.map((p) => p.created_at);
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(21 * 24 * 3_600_000);
  });

  it('adds nothing when run again', async () => {
    const before = await counts();
    expect(await seedDemoDiscussions(db())).toBe(0);
    await seedDemo(db());
    expect(await counts()).toEqual(before);
  });
});

describe('the demo’s programme of activities', { timeout: 60_000 }, () => {
  it('has past and upcoming activities of several kinds, a series, a co-hosted gathering, and feedback on a past one', async () => {
    await seedDemo(db());
    const events = await db().selectFrom('events').selectAll().execute();
    const at = Date.now();
    expect(events.some((e) => e.ends_at < at)).toBe(true);
    expect(events.some((e) => e.starts_at > at)).toBe(true);
    expect(new Set(events.map((e) => e.kind)).size).toBeGreaterThanOrEqual(6);
    expect(events.filter((e) => e.series_id !== null).length).toBeGreaterThan(5);
    const hosts = await db().selectFrom('event_communities').select(['event_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('event_id').execute();
    expect(hosts.some((h) => Number(h.n) === 2)).toBe(true);
    // Feedback is on the forms engine: a feedback form on the past webinar, with its responses.
    const feedback = await db().selectFrom('forms').innerJoin('form_responses', 'form_responses.form_id', 'forms.id').select('forms.subject_id').where('forms.purpose', '=', 'feedback').execute();
    expect(feedback.length).toBeGreaterThan(0);
    expect((await db().selectFrom('registrations').selectAll().where('status', '=', 'going').execute()).length).toBeGreaterThan(10);
    const before = events.length;
    await seedDemo(db());
    expect((await db().selectFrom('events').selectAll().execute()).length).toBe(before);
  });
});

describe('the demo’s topic proposals', { timeout: 60_000 }, () => {
  const member = async (email: string) => {
    const row = await db().selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
    return { ...row, locale: 'fr' as const, emailVerified: true };
  };

  it('has open proposals by several members, ranked by varied supports, with volunteers and comments', async () => {
    await seedDemo(db());
    const open = (await listProposals(db(), await member('nadia.bouchard@demo.ruche.local'), 'sante-francais-ontario')).items;
    expect(open.length).toBeGreaterThanOrEqual(3);
    expect(open.every((p) => p.supportCount > 0)).toBe(true);
    expect(new Set(open.map((p) => p.supportCount)).size, 'the ranking shows').toBeGreaterThan(1);
    expect(open.map((p) => p.supportCount)).toEqual([...open.map((p) => p.supportCount)].sort((a, b) => b - a));
    expect(new Set(open.map((p) => p.author?.id)).size).toBeGreaterThan(1);
    expect(open.some((p) => p.volunteerCount > 0 && p.commentCount > 0)).toBe(true);
    expect(open.map((p) => p.target)).toContain('resource');
    const all = await db().selectFrom('proposals').select(['status', 'support_count']).execute();
    expect(all.filter((p) => p.status === 'open' && p.support_count > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('has one declined with its reason and one planned as an activity its community hosts, decided after they were supported', async () => {
    const decided = await db()
      .selectFrom('proposals')
      .innerJoin('posts', 'posts.id', 'proposals.post_id')
      .select(['proposals.post_id', 'proposals.status', 'proposals.decision_reason', 'proposals.event_id', 'proposals.decided_at', 'posts.community_id', 'posts.created_at'])
      .where('proposals.status', '!=', 'open')
      .execute();
    expect(decided.map((p) => p.status).sort()).toEqual(['declined', 'planned']);
    expect(decided.find((p) => p.status === 'declined')?.decision_reason).toBeTruthy();
    const planned = decided.find((p) => p.status === 'planned')!;
    const host = await db().selectFrom('event_communities').select('community_id').where('event_id', '=', planned.event_id!).execute();
    expect(host.map((h) => h.community_id)).toContain(planned.community_id);
    for (const p of decided) {
      const supports = await db().selectFrom('proposal_supports').select('created_at').where('post_id', '=', p.post_id).execute();
      expect(supports.every((s) => s.created_at > p.created_at && s.created_at < p.decided_at!)).toBe(true);
      expect(p.decided_at!).toBeLessThan(Date.now());
    }
  });

  it('adds nothing when run again', async () => {
    const count = async (table: 'proposals' | 'proposal_supports' | 'proposal_volunteers') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = [await count('proposals'), await count('proposal_supports'), await count('proposal_volunteers')];
    expect(await seedDemoProposals(db())).toBe(0);
    await seedDemo(db());
    expect([await count('proposals'), await count('proposal_supports'), await count('proposal_volunteers')]).toEqual(before);
  });
});

describe('the demo’s library', { timeout: 60_000 }, () => {
  it('holds the references the seeds cite, readable by anyone', async () => {
    await seedDemo(db());
    const references = await db().selectFrom('resources').select(['id', 'title', 'doi', 'visibility']).where('kind', '=', 'reference').execute();
    expect(references).toHaveLength(4);
    const wenger = references.find((r) => r.title.startsWith('Cultivating Communities of Practice'))!;
    expect(wenger.visibility).toBe('public');
    const view = await readResource(db(), null, wenger.id);
    expect(view.authors.map((a) => a.name)).toEqual(['Wenger, Etienne', 'McDermott, Richard', 'Snyder, William M.']);
    expect(view.reference?.ISBN).toContain('978-1578513307');
    expect(references.find((r) => r.title.startsWith('Learning to Make a Difference'))?.doi).toBe('10.1017/9781108677431');
  });

  it('has the toolkit notebook with its items, a guide written in two revisions by two people, backlinks and applications', async () => {
    const toolkit = await db().selectFrom('notebooks').select('id').where('title', '=', demoToolkitTitle).executeTakeFirstOrThrow();
    const notebook = await readNotebook(db(), null, toolkit.id);
    expect(notebook.items.length).toBeGreaterThanOrEqual(5);
    expect(notebook.communities.map((c) => c.slug)).toContain('sante-francais-ontario');
    const guide = await db().selectFrom('resources').select('id').where('title', '=', 'Guide de pratique partagé').executeTakeFirstOrThrow();
    const history = await listRevisions(db(), null, guide.id);
    expect(history.revisions.length).toBeGreaterThanOrEqual(2);
    expect(history.revisions.every((r) => r.message)).toBe(true);
    expect(new Set(history.revisions.map((r) => r.editor?.name)).size).toBe(2);
    const view = await readResource(db(), null, guide.id);
    expect(view.kind).toBe('work');
    expect(view.toc.length).toBeGreaterThanOrEqual(3);
    const charter = await db().selectFrom('resources').select('id').where('title', '=', 'Gabarit de charte de communauté').executeTakeFirstOrThrow();
    expect((await readResource(db(), null, charter.id)).backlinks.map((b) => b.title)).toContain('Accueillir une nouvelle personne membre');
    const applied = await db().selectFrom('resource_applications').selectAll().execute();
    expect(applied.filter((a) => a.story).length).toBeGreaterThanOrEqual(3);
  });

  it('varies licences, warns when a member adds someone else’s document, and gives every community a library', async () => {
    const licences = new Set((await db().selectFrom('resources').select('licence').execute()).map((r) => r.licence));
    for (const licence of ['cc-by', 'cc-by-sa', 'all-rights-reserved']) expect(licences).toContain(licence);
    const owned = await db().selectFrom('resources').select('id').where('title', 'like', 'Grille d’évaluation%').executeTakeFirstOrThrow();
    const admin = await db().selectFrom('users').select(['id', 'name', 'email', 'role']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const asAdmin = { ...admin, locale: 'fr' as const, emailVerified: true };
    expect((await readResource(db(), asAdmin, owned.id)).ownershipWarning).toBe(true);
    const communities = await db().selectFrom('communities').select(['id', 'slug']).execute();
    for (const community of communities) expect((await listNotebooks(db(), asAdmin, { communityId: community.id })).length, community.slug).toBeGreaterThan(0);
    // The private community's own notes stay out of the public library.
    const shown = await listResources(db(), null, { sort: 'recent' }, { limit: 100 });
    expect(shown.items.some((r) => r.visibility === 'communities')).toBe(false);
    expect((await db().selectFrom('resources').select('id').where('visibility', '=', 'communities').execute()).length).toBeGreaterThanOrEqual(2);
  });

  it('adds nothing when run again', async () => {
    const before = (await db().selectFrom('resources').select('id').execute()).length;
    expect(await seedDemoLibrary(db())).toBe(0);
    await seedDemo(db());
    expect((await db().selectFrom('resources').select('id').execute()).length).toBe(before);
  });
});

describe('the demo’s initiative map', { timeout: 60_000 }, () => {
  it('has initiatives across Ontario and Québec regions, mostly public and on the map, some in a community, some in English', async () => {
    await seedDemo(db());
    const rows = await db().selectFrom('initiatives').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBeLessThanOrEqual(14);
    const regions = new Set(rows.map((r) => r.region));
    for (const region of ['Estrie', 'Montréal', 'Outaouais', 'Capitale-Nationale', 'Saguenay–Lac-Saint-Jean', 'Nord de l’Ontario', 'Est de l’Ontario', 'Centre-Sud-Ouest de l’Ontario', 'Sud-Ouest de l’Ontario']) expect(regions).toContain(region);
    expect(rows.filter((r) => r.language === 'en').length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.visibility === 'public').length).toBeGreaterThan(rows.length / 2);
    expect(rows.filter((r) => r.visibility === 'communities')).toHaveLength(1);
    expect(rows.some((r) => r.organisation_id !== null)).toBe(true);
    // Coordinates where the places are: between Windsor and Saguenay.
    for (const r of rows.filter((r) => r.latitude !== null)) {
      expect(r.latitude!).toBeGreaterThan(42);
      expect(r.latitude!).toBeLessThan(49);
      expect(r.longitude!).toBeGreaterThan(-84);
      expect(r.longitude!).toBeLessThan(-71);
    }
    const linked = await db().selectFrom('initiative_communities').select('initiative_id').distinct().execute();
    expect(linked.length).toBeGreaterThan(3);
  });

  it('shows a visitor the public ones in the list, on the map, in the facets and in search, never the community-only one', async () => {
    const list = await listInitiatives(db(), null, { limit: 100 });
    expect(list.items.every((i) => i.visibility === 'public')).toBe(true);
    expect(list.items.length).toBeGreaterThanOrEqual(10);
    const { points } = await mapPoints(db(), null);
    expect(points.length).toBe(list.items.filter((i) => i.latitude !== null).length);
    expect(points.length).toBeLessThan(list.items.length);
    const facets = await initiativeFacets(db(), null);
    expect(facets.themes.map((t) => t.name)).toEqual(expect.arrayContaining(['santé', 'immigration', 'aînés', 'santé mentale', 'interprétation']));
    expect(facets.themes.map((t) => t.name)).not.toContain('évaluation');
    expect((await search(db(), null, { q: 'interprètes', type: 'initiatives' })).items.map((h) => h.title)).toContain('Banque d’interprètes en santé pour les nouveaux arrivants');
    expect((await search(db(), null, { q: 'visites entre organismes', type: 'initiatives' })).items).toEqual([]);
  });

  it('adds nothing when run again', async () => {
    const before = (await db().selectFrom('initiatives').select('id').execute()).length;
    expect(await seedDemoInitiatives(db())).toBe(0);
    await seedDemo(db());
    expect((await db().selectFrom('initiatives').select('id').execute()).length).toBe(before);
  });
});

describe('the demo’s surveys', { timeout: 60_000 }, () => {
  const animator = async () => {
    const row = await db().selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', '=', 'amelie.tremblay@demo.ruche.local').executeTakeFirstOrThrow();
    return { ...row, locale: 'fr' as const, emailVerified: true };
  };

  it('has the open needs survey in the Ontario community, answered by name by about sixty members, with results in every question', async () => {
    await seedDemo(db());
    const community = await db().selectFrom('communities').select('id').where('slug', '=', 'sante-francais-ontario').executeTakeFirstOrThrow();
    const survey = await db().selectFrom('forms').selectAll().where('community_id', '=', community.id).where('title', '=', demoNeedsSurveyTitle).executeTakeFirstOrThrow();
    expect([survey.status, survey.anonymous]).toEqual(['open', 0]);
    const responses = await db().selectFrom('form_responses').select(['user_id', 'submitted_at', 'segment_region']).where('form_id', '=', survey.id).execute();
    expect(responses.length).toBeGreaterThanOrEqual(50);
    expect(responses.every((r) => r.user_id !== null && r.submitted_at < Date.now() && r.submitted_at > survey.created_at)).toBe(true);
    const results = await formResults(db(), await animator(), survey.id, {}, 'fr');
    expect(results.responses).toBe(responses.length);
    const byId = new Map(results.questions.map((q) => [q.id, q]));
    for (const id of ['experience', 'topics', 'times', 'time', 'help']) {
      const counts = byId.get(id)!.counts;
      expect(counts.reduce((sum, c) => sum + c.count, 0), id).toBeGreaterThan(0);
      // Varied: no single answer takes them all.
      expect(counts.filter((c) => c.count > 0).length, id).toBeGreaterThan(1);
    }
    expect(byId.get('topics')!.counts.find((c) => c.id === 'other')!.count).toBeGreaterThan(0);
    expect(byId.get('topics')!.texts.length).toBeGreaterThan(0);
    // Everyone ranked all four formats.
    expect(byId.get('formats')!.answered).toBe(responses.length);
    expect(byId.get('formats')!.ranks.every((r) => r.meanRank >= 1 && r.meanRank <= 4)).toBe(true);
    const yes = byId.get('help')!.counts.find((c) => c.id === 'yes')!.count;
    expect(byId.get('help_topic')!.answered).toBeGreaterThan(0);
    expect(byId.get('help_topic')!.answered).toBeLessThanOrEqual(yes);
    expect(byId.get('expectations')!.texts.length).toBeGreaterThan(5);
    // Regions of five and more to filter by.
    expect(results.segments.region.length).toBeGreaterThan(1);
  });

  it('has a closed anonymous survey of about ten responses, by the day only and without members', async () => {
    const survey = await db().selectFrom('forms').selectAll().where('title', '=', demoFeedbackSurveyTitle).executeTakeFirstOrThrow();
    expect([survey.status, survey.anonymous]).toEqual(['closed', 1]);
    const responses = await db().selectFrom('form_responses').select(['user_id', 'submitted_at']).where('form_id', '=', survey.id).execute();
    expect(responses.length).toBeGreaterThanOrEqual(8);
    expect(responses.every((r) => r.user_id === null && Number(r.submitted_at) % (24 * 3600 * 1000) === 0)).toBe(true);
    const marks = await db().selectFrom('form_participations').select('day').where('form_id', '=', survey.id).execute();
    expect(marks.map((m) => Number(m.day)).sort()).toEqual(responses.map((r) => Number(r.submitted_at)).sort());
    const results = await formResults(db(), await animator(), survey.id, {}, 'fr');
    expect(results.questions.find((q) => q.id === 'useful')!.average).toBeGreaterThan(3);
  });

  it('gives the respondents the demo members’ password, their regions and organisations', async () => {
    const first = await db()
      .selectFrom('users')
      .innerJoin('accounts', 'accounts.user_id', 'users.id')
      .innerJoin('profiles', 'profiles.user_id', 'users.id')
      .select(['accounts.password', 'profiles.region', 'profiles.organisation_id'])
      .where('users.email', '=', demoRespondents[0]!.email)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword({ hash: first.password!, password: 'ruche-demo-membre' })).toBe(true);
    expect(first.region).toBe(demoRespondents[0]!.region);
    expect(first.organisation_id).not.toBeNull();
  });

  it('adds nothing when run again', async () => {
    const count = async (table: 'forms' | 'form_responses' | 'form_answers' | 'users') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = [await count('forms'), await count('form_responses'), await count('form_answers'), await count('users')];
    expect(await seedDemoSurveys(db())).toBe(0);
    await seedDemo(db());
    expect([await count('forms'), await count('form_responses'), await count('form_answers'), await count('users')]).toEqual(before);
  });
});
