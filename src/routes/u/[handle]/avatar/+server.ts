// A member's avatar, for whoever its visibility allows; a 404 like no avatar at all otherwise.
import { db } from '$lib/server/db';
import { readAvatar } from '$lib/server/profiles/avatar';
import { pictureResponse } from '$lib/server/http/pictures';
import { orPageError } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => {
    const { bytes, key } = await readAvatar(db(), locals.user, params.handle);
    return pictureResponse(request, bytes, key);
  });
