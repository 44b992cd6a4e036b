import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { removeQuestion } from '$lib/server/quiz';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => json(await removeQuestion(db(), requireMember(locals.user), params.id, params.questionId)));
