// Who is acting: the small view of a member every domain function receives.
import type { Locale } from '../../i18n';

export type Actor = {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
  locale: Locale;
  emailVerified: boolean;
  /** The member's own clock for activity times, when they chose one (pages only; null or absent otherwise). */
  timeZone?: string | null;
};
