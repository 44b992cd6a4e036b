import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { acceptInvitation, readInvitation } from '$lib/server/communities';
import { requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { DomainError } from '$lib/server/errors';

// The link from an invitation email. Reading it changes nothing; accepting is a form post.
export const load: PageServerLoad = async ({ params, locals }) => {
  try {
    const invitation = await readInvitation(db(), params.token);
    return {
      invitation: { email: invitation.email, community: invitation.community },
      signedInAs: locals.user?.email ?? null,
      hasAccount: (await db().selectFrom('users').select('id').where('email', '=', invitation.email).executeTakeFirst()) !== undefined
    };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return { invitation: null, signedInAs: null, hasAccount: false };
    throw error;
  }
};

export const actions: Actions = {
  default: async ({ params, locals, url }) => {
    requireSignedIn(locals.user, url);
    let slug: string;
    try {
      slug = (await acceptInvitation(db(), locals.user, params.token)).slug;
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${slug}`);
  }
};
