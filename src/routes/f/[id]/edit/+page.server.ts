import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { builder, definitionSchema, deleteForm, getForm, nonRespondentCount, questionKinds, remindNonRespondents, setFormStatus, updateForm, type DefinitionInput, type QuestionKind } from '$lib/server/forms';
import { forbidden } from '$lib/server/errors';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, formFailure } from '$lib/server/http/forms';
import { localInput } from '$lib/server/http/event-form';
import { questionFieldsFrom, settingsFrom } from '$lib/server/http/survey-form';
import { hasMessage, translate } from '$lib/i18n';

// The survey builder, without JavaScript: the settings in one form, each question in its own small
// form (wording, choices one per line, condition), and buttons to add, move and remove questions,
// open, close and delete. Once people have answered, an edit makes a new version: the page says so.
export const load: PageServerLoad = async ({ locals, url, parent }) => {
  requireSignedIn(locals.user, url);
  const { survey, community } = await parent();
  return orPageError(async () => {
    if (!survey.may.manage) throw forbidden();
    const bilingual = community.languages.length > 1;
    const timeZone = config().timeZone;
    const row = await db().selectFrom('forms').select(['id', 'community_id']).where('id', '=', survey.id).executeTakeFirstOrThrow();
    return {
      nonRespondents: survey.accepting && survey.remindedAt === null ? await nonRespondentCount(db(), row, locals.user?.id ?? null) : 0,
      bilingual,
      timeZone,
      kinds: [...questionKinds.filter((kind) => kind !== 'section'), 'section' as const],
      settings: { opensAt: localInput(survey.opensAt, timeZone), closesAt: localInput(survey.closesAt, timeZone) },
      // Each question with the text its choices are edited as.
      builder: survey.definition.questions.map((question) => ({ question, choicesText: 'choices' in question ? builder.choicesText(question.choices, bilingual) : '' })),
      confirmDelete: url.searchParams.has('delete'),
      confirmRemove: url.searchParams.get('remove')
    };
  });
};

type Event = RequestEvent;

/** The current definition, for an animator who may change it. */
async function editing(event: Event) {
  const user = requireSignedIn(event.locals.user, event.url);
  const survey = await getForm(db(), user, event.params.id);
  if (!survey.may.manage) throw forbidden();
  return { user, survey, definition: survey.definition as DefinitionInput };
}

/**
 * Saves the next definition. A problem with the edited question comes back for that question, by
 * field, translated, with what was typed; nothing is saved.
 */
async function save(event: Event, next: DefinitionInput, questionId: string | null, values: Record<string, unknown>) {
  const { locale } = event.locals;
  const checked = definitionSchema.safeParse(next);
  if (!checked.success) {
    const index = next.questions.findIndex((q) => q.id === questionId);
    const issues: Record<string, string> = {};
    for (const issue of checked.error.issues) {
      const onThis = issue.path[0] === 'questions' && issue.path[1] === index;
      const key = onThis ? String(issue.path[2] ?? 'label') : 'definition';
      issues[key] ??= translate(locale, hasMessage(issue.message) ? issue.message : 'errors.invalid');
    }
    return fail(400, { ...values, action: 'question', id: questionId, error: translate(locale, 'errors.invalid'), issues });
  }
  try {
    await updateForm(db(), event.locals.user, event.params.id, { definition: checked.data });
  } catch (error) {
    return formFailure(error, locale, { ...values, action: 'question', id: questionId });
  }
  return null;
}

const placeholder = (event: Event) => ({
  label: translate(event.locals.locale, 'surveys.builder.new_question'),
  choice: (n: number) => translate(event.locals.locale, 'surveys.builder.new_choice', { n })
});

export const actions: Actions = {
  settings: async (event) => {
    const form = await event.request.formData();
    const { input, invalidDates } = settingsFrom(form, config().timeZone);
    const values = { ...echoAll(form), action: 'settings', anonymous: form.get('anonymous') === 'on' ? 'on' : '' };
    if (invalidDates.length) {
      const message = translate(event.locals.locale, 'surveys.builder.invalid_date');
      return fail(400, { ...values, error: translate(event.locals.locale, 'errors.invalid'), issues: Object.fromEntries(invalidDates.map((name) => [name, message])) });
    }
    try {
      await updateForm(db(), requireSignedIn(event.locals.user, event.url), event.params.id, input);
    } catch (error) {
      return formFailure(error, event.locals.locale, values);
    }
    return { action: 'settings', saved: true };
  },
  question: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const result = await orPageError(async () => {
      const { survey, definition } = await editing(event);
      return save(event, builder.editQuestion(definition, id, questionFieldsFrom(form), survey.language), id, { values: echoAll(form), showIf: form.getAll('showIf').map(String) });
    });
    return result ?? { action: 'question', id, saved: true };
  },
  add: async (event) => {
    const form = await event.request.formData();
    const kind = String(form.get('kind') ?? '');
    if (!(questionKinds as readonly string[]).includes(kind)) return fail(400, { action: 'add', error: translate(event.locals.locale, 'surveys.builder.unknown_kind') });
    const result = await orPageError(async () => {
      const { survey, definition } = await editing(event);
      const next = builder.addQuestion(definition, kind as QuestionKind, placeholder(event), survey.language);
      return (await save(event, next, null, {})) ?? next.questions.at(-1)!.id;
    });
    if (typeof result !== 'string') return result;
    redirect(303, `/f/${event.params.id}/edit#q-${result}`);
  },
  move: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const result = await orPageError(async () => {
      const { definition } = await editing(event);
      return save(event, builder.moveQuestion(definition, id, form.get('by') === 'up' ? -1 : 1), id, {});
    });
    if (result) return result;
    redirect(303, `/f/${event.params.id}/edit#q-${id}`);
  },
  remove: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const result = await orPageError(async () => {
      const { definition } = await editing(event);
      return save(event, builder.removeQuestion(definition, id), id, {});
    });
    if (result) return result;
    redirect(303, `/f/${event.params.id}/edit#questions`);
  },
  open: async (event) => {
    try {
      await setFormStatus(db(), requireSignedIn(event.locals.user, event.url), event.params.id, 'open');
    } catch (error) {
      return formFailure(error, event.locals.locale, { action: 'status' });
    }
    return { action: 'status', saved: true };
  },
  close: async (event) => {
    try {
      await setFormStatus(db(), requireSignedIn(event.locals.user, event.url), event.params.id, 'closed');
    } catch (error) {
      return formFailure(error, event.locals.locale, { action: 'status' });
    }
    return { action: 'status', saved: true };
  },
  remind: async (event) => {
    try {
      await remindNonRespondents(db(), requireSignedIn(event.locals.user, event.url), event.params.id);
    } catch (error) {
      return formFailure(error, event.locals.locale, { action: 'remind' });
    }
    return { action: 'remind', saved: true };
  },
  delete: async (event) => {
    const user = requireSignedIn(event.locals.user, event.url);
    const slug = await orPageError(async () => (await getForm(db(), user, event.params.id)).community.slug);
    try {
      await deleteForm(db(), user, event.params.id);
    } catch (error) {
      return formFailure(error, event.locals.locale, { action: 'delete' });
    }
    redirect(303, `/c/${slug}/surveys?deleted`);
  }
};
