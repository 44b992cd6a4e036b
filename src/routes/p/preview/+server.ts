import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { previewMarkdown } from '$lib/server/posts';
import { apiRoute } from '$lib/server/http/problem';
import { parsePlace } from '$lib/server/http/place';
import { invalid } from '$lib/server/errors';
import { limits } from '$lib/shared/limits';

// The editor's instant preview: the Markdown rendered exactly as it would be stored.
export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const form = await request.formData();
  const body = form.get('body');
  if (typeof body !== 'string' || body.length > limits.postBodyMax) throw invalid([{ path: 'body', message: 'api.validation.invalid' }]);
  const place = form.get('place');
  return json({ html: await previewMarkdown(db(), locals.user, body, parsePlace(typeof place === 'string' ? place : null)) });
});
