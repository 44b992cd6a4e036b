import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readPost, updatePost } from '$lib/server/posts';
import { uploadedFile } from '$lib/server/api/posts';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request, url }) => {
  const member = requireMember(locals.user);
  await updatePost(db(), member, params.id, {}, [await uploadedFile(request, url)]);
  return json(await readPost(db(), member, params.id, { markRead: false }), { status: 201 });
});
