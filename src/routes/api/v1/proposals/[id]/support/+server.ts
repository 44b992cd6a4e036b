import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { setSupport } from '$lib/server/proposals';
import { readProposal } from '$lib/server/proposals/detail';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

// PUT gives, DELETE takes back: both may be sent again without changing more.
const mark = (on: boolean): RequestHandler =>
  apiRoute(async ({ locals, params }) => {
    const member = requireMember(locals.user);
    await setSupport(db(), member, params.id, on);
    return json(await readProposal(db(), member, params.id));
  });

export const PUT = mark(true);
export const DELETE = mark(false);
