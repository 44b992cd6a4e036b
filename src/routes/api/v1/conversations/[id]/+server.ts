import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { markRead, readConversation } from '$lib/server/messages';
import { conversationForApi } from '$lib/server/api/messages';
import { pageQuery } from '$lib/server/api/pagination';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const member = requireMember(locals.user);
  const view = await readConversation(db(), member, params.id, parseQuery(url, pageQuery));
  await markRead(db(), member, params.id);
  return json(conversationForApi(view));
});
