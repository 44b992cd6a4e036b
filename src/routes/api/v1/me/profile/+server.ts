import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { profileUpdate, readOwnProfile, updateProfile } from '$lib/server/profiles';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';

export const GET = apiRoute(async ({ locals }) => json(await readOwnProfile(db(), locals.user)));

export const PATCH = apiRoute(async ({ locals, request }) => {
  requireMember(locals.user);
  return json(await updateProfile(db(), locals.user, await parseBody(request, profileUpdate)));
});
