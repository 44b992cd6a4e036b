// Forms in a community: an animator drafts one (what it asks, who may answer, anonymous or not, its
// dates, who sees the results), opens it, closes it. What it asks is versioned: while no one has
// answered the current version it is edited in place; once someone has, an edit makes a new version
// and the older responses keep the questions they answered.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Form, FormPurpose } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertCan, assertOnForm, canOnForm, findCommunity, findForm, isAcceptingResponses, whereFormReadableBy, type FormRelation } from '../access';
import { conflict, invalid } from '../errors';
import { newId, now } from '../ids';
import { record } from '../journal';
import { renderMarkdown } from '../markdown';
import { paginate, pageQuery, type Page } from '../api/pagination';
import { definitionSchema, type Definition, type DefinitionInput } from './model';

export const formTextLimits = { titleMax: 200, descriptionMax: 10_000 } as const;

const epoch = z.number().int().min(0).max(8_640_000_000_000_000);

const settings = {
  title: z.string().trim().min(1, 'forms.errors.title_required').max(formTextLimits.titleMax, 'forms.errors.too_long'),
  description: z.string().trim().max(formTextLimits.descriptionMax, 'forms.errors.too_long').default('').describe('Markdown, shown above the questions'),
  language: z.enum(['fr', 'en']).default('fr').describe('The language it is written in (the questions may carry both)'),
  anonymous: z.boolean().default(false).describe('Responses are stored without who gave them: only a separate mark says who took part'),
  audience: z.enum(['members', 'public']).default('members').describe('`public`: visitors without an account may answer too (public communities only)'),
  resultsVisibleTo: z.enum(['animators', 'respondents']).default('animators').describe('Animators and stewards always see the results; `respondents`: those who answered too'),
  opensAt: epoch.nullable().default(null).describe('Epoch milliseconds; none: as soon as it is opened'),
  closesAt: epoch.nullable().default(null).describe('Epoch milliseconds; none: until it is closed')
};

export const createFormSchema = z.strictObject({
  ...settings,
  purpose: z.enum(['survey', 'welcome']).default('survey').describe('`welcome`: asked of new members after they join'),
  definition: definitionSchema
});
export type CreateFormInput = z.input<typeof createFormSchema>;

export const updateFormSchema = z.strictObject({
  title: settings.title.optional(),
  description: z.string().trim().max(formTextLimits.descriptionMax, 'forms.errors.too_long').optional(),
  language: z.enum(['fr', 'en']).optional(),
  anonymous: z.boolean().optional(),
  audience: z.enum(['members', 'public']).optional(),
  resultsVisibleTo: z.enum(['animators', 'respondents']).optional(),
  opensAt: epoch.nullable().optional(),
  closesAt: epoch.nullable().optional(),
  definition: definitionSchema.optional()
});
export type UpdateFormInput = z.input<typeof updateFormSchema>;

export const listFormsSchema = pageQuery.extend({ status: z.enum(['draft', 'open', 'closed']).optional() });

export type FormSummary = {
  id: string;
  community: { slug: string; name: string };
  purpose: FormPurpose;
  title: string;
  status: Form['status'];
  /** Open and within its dates. */
  accepting: boolean;
  anonymous: boolean;
  audience: Form['audience'];
  opensAt: number | null;
  closesAt: number | null;
  responses: number;
  createdAt: number;
};

export type FormView = FormSummary & {
  description: string;
  descriptionHtml: string;
  language: 'fr' | 'en';
  resultsVisibleTo: Form['results_visible_to'];
  version: number;
  /** When its animators reminded those who had not answered (once per survey), or null. */
  remindedAt: number | null;
  definition: Definition;
  /** The caller answered (for an anonymous form: only that they did, never what). */
  responded: boolean;
  /** What a feedback form is about. */
  subject: { kind: 'event'; id: string } | null;
  may: { respond: boolean; manage: boolean; results: boolean };
};

function checkDates(opensAt: number | null, closesAt: number | null): void {
  if (opensAt !== null && closesAt !== null && closesAt <= opensAt) throw invalid([{ path: 'closesAt', message: 'forms.errors.closes_before_opening' }]);
}

