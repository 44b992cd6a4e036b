import { db } from '../db';
import type { Locale } from '../../i18n';

/** Remembers the member's language so emails and other devices use it too. */
export async function saveLocalePreference(userId: string, locale: Locale): Promise<void> {
  await db().updateTable('users').set({ locale, updated_at: new Date().toISOString() }).where('id', '=', userId).execute();
}
