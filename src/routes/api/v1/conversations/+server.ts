import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { listConversations, startConversation, startConversationSchema } from '$lib/server/messages';
import { pageQuery } from '$lib/server/api/pagination';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const member = requireMember(locals.user);
  return json(await listConversations(db(), member, parseQuery(url, pageQuery)));
});

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, startConversationSchema);
  return json(await startConversation(db(), member, input), { status: 201 });
});
