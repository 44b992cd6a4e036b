import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteForm, getForm, updateForm, updateFormSchema } from '$lib/server/forms';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await getForm(db(), locals.user, params.id)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  await updateForm(db(), member, params.id, await parseBody(request, updateFormSchema));
  return json(await getForm(db(), member, params.id));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deleteForm(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});
