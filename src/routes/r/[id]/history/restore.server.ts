// The Restore action shared by the history and by the page of one revision.
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { restoreRevision } from '$lib/server/library';
import { DomainError } from '$lib/server/errors';
import { formFailure } from '$lib/server/http/forms';
import { requireSignedIn } from '$lib/server/http/pages';
import { translate } from '$lib/i18n';

export async function restore({ locals, params, request, url }: RequestEvent<{ id: string }>) {
  const user = requireSignedIn(locals.user, url);
  const form = await request.formData();
  const number = Number(form.get('number'));
  const from = Number(form.get('revision')) || undefined;
  try {
    await restoreRevision(db(), user, params.id, number, from);
  } catch (error) {
    // Someone saved since the page was shown: restoring now would undo their work unseen.
    if (error instanceof DomainError && error.code === 'conflict') return fail(409, { error: translate(locals.locale, 'library.history.restore_conflict'), issues: {} });
    return formFailure(error, locals.locale);
  }
  redirect(303, `/r/${params.id}/history?restored=${number}`);
}
