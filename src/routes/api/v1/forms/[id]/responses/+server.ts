import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { submitResponse } from '$lib/server/forms';
import { respondBody } from '$lib/server/api/forms';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request, getClientAddress }) => {
  const { website, ...answers } = await parseBody(request, respondBody);
  // The honeypot: a robot that filled the hidden field is answered as if recorded, and nothing is.
  if (website) return json({ replaced: false });
  return json(await submitResponse(db(), { actor: locals.user, ip: getClientAddress() }, params.id, answers));
});
