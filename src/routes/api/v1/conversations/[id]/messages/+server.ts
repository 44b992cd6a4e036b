import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { postMessage, postMessageSchema } from '$lib/server/messages';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { assertOnConversation, requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  // Outsiders learn nothing, not even whether their body was valid.
  await assertOnConversation(db(), member, params.id, 'read');
  const input = await parseBody(request, postMessageSchema);
  return json(await postMessage(db(), member, params.id, input), { status: 201 });
});
