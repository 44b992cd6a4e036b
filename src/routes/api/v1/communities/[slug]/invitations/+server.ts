import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { inviteByEmail, parseEmailList } from '$lib/server/communities';
import { inviteBody } from '$lib/server/api/communities';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const { emails, role } = await parseBody(request, inviteBody);
  const list = typeof emails === 'string' ? parseEmailList(emails) : emails;
  return json(await inviteByEmail(db(), locals.user, params.slug, { emails: list, role }));
});
