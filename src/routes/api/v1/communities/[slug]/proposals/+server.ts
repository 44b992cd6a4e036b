import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createPost } from '$lib/server/posts';
import { listProposals, listProposalsSchema } from '$lib/server/proposals';
import { readProposal } from '$lib/server/proposals/detail';
import { proposeBody } from '$lib/server/api/proposals';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await listProposals(db(), locals.user, params.slug, parseQuery(url, listProposalsSchema))));

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { id } = await createPost(db(), member, params.slug, { ...(await parseBody(request, proposeBody)), kind: 'proposal' });
  return json(await readProposal(db(), member, id), { status: 201 });
});
