import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(() => json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } }));
