// What events can be, shared by the server and the pages.
export const eventKinds = ['webinar', 'workshop', 'cinq_a_sept', 'reading_club', 'case_discussion', 'expert_talk', 'networking', 'annual_gathering', 'meeting', 'other'] as const;
export const eventFormats = ['in_person', 'online', 'hybrid'] as const;
export const eventAudiences = ['public', 'members', 'animators'] as const;
export const registrationAnswers = ['going', 'maybe', 'not_going'] as const;
export const repeatFrequencies = ['weekly', 'monthly_date', 'monthly_weekday'] as const;
/** The reminders an event sends unless its organisers choose otherwise: a day and an hour before. */
export const defaultReminders = [1440, 60] as const;
/** A series never makes more occurrences than this. */
export const maxOccurrences = 60;
/** Time zones offered first in choices; any IANA name is accepted. */
export const commonZones = [
  'America/St_Johns', 'America/Halifax', 'America/Moncton', 'America/Toronto', 'America/Winnipeg', 'America/Regina',
  'America/Edmonton', 'America/Vancouver', 'America/Whitehorse', 'America/New_York', 'America/Port-au-Prince',
  'Europe/London', 'Europe/Paris', 'Europe/Brussels', 'Africa/Casablanca', 'Africa/Dakar', 'Africa/Abidjan', 'Africa/Kinshasa', 'UTC'
] as const;