function checkAudience(audience: Form['audience'], community: { visibility: string }): void {
  if (audience === 'public' && community.visibility !== 'public') throw invalid([{ path: 'audience', message: 'forms.errors.public_needs_public_community' }]);
}

/** The definition a form asks now. */
export async function currentDefinition(db: Executor, form: Pick<Form, 'id' | 'version'>): Promise<Definition> {
  const row = await db.selectFrom('form_versions').select('definition').where('form_id', '=', form.id).where('version', '=', form.version).executeTakeFirstOrThrow();
  return JSON.parse(row.definition) as Definition;
}

/** Every version's definition, oldest first: results and exports read older answers with their own. */
export async function allDefinitions(db: Executor, formId: string): Promise<Map<number, Definition>> {
  const rows = await db.selectFrom('form_versions').select(['version', 'definition']).where('form_id', '=', formId).orderBy('version').execute();
  return new Map(rows.map((r) => [Number(r.version), JSON.parse(r.definition) as Definition]));
}

export async function createForm(db: DB, actor: Actor | null, slug: string, raw: CreateFormInput): Promise<{ id: string }> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const input = createFormSchema.parse(raw);
  checkDates(input.opensAt, input.closesAt);
  checkAudience(input.audience, relation.community);
  const id = newId();
  const at = now();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('forms')
      .values({
        id,
        community_id: relation.community.id,
        purpose: input.purpose,
        subject_id: null,
        title: input.title,
        description: input.description,
        language: input.language,
        status: 'draft',
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        anonymous: input.anonymous ? 1 : 0,
        audience: input.audience,
        results_visible_to: input.resultsVisibleTo,
        version: 1,
        reminded_at: null,
        created_by: actor!.id,
        created_at: at,
        updated_at: at
      })
      .execute();
    await tx.insertInto('form_versions').values({ form_id: id, version: 1, definition: JSON.stringify(input.definition), created_at: at }).execute();
    await record(tx, { kind: 'form.created', actorId: actor!.id, communityId: relation.community.id, payload: { formId: id } });
  });
  return { id };
}

async function responsesTo(db: Executor, formId: string, version?: number): Promise<number> {
  let q = db.selectFrom('form_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('form_id', '=', formId);
  if (version !== undefined) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function updateForm(db: DB, actor: Actor | null, id: string, raw: UpdateFormInput): Promise<{ version: number }> {
  const relation = await findForm(db, actor, id);
  assertOnForm(actor, 'manage', relation);
  const input = updateFormSchema.parse(raw);
  const { form } = relation;
  const at = now();
  return db.transaction().execute(async (tx) => {
    const answered = await responsesTo(tx, id);
    // Those who answered were told whether it was anonymous: that promise stays.
    if (input.anonymous !== undefined && (input.anonymous ? 1 : 0) !== form.anonymous && answered > 0) throw conflict('forms.errors.anonymity_locked');
    const opensAt = input.opensAt !== undefined ? input.opensAt : form.opens_at;
    const closesAt = input.closesAt !== undefined ? input.closesAt : form.closes_at;
    checkDates(opensAt, closesAt);
    // Checked when it changes: a public form whose community turned private stays editable (visitors
    // can no longer answer it there anyway) instead of refusing every save until it is switched.
    if (input.audience !== undefined && input.audience !== form.audience) checkAudience(input.audience, relation.community);
    let version = form.version;
    if (input.definition) {
      const json = JSON.stringify(input.definition);
      const current = await currentDefinition(tx, form);
      if (json !== JSON.stringify(current)) {
        if ((await responsesTo(tx, id, form.version)) > 0) {
          version = form.version + 1;
          await tx.insertInto('form_versions').values({ form_id: id, version, definition: json, created_at: at }).execute();
        } else {
          await tx.updateTable('form_versions').set({ definition: json }).where('form_id', '=', id).where('version', '=', form.version).execute();
        }
      }
    }
    await tx
      .updateTable('forms')
      .set({
        title: input.title ?? form.title,
        description: input.description ?? form.description,
        language: input.language ?? form.language,
        anonymous: input.anonymous === undefined ? form.anonymous : input.anonymous ? 1 : 0,
        audience: input.audience ?? form.audience,
        results_visible_to: input.resultsVisibleTo ?? form.results_visible_to,
        opens_at: opensAt,
        closes_at: closesAt,
        version,
        updated_at: at
      })
      .where('id', '=', id)
      .execute();
    return { version };
  });
}

/** Opens a draft or a closed form to responses, or closes it: responses stay, none are added. */
export async function setFormStatus(db: DB, actor: Actor | null, id: string, status: 'open' | 'closed'): Promise<void> {
  const relation = await findForm(db, actor, id);
  assertOnForm(actor, 'manage', relation);
  if (relation.form.status === status) return;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('forms').set({ status, updated_at: now() }).where('id', '=', id).execute();
    await record(tx, { kind: status === 'open' ? 'form.opened' : 'form.closed', actorId: actor!.id, communityId: relation.community.id, payload: { formId: id } });
  });
}

