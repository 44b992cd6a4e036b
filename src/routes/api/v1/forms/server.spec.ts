import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { formResultsSchema, formSummarySchema, formViewSchema, welcomePromptSchema } from '$lib/server/api/forms';
import { pageOf } from '$lib/server/api/pagination';
import * as forms from '../communities/[slug]/forms/+server';
import * as form from './[id]/+server';
import * as status from './[id]/status/+server';
import * as reminders from './[id]/reminders/+server';
import * as skip from './[id]/skip/+server';
import * as welcome from '../communities/[slug]/welcome-survey/+server';
import * as responses from './[id]/responses/+server';
import * as mine from './[id]/responses/mine/+server';
import * as results from './[id]/results/+server';
import * as csv from './[id]/results.csv/+server';

const instance = useTestInstance();
const db = () => instance.db;

const definition = {
  questions: [
    { kind: 'single', id: 'format', label: { fr: 'Format préféré', en: 'Preferred format' }, required: true, choices: [{ id: 'web', label: { fr: 'Webinaire', en: 'Webinar' } }, { id: 'live', label: { fr: 'En personne', en: 'In person' } }] },
    { kind: 'scale', id: 'interest', label: { fr: 'Intérêt', en: 'Interest' }, min: 0, max: 10 },
    { kind: 'long_text', id: 'ideas', label: { fr: 'Idées', en: 'Ideas' } }
  ]
};

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Nadia Bouchard');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const create = (slug: string, as: Actor | null, json: unknown) => call(forms.POST, 'POST', `/communities/${slug}/forms`, { as, params: { slug }, json });
const list = (slug: string, as: Actor | null) => call(forms.GET, 'GET', `/communities/${slug}/forms`, { as, params: { slug } });
const read = (id: string, as: Actor | null) => call(form.GET, 'GET', `/forms/${id}`, { as, params: { id } });
const open = (id: string, as: Actor | null, value = 'open') => call(status.PUT, 'PUT', `/forms/${id}/status`, { as, params: { id }, json: { status: value } });
const answer = (id: string, as: Actor | null, json: unknown) => call(responses.POST, 'POST', `/forms/${id}/responses`, { as, params: { id }, json });

