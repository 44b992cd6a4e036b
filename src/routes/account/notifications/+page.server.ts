import { db } from '$lib/server/db';
import { requireSignedIn, orPageError } from '$lib/server/http/pages';
import { echoAll, formFailure } from '$lib/server/http/forms';
import { readNotificationSettings, saveNotificationSettings } from '$lib/server/digests';
import { channels, notificationKinds, type Channel, type NotificationKind } from '$lib/server/preferences';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return { settings: await orPageError(() => readNotificationSettings(db(), user)) };
};

/** A whole number typed in a field, blank as null, anything else as given so zod names the mistake. */
function whole(value: FormDataEntryValue | null): number | null | string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return null;
  return /^\d+$/.test(text) ? Number(text) : text;
}

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const kinds = Object.fromEntries(
      (Object.keys(notificationKinds) as NotificationKind[])
        .map((kind) => [kind, form.get(`kind-${kind}`)] as const)
        .filter((entry): entry is [NotificationKind, Channel] => channels.includes(entry[1] as Channel))
    );
    const digests = Object.fromEntries(
      [...form.entries()].filter(([name]) => name.startsWith('digest-')).map(([name, value]) => [name.slice('digest-'.length), String(value)])
    );
    try {
      await saveNotificationSettings(db(), user, {
        kinds,
        digests,
        digestWeekday: whole(form.get('digestWeekday')) ?? undefined,
        digestHour: whole(form.get('digestHour')) ?? undefined,
        emailBudget: whole(form.get('emailBudget'))
      } as Parameters<typeof saveNotificationSettings>[2]);
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    return { saved: true };
  }
};
