import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { readEmlFile } from '$lib/server/mail/admin';
import { orPageError } from '$lib/server/http/pages';

export const GET: RequestHandler = async ({ locals, params }) => {
  const raw = await orPageError(() => readEmlFile(db(), locals.user, params.id));
  return new Response(new Uint8Array(raw), {
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="${params.id}.eml"`,
      'Cache-Control': 'private, no-store'
    }
  });
};
