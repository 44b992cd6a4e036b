// The Atom feed of a public community, for feed readers; a 404 like any missing page otherwise.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { communityAtom } from '$lib/server/posts/atom';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) =>
  orPageError(async () => {
    const xml = await communityAtom(db(), params.slug);
    return new Response(xml, {
      headers: {
        'content-type': 'application/atom+xml; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=300'
      }
    });
  });
