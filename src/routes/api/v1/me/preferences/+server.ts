import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireMember } from '$lib/server/access';
import { digestSettingsInput, readNotificationSettings, saveNotificationSettings } from '$lib/server/digests';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(async ({ locals }) => json(await readNotificationSettings(db(), locals.user)));

export const PUT = apiRoute(async ({ locals, request }) => {
  requireMember(locals.user);
  return json(await saveNotificationSettings(db(), locals.user, await parseBody(request, digestSettingsInput)));
});
