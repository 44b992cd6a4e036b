// The benchmark's ceiling for an endpoint (bench/README.md): a few bytes of text through the same
// hooks as every request, with no database query and no session.
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => new Response('ok', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
