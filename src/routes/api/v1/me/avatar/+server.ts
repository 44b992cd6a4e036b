import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readOwnProfile } from '$lib/server/profiles';
import { setAvatar } from '$lib/server/profiles/avatar';
import { apiRoute } from '$lib/server/http/problem';
import { uploadedBytes } from '$lib/server/http/pictures';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  await setAvatar(db(), member, await uploadedBytes(request));
  return json(await readOwnProfile(db(), member));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals }) => {
  await setAvatar(db(), requireMember(locals.user), null);
  return new Response(null, { status: 204 });
});