/** Deletes a form with its responses (after the page asked for confirmation). */
export async function deleteForm(db: DB, actor: Actor | null, id: string): Promise<void> {
  const relation = await findForm(db, actor, id);
  assertOnForm(actor, 'manage', relation);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('form_answers').where('form_id', '=', id).execute();
    // Its reminders would point at nothing.
    await tx.deleteFrom('notifications').where('kind', '=', 'survey_reminder').where('group_key', '=', `survey:${id}`).execute();
    await tx.deleteFrom('forms').where('id', '=', id).execute();
    await record(tx, { kind: 'form.deleted', actorId: actor!.id, communityId: relation.community.id, payload: { formId: id } });
  });
}

function summaryOf(form: Form, community: { slug: string; name: string }, responses: number): FormSummary {
  return {
    id: form.id,
    community,
    purpose: form.purpose,
    title: form.title,
    status: form.status,
    accepting: isAcceptingResponses(form),
    anonymous: form.anonymous === 1,
    audience: form.audience,
    opensAt: form.opens_at === null ? null : Number(form.opens_at),
    closesAt: form.closes_at === null ? null : Number(form.closes_at),
    responses,
    createdAt: Number(form.created_at)
  };
}

export async function viewForm(db: DB, relation: FormRelation, actor: Actor | null): Promise<FormView> {
  const { form, community } = relation;
  return {
    ...summaryOf(form, community, await responsesTo(db, form.id)),
    description: form.description,
    descriptionHtml: renderMarkdown(form.description).html,
    language: form.language,
    resultsVisibleTo: form.results_visible_to,
    version: Number(form.version),
    remindedAt: form.reminded_at === null ? null : Number(form.reminded_at),
    definition: await currentDefinition(db, form),
    responded: relation.responded,
    subject: form.purpose === 'feedback' && form.subject_id ? { kind: 'event', id: form.subject_id } : null,
    may: {
      // A member answers once; a named response is changed by answering again while it is open.
      respond: canOnForm(actor, 'respond', relation) && !(relation.responded && form.anonymous === 1),
      manage: canOnForm(actor, 'manage', relation),
      results: canOnForm(actor, 'read_results', relation)
    }
  };
}

export async function getForm(db: DB, actor: Actor | null, id: string): Promise<FormView> {
  return viewForm(db, await findForm(db, actor, id), actor);
}

/** A community's forms the actor may read, newest first. */
export async function listForms(db: DB, actor: Actor | null, slug: string, raw: z.input<typeof listFormsSchema> = {}): Promise<Page<FormSummary>> {
  const relation = await findCommunity(db, actor, slug);
  const input = listFormsSchema.parse(raw);
  let q = db.selectFrom('forms').selectAll().where('community_id', '=', relation.community.id).where(whereFormReadableBy(actor));
  if (input.status) q = q.where('status', '=', input.status);
  const page = await paginate(q, { columns: ['created_at', 'id'], direction: 'desc' }, input);
  const counts = page.items.length
    ? await db
        .selectFrom('form_responses')
        .select(['form_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where(
          'form_id',
          'in',
          page.items.map((f) => f.id)
        )
        .groupBy('form_id')
        .execute()
    : [];
  const byForm = new Map(counts.map((c) => [c.form_id, Number(c.n)]));
  const community = { slug: relation.community.slug, name: relation.community.name };
  return { ...page, items: page.items.map((form) => summaryOf(form, community, byForm.get(form.id) ?? 0)) };
}

export type { DefinitionInput };
