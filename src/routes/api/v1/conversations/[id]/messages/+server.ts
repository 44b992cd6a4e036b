import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { postMessage, type PostMessage } from '$lib/server/messages';
import { messageBody } from '$lib/server/api/messages';
import { apiRoute } from '$lib/server/http/problem';
import { assertOnConversation, requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  // Outsiders learn nothing, not even whether their body was valid.
  await assertOnConversation(db(), member, params.id, 'read');
  const { input, files } = await messageBody(request);
  return json(await postMessage(db(), member, params.id, input as PostMessage, files), { status: 201 });
});
