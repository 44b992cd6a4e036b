import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { decideProposal, decisionSchema } from '$lib/server/proposals';
import { readProposal } from '$lib/server/proposals/detail';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  await decideProposal(db(), member, params.id, await parseBody(request, decisionSchema));
  return json(await readProposal(db(), member, params.id));
});
