import { db } from '$lib/server/db';
import { markAttendance } from '$lib/server/events';
import { attendanceBody } from '$lib/server/api/events';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { attended } = await parseBody(request, attendanceBody);
  await markAttendance(db(), member, params.id, params.userId, attended);
  return new Response(null, { status: 204 });
});
