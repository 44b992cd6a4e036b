import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { importReferences, notebooksWritableBy } from '$lib/server/library';
import { libraryTargets } from '$lib/server/library/targets';
import { limits } from '$lib/shared/limits';
import { translate } from '$lib/i18n';
import { requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

// Importing a file of references (BibTeX, RIS, CSL-JSON) or pasted text; the answer is the report on
// the same page: what was imported, what merged with a reference already here, what was refused and where.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return {
    targets: await libraryTargets(db(), user),
    notebooks: await notebooksWritableBy(db(), user),
    preselected: { notebook: url.searchParams.get('notebook'), community: url.searchParams.get('community') }
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const pasted = String(form.get('text') ?? '');
    const values = {
      text: pasted,
      format: field(form, 'format') ?? '',
      visibility: field(form, 'visibility') ?? 'instance',
      licence: field(form, 'licence') ?? 'all-rights-reserved',
      notebook: field(form, 'notebook') ?? '',
      communities: form.getAll('communities').map(String)
    };
    const file = form.get('file');
    if (file instanceof File && file.size > limits.importMaxBytes) {
      const message = translate(locals.locale, 'library.import.errors.too_large');
      return fail(400, { ...values, error: message, issues: { file: message } });
    }
    const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
    try {
      const report = await importReferences(db(), user, {
        text,
        format: (values.format || undefined) as 'bibtex' | 'ris' | 'csl-json' | undefined,
        visibility: values.visibility,
        communities: values.communities,
        licence: values.licence as 'all-rights-reserved',
        notebook: values.notebook || undefined
      });
      return { ...values, report };
    } catch (error) {
      return formFailure(error, locals.locale, values);
    }
  }
};
