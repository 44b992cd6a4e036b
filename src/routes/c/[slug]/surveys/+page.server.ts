import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createForm, listForms, templates, type TemplateName } from '$lib/server/forms';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, formFailure } from '$lib/server/http/forms';

// A community's surveys: those the visitor may read (drafts only for its animators), newest first,
// and for animators a new survey from the needs-survey template or blank.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => ({ forms: await listForms(db(), locals.user, params.slug, { cursor: url.searchParams.get('cursor') ?? undefined }) }));

export const actions: Actions = {
  create: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const name = String(form.get('template') ?? 'needs');
    const template = name in templates ? templates[name as TemplateName] : templates.needs;
    let id: string;
    try {
      id = (
        await createForm(db(), user, params.slug, {
          title: String(form.get('title') ?? ''),
          language: form.get('language') === 'en' ? 'en' : 'fr',
          purpose: form.get('purpose') === 'welcome' ? 'welcome' : 'survey',
          definition: template
        })
      ).id;
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/f/${id}/edit`);
  }
};
