// The community's logo, for whoever may see the community; a 404 like any missing page otherwise.
import { db } from '$lib/server/db';
import { readCommunityLogo } from '$lib/server/communities';
import { pictureResponse } from '$lib/server/http/pictures';
import { orPageError } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => {
    const { bytes, key } = await readCommunityLogo(db(), locals.user, params.slug);
    return pictureResponse(request, bytes, key);
  });
