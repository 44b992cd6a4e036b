import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { addMaterialLink, listMaterials } from '$lib/server/events';
import { materialBody } from '$lib/server/api/events';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json({ items: await listMaterials(db(), locals.user, params.id), nextCursor: null }));

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, materialBody);
  return json(await addMaterialLink(db(), member, params.id, input), { status: 201 });
});
