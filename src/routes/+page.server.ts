import type { PageServerLoad } from './$types';
import { needsSetup } from '$lib/server/auth/setup';
import { db } from '$lib/server/db';
import { pendingInvitations } from '$lib/server/communities';

// The invitation to set up the instance is for its first visitor; someone who already signed up
// as a member sees the ordinary home page.
export const load: PageServerLoad = async ({ locals }) => ({
  needsSetup: !locals.user && (await needsSetup()),
  // Someone who created their account from an invitation finds it here once signed in.
  invitations: await pendingInvitations(db(), locals.user)
});
