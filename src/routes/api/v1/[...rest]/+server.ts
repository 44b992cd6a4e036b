// Any path under /api/v1 that no endpoint claims: a 404 problem, whatever the method.
import { notFound } from '$lib/server/errors';
import { apiRoute } from '$lib/server/http/problem';

export const fallback = apiRoute(() => {
  throw notFound('api.unknown_path');
});
