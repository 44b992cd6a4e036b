import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readProposal } from '$lib/server/proposals/detail';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await readProposal(db(), locals.user, params.id)));
