import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { listConversations, startConversation, type StartConversation } from '$lib/server/messages';
import { messageBody } from '$lib/server/api/messages';
import { pageQuery } from '$lib/server/api/pagination';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const member = requireMember(locals.user);
  return json(await listConversations(db(), member, parseQuery(url, pageQuery)));
});

// JSON, or multipart with files: the domain checks both (the text may be empty beside files).
export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const { input, files } = await messageBody(request);
  return json(await startConversation(db(), member, input as StartConversation, files), { status: 201 });
});
