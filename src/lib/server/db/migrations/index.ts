// The ordered list of migrations. Static imports keep them inside the production bundle.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_communities';
import * as m0003 from './0003_profiles';
import * as m0004 from './0004_welcome_notices';
import * as m0005 from './0005_pictures';
import * as m0006 from './0006_notification_preferences';
import * as m0007 from './0007_invitations_by_email';
import * as m0008 from './0008_publications';
import * as m0009 from './0009_events';
import * as m0010 from './0010_email_calendar';
import * as m0011 from './0011_member_time_zone';
import * as m0012 from './0012_library';
import * as m0013 from './0013_pinned_posts';
import * as m0014 from './0014_notifications';
import * as m0015 from './0015_email_headers';
import * as m0016 from './0016_message_attachments';
import * as m0017 from './0017_emails_by_recipient';
import * as m0018 from './0018_journal_by_kind';
import * as m0019 from './0019_search';
import * as m0020 from './0020_helper_suggestions';
import * as m0021 from './0021_initiatives';
import * as m0022 from './0022_search_seq';
import * as m0023 from './0023_forms';
import * as m0024 from './0024_form_answers_revision';
import * as m0025 from './0025_form_prompts';
import * as m0026 from './0026_topic_proposals';
import * as m0027 from './0027_polls';
import * as m0028 from './0028_live_quiz';
import * as m0029 from './0029_feedback_on_forms';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_communities': m0002,
  '0003_profiles': m0003,
  '0004_welcome_notices': m0004,
  '0005_pictures': m0005,
  '0006_notification_preferences': m0006,
  '0007_invitations_by_email': m0007,
  '0008_publications': m0008,
  '0009_events': m0009,
  '0010_email_calendar': m0010,
  '0011_member_time_zone': m0011,
  '0012_library': m0012,
  '0013_pinned_posts': m0013,
  '0014_notifications': m0014,
  '0015_email_headers': m0015,
  '0016_message_attachments': m0016,
  '0017_emails_by_recipient': m0017,
  '0018_journal_by_kind': m0018,
  '0019_search': m0019,
  '0020_helper_suggestions': m0020,
  '0021_initiatives': m0021,
  '0022_search_seq': m0022,
  '0023_forms': m0023,
  '0024_form_answers_revision': m0024,
  '0025_form_prompts': m0025,
  '0026_topic_proposals': m0026,
  '0027_polls': m0027,
  '0028_live_quiz': m0028,
  '0029_feedback_on_forms': m0029
};
