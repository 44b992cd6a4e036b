import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createForm, createFormSchema, listForms, listFormsSchema } from '$lib/server/forms';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await listForms(db(), locals.user, params.slug, parseQuery(url, listFormsSchema))));

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  return json(await createForm(db(), member, params.slug, await parseBody(request, createFormSchema)), { status: 201 });
});
