import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getOutboxEmail, resendEmail } from '$lib/server/mail/admin';
import { orPageError } from '$lib/server/http/pages';
import { doneUnlessConflict } from '../../../conflict';

// The confirmation step is this page itself: resending happens only on its POST.
export const load: PageServerLoad = async ({ locals, params }) => ({
  email: await orPageError(() => getOutboxEmail(db(), locals.user, params.id))
});

export const actions: Actions = {
  default: async ({ locals, params }) => {
    if (!(await doneUnlessConflict(() => resendEmail(db(), locals.user, params.id)))) {
      return fail(409, { notPossible: true });
    }
    redirect(303, `/admin/outbox/${params.id}?resent`);
  }
};
