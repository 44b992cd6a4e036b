import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readRevision } from '$lib/server/library';
import { revisionNumber, revisionOut } from '$lib/server/api/library';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(revisionOut(await readRevision(db(), locals.user, params.id, revisionNumber(params.number)))));
