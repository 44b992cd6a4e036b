import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findCommunityView, setCommunityLogo } from '$lib/server/communities';
import { apiRoute } from '$lib/server/http/problem';
import { uploadedBytes } from '$lib/server/http/pictures';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  await setCommunityLogo(db(), member, params.slug, await uploadedBytes(request));
  return json(await findCommunityView(db(), member, params.slug));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await setCommunityLogo(db(), requireMember(locals.user), params.slug, null);
  return new Response(null, { status: 204 });
});