describe('forms through the API', () => {
  it('drafts, opens, answers, reads back and counts a survey in the documented shapes', async () => {
    const member = await person(db(), 'Léa Gagnon');
    const { slug, animator } = await community('private', member);
    const created = await create(slug, animator, { title: 'Prochaines activités', definition });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    expect((await read(id, member)).status).toBe(404);
    expect((await open(id, member)).status).toBe(404);
    expect((await open(id, animator)).status).toBe(204);
    const shown = await read(id, member);
    expect(formViewSchema.strict().parse(shown.body)).toMatchObject({ title: 'Prochaines activités', status: 'open', may: { respond: true, manage: false, results: false } });
    pageOf(formSummarySchema).parse((await list(slug, member)).body);

    // Bad input: the field named, nothing recorded.
    const bad = await answer(id, member, { answers: { format: 'radio', interest: 11 } });
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['answers.format', 'answers.interest']);
    expect((await call(mine.GET, 'GET', `/forms/${id}/responses/mine`, { as: member, params: { id } })).body).toBeNull();

    expect((await answer(id, member, { answers: { format: 'web', interest: 8, ideas: 'Un atelier sur les budgets' } })).body).toEqual({ replaced: false });
    expect((await call(mine.GET, 'GET', `/forms/${id}/responses/mine`, { as: member, params: { id } })).body.answers).toEqual({ format: 'web', interest: 8, ideas: 'Un atelier sur les budgets' });
    // A robot filling the honeypot is thanked, and nothing is stored.
    expect((await answer(id, member, { answers: { format: 'live' }, website: 'http://spam.example' })).status).toBe(200);

    expect((await call(results.GET, 'GET', `/forms/${id}/results`, { as: member, params: { id } })).status).toBe(403);
    const counted = await call(results.GET, 'GET', `/forms/${id}/results`, { as: animator, params: { id } });
    const body = formResultsSchema.strict().parse(counted.body);
    expect(body.questions[0]!.counts.map((c) => [c.label, c.count])).toEqual([['Webinar', 1], ['In person', 0]]);
    expect(body.questions[1]!.average).toBe(8);

    const file = await call(csv.GET, 'GET', `/forms/${id}/results.csv`, { as: animator, params: { id } });
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    const rows: string[][] = parse(String(file.body).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['Answered on', 'Member', 'Role', 'Region', 'Organisation', 'Preferred format', 'Interest', 'Ideas']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([['Léa Gagnon', 'Member', '', '', 'Webinar', '8', 'Un atelier sur les budgets']]);
    expect((await call(csv.GET, 'GET', `/forms/${id}/results.csv`, { as: null, params: { id } })).status).toBe(404);
  });

  it('refuses a visitor who drafts, and changes and deletes only as an animator', async () => {
    const { slug, animator } = await community('public');
    expect((await create(slug, null, { title: 'X', definition })).status).toBe(401);
    const { id } = (await create(slug, animator, { title: 'À changer', definition })).body;
    const other = await person(db(), 'Omar Haddad');
    expect((await call(form.PATCH, 'PATCH', `/forms/${id}`, { as: other, params: { id }, json: { title: 'Pris' } })).status).toBe(404);
    const changed = await call(form.PATCH, 'PATCH', `/forms/${id}`, { as: animator, params: { id }, json: { title: 'Changé', audience: 'public' } });
    expect(changed.body).toMatchObject({ title: 'Changé', audience: 'public' });
    await open(id, animator);
    // A visitor answers the public form.
    expect((await answer(id, null, { answers: { format: 'live' } })).status).toBe(200);
    expect((await call(form.DELETE, 'DELETE', `/forms/${id}`, { as: animator, params: { id } })).status).toBe(204);
    expect((await read(id, animator)).status).toBe(404);
  });

  it('sends one reminder, from an animator, while the survey is open', async () => {
    const member = await person(db(), 'Léa Gagnon');
    const { slug, animator } = await community('public', member);
    const { id } = (await create(slug, animator, { title: 'À rappeler', definition })).body;
    const remind = (as: Actor | null) => call(reminders.POST, 'POST', `/forms/${id}/reminders`, { as, params: { id } });
    // A draft takes no answers: nothing to remind of.
    expect((await remind(animator)).status).toBe(409);
    await open(id, animator);
    expect((await remind(null)).status).toBe(401);
    expect((await remind(member)).status).toBe(403);
    const sent = await remind(animator);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ remindedAt: expect.any(Number) });
    expect((await read(id, animator)).body.remindedAt).toBe(sent.body.remindedAt);
    expect((await remind(animator)).status).toBe(409);
  });

  it('asks a newcomer the welcome survey, and puts it off on "not now"', async () => {
    const { slug, animator } = await community('public');
    const { id } = (await create(slug, animator, { title: 'Bienvenue', purpose: 'welcome', definition })).body;
    await open(id, animator);
    const newcomer = await person(db(), 'Samuel Nouveau');
    await joinCommunity(db(), newcomer, slug);
    const ask = (as: Actor | null) => call(welcome.GET, 'GET', `/communities/${slug}/welcome-survey`, { as, params: { slug } });
    const putOff = (as: Actor | null, formId = id) => call(skip.POST, 'POST', `/forms/${formId}/skip`, { as, params: { id: formId } });
    expect((await ask(null)).status).toBe(401);
    const asked = await ask(newcomer);
    expect(asked.status).toBe(200);
    expect(welcomePromptSchema.parse(asked.body)).toEqual({ formId: id, title: 'Bienvenue', askedAgain: false });
    expect((await putOff(null)).status).toBe(401);
    expect((await putOff(newcomer)).status).toBe(204);
    expect((await ask(newcomer)).body).toBeNull();
    // An ordinary survey cannot be put off this way.
    const { id: ordinary } = (await create(slug, animator, { title: 'Ordinaire', definition })).body;
    await open(ordinary, animator);
    expect((await putOff(newcomer, ordinary)).status).toBe(409);
  });
});
