// Table types, declared once. Timestamps of our own tables are epoch milliseconds; the account
// tables that better-auth writes keep its Date columns (timestamptz on PostgreSQL, ISO text on SQLite).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LibraryVisibility, ResourceKind } from '../../shared/library';

type AuthDate = ColumnType<Date | string, Date | string, Date | string>;
type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  email_verified: Bool;
  image: string | null;
  role: Generated<'admin' | 'member'>;
  locale: Generated<'fr' | 'en'>;
  /** The clock the member reads activity times on, besides each activity's own; null: the activity's only. */
  time_zone: Generated<string | null>;
  /** Digest day (0 Sunday … 6 Saturday) and hour on the member's clock; null: the instance's. */
  digest_weekday: Generated<number | null>;
  digest_hour: Generated<number | null>;
  /** Weekly ceiling of emails; null: the instance's default. */
  email_budget: Generated<number | null>;
  created_at: AuthDate;
  updated_at: AuthDate;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: AuthDate;
  ip_address: string | null;
  user_agent: string | null;
  created_at: AuthDate;
  updated_at: AuthDate;
}

export interface AccountsTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: AuthDate | null;
  refresh_token_expires_at: AuthDate | null;
  scope: string | null;
  password: string | null;
  created_at: AuthDate;
  updated_at: AuthDate;
}

export interface VerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: AuthDate;
  created_at: AuthDate;
  updated_at: AuthDate;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

export interface EmailsTable {
  id: string;
  message_id: string;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** An iCalendar invitation (METHOD:REQUEST) sent along, or null. */
  calendar: Generated<string | null>;
  /** JSON object of extra headers (List-Unsubscribe…), each value made header-safe when sent. */
  headers: Generated<string | null>;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export type Visibility = 'public' | 'private' | 'hidden';
export type JoinPolicy = 'open' | 'request' | 'invite';
export type CommunityStatus = 'pending' | 'active' | 'archived';

export interface CommunitiesTable {
  id: string;
  slug: string;
  name: string;
  summary: string;
  /** 'fr', 'en' or 'fr,en'. */
  languages: string;
  /** JSON arrays of strings. */
  themes: string;
  regions: string;
  partners: string;
  mission: string | null;
  vision: string | null;
  values_text: string | null;
  objectives: string | null;
  not_statement: string | null;
  visibility: Visibility;
  join_policy: JoinPolicy;
  join_question: string | null;
  welcome_message: string | null;
  /** Storage key of the logo (WebP), or null. */
  logo_path: string | null;
  status: CommunityStatus;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
  /** The frequency guard: animators are warned past this many events for the same members in four weeks. */
  event_load_limit: Generated<number>;
  /** How many open proposals a member may support at once here; null for no limit (approval voting). */
  proposal_support_limit: Generated<number | null>;
}

export type CommunityRole = 'member' | 'animator' | 'steward';
/** Only `active` grants anything; the others keep the history of a request or a departure. */
export type MembershipStatus = 'pending' | 'active' | 'removed' | 'banned' | 'left' | 'declined';

export interface MembershipsTable {
  id: string;
  community_id: string;
  user_id: string;
  role: CommunityRole;
  status: MembershipStatus;
  request_message: string | null;
  decision_message: string | null;
  decided_by: string | null;
  decided_at: number | null;
  joined_at: number | null;
  created_at: number;
  updated_at: number;
  /** The welcome message's in-app copy: sent when they became a member, seen when they put it away. */
  welcome_sent_at: number | null;
  welcome_seen_at: number | null;
}

export interface InvitationsTable {
  id: string;
  community_id: string;
  email: string;
  token_hash: string;
  role: CommunityRole;
  invited_by: string | null;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
  created_at: number;
}

export interface AnimatorTermsTable {
  id: string;
  community_id: string;
  user_id: string;
  started_at: number;
  ended_at: number | null;
  note: string | null;
  handed_by: string | null;
}

export type FieldVisibility = 'public' | 'instance' | 'communities';
export type OrganisationType = 'community' | 'health_social' | 'education' | 'public_body' | 'other';

export interface OrganisationsTable {
  id: string;
  name: string;
  /** Lowercase name without accents: two spellings of one organisation are one entry. */
  name_key: string;
  type: OrganisationType;
  region: string | null;
  website: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProfilesTable {
  user_id: string;
  handle: string;
  pronouns: string | null;
  organisation_id: string | null;
  discipline: string | null;
  region: string | null;
  /** JSON arrays of strings. */
  languages: Generated<string>;
  expertise: Generated<string>;
  interests: Generated<string>;
  bio: string | null;
  links: Generated<string>;
  /** Storage key of the avatar (WebP), or null. */
  avatar_path: string | null;
  avatar_visibility: Generated<FieldVisibility>;
  pronouns_visibility: Generated<FieldVisibility>;
  organisation_visibility: Generated<FieldVisibility>;
  discipline_visibility: Generated<FieldVisibility>;
  region_visibility: Generated<FieldVisibility>;
  languages_visibility: Generated<FieldVisibility>;
  expertise_visibility: Generated<FieldVisibility>;
  interests_visibility: Generated<FieldVisibility>;
  bio_visibility: Generated<FieldVisibility>;
  links_visibility: Generated<FieldVisibility>;
  /** Who may start a conversation with them: members of a shared community, or any member. */
  messages_from: Generated<'communities' | 'anyone'>;
  /** Suggested by "who can help me?": 1, 0, or null for the default (animators yes, others no). */
  suggest_me: Generated<number | null>;
  /** When the member arrived on the instance. */
  created_at: number;
  updated_at: number;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  /** `app`: in the app only; `email`: in the app and by email at once. */
  channel: string;
  updated_at: number;
}

export interface CommunityPartnersTable {
  community_id: string;
  organisation_id: string;
}

export type PostKind = 'discussion' | 'question' | 'resource' | 'case' | 'call' | 'proposal';

export interface PostsTable {
  id: string;
  /** The community it was written in; post_communities lists every community it is shared into. */
  community_id: string;
  author_id: string | null;
  kind: PostKind;
  title: string;
  body: string;
  /** The body rendered once, when written (markdown-it, raw HTML off, mentions and tags resolved). */
  body_html: string;
  language: 'fr' | 'en';
  link_url: string | null;
  /** JSON LinkPreview of link_url, or null. */
  link_preview: string | null;
  revision: number;
  comment_count: number;
  view_count: number;
  /** For questions: the comment marked as the answer. */
  answer_id: string | null;
  pinned_at: number | null;
  locked_at: number | null;
  deleted_at: number | null;
  deleted_by: string | null;
  edited_at: number | null;
  /** Creation, or the latest comment: what "latest activity" sorts by. */
  activity_at: number;
  created_at: number;
  updated_at: number;
}

export interface PostCommunitiesTable {
  post_id: string;
  community_id: string;
  activity_at: number;
  created_at: number;
}

export interface CommentsTable {
  id: string;
  post_id: string;
  /** One level of nesting: a reply to a top-level comment. */
  parent_id: string | null;
  author_id: string | null;
  body: string;
  body_html: string;
  revision: number;
  deleted_at: number | null;
  deleted_by: string | null;
  edited_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface RevisionsTable {
  id: string;
  post_id: string;
  comment_id: string | null;
  number: number;
  title: string | null;
  body: string;
  editor_id: string | null;
  created_at: number;
}

export interface ReactionsTable {
  post_id: string;
  target_id: string;
  user_id: string;
  emoji: string;
  created_at: number;
}

export interface AttachmentsTable {
  id: string;
  post_id: string;
  uploader_id: string | null;
  storage_key: string;
  file_name: string;
  mime: string;
  kind: 'image' | 'file';
  size: number;
  width: number | null;
  height: number | null;
  created_at: number;
}

export interface PostTagsTable {
  post_id: string;
  tag: string;
}

export interface MentionsTable {
  post_id: string;
  target_id: string;
  user_id: string;
  created_at: number;
}

export interface PostFollowsTable {
  post_id: string;
  user_id: string;
  muted_at: number | null;
  created_at: number;
}

export interface PostReadsTable {
  user_id: string;
  post_id: string;
  comments_seen: number;
  read_at: number;
}

export interface CommunityVisitsTable {
  user_id: string;
  community_id: string;
  visited_at: number;
}

export interface JournalTable {
  id: string;
  kind: string;
  actor_id: string | null;
  community_id: string | null;
  post_id: string | null;
  comment_id: string | null;
  /** JSON object. */
  payload: string;
  created_at: number;
  processed_at: number | null;
}

export type EventKind = 'webinar' | 'workshop' | 'cinq_a_sept' | 'reading_club' | 'case_discussion' | 'expert_talk' | 'networking' | 'annual_gathering' | 'meeting' | 'other';
export type EventFormat = 'in_person' | 'online' | 'hybrid';
/** public: anyone; members: members of the hosting communities; animators: their animators and stewards. */
export type EventAudience = 'public' | 'members' | 'animators';
export type EventStatus = 'scheduled' | 'cancelled';
export type RegistrationStatus = 'going' | 'maybe' | 'not_going' | 'waitlisted';

export interface EventSeriesTable {
  id: string;
  /** JSON SeriesRule (src/lib/server/events/recurrence.ts). */
  rule: string;
  time_zone: string;
  created_at: number;
}

export interface EventsTable {
  id: string;
  series_id: string | null;
  /** For an occurrence: the start the rule gave it, which stays its identity when it is moved. */
  series_start: number | null;
  /** The first host; event_communities lists every co-host, this one included. */
  community_id: string;
  kind: EventKind;
  format: EventFormat;
  title: string;
  description: string;
  description_html: string;
  language: 'fr' | 'en';
  address: string | null;
  /** Shown only to registered participants (and organisers). */
  meeting_url: string | null;
  starts_at: number;
  ends_at: number;
  /** IANA name, e.g. America/Toronto: the wall clock the event is planned in. */
  time_zone: string;
  audience: EventAudience;
  capacity: number | null;
  registration_deadline: number | null;
  /** JSON array of { id, label, required }. */
  questions: string;
  /** JSON array of minutes before the start, e.g. [1440, 60]. */
  reminders: string;
  status: EventStatus;
  /** iCalendar SEQUENCE: grows with every change participants should see. */
  sequence: number;
  recording_url: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface EventCommunitiesTable {
  event_id: string;
  community_id: string;
  starts_at: number;
}

export interface EventOrganisersTable {
  event_id: string;
  user_id: string;
}

export interface EventPresentersTable {
  id: string;
  event_id: string;
  /** A member, or null for a guest from outside. */
  user_id: string | null;
  name: string;
  affiliation: string | null;
  bio: string | null;
  position: number;
}

export interface EventTagsTable {
  event_id: string;
  tag: string;
}

export interface RegistrationsTable {
  event_id: string;
  user_id: string;
  status: RegistrationStatus;
  /** JSON object: question id → answer. */
  answers: string;
  /** Place in the waitlist: when they joined it. */
  waitlisted_at: number | null;
  /** Marked after the event by its organisers: 1 came, 0 did not, null not marked. */
  attended: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventRemindersSentTable {
  event_id: string;
  user_id: string;
  minutes_before: number;
  sent_at: number;
}

export interface EventFeedbackTable {
  event_id: string;
  user_id: string;
  rating: number;
  comment: string | null;
  created_at: number;
}

export interface EventMaterialsTable {
  id: string;
  event_id: string;
  kind: 'link' | 'file';
  title: string;
  url: string | null;
  storage_key: string | null;
  file_name: string | null;
  mime: string | null;
  size: number | null;
  created_by: string | null;
  created_at: number;
}

export interface CalendarFeedsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}


export interface ResourcesTable {
  id: string;
  kind: ResourceKind;
  title: string;
  summary: string | null;
  /** Markdown of a note or a collective work; a description for the other kinds. */
  body: string;
  body_html: string;
  language: 'fr' | 'en';
  licence: string;
  /** For licence `other`: what it is. */
  licence_note: string | null;
  visibility: LibraryVisibility;
  link_url: string | null;
  link_preview: string | null;
  /** JSON CslItem for a reference. */
  reference: string | null;
  /** Normalised DOI, so an import merges duplicates. */
  doi: string | null;
  storage_key: string | null;
  file_name: string | null;
  mime: string | null;
  size: number | null;
  revision: number;
  /** Who added it ("intégré par"), an author or not. */
  added_by: string | null;
  applied_count: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  deleted_by: string | null;
}

/** An initiative of the map (cartographie): what someone does where. */
export interface InitiativesTable {
  id: string;
  title: string;
  /** Markdown, and its rendering. */
  description: string;
  description_html: string;
  language: 'fr' | 'en';
  /** Free text, as people name their region; the list groups by it. */
  region: string;
  /** An address or a place name. */
  place: string | null;
  /** WGS 84 degrees; both or neither. */
  latitude: number | null;
  longitude: number | null;
  visibility: LibraryVisibility;
  organisation_id: string | null;
  /** Who answers through the platform's messages; its author by default. */
  contact_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface InitiativeCommunitiesTable {
  initiative_id: string;
  community_id: string;
  created_at: number;
}

export interface InitiativeThemesTable {
  initiative_id: string;
  theme: string;
}

export interface ResourceAuthorsTable {
  resource_id: string;
  position: number;
  /** A member, or null for someone outside the instance. */
  user_id: string | null;
  name: string;
}

export interface ResourceCommunitiesTable {
  resource_id: string;
  community_id: string;
  created_at: number;
}

export interface ResourceCategoriesTable {
  resource_id: string;
  category: string;
}

export interface ResourceRevisionsTable {
  id: string;
  resource_id: string;
  number: number;
  editor_id: string | null;
  message: string | null;
  /** JSON ResourceSnapshot. */
  snapshot: string;
  created_at: number;
}

export interface ResourceLinksTable {
  source_id: string;
  target_id: string;
}

export interface ResourceApplicationsTable {
  resource_id: string;
  user_id: string;
  story: string | null;
  created_at: number;
}

export interface ResourceDiscussionsTable {
  resource_id: string;
  community_id: string;
  post_id: string;
  created_at: number;
}

export interface NotebooksTable {
  id: string;
  title: string;
  description: string;
  description_html: string;
  visibility: LibraryVisibility;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface NotebookMembersTable {
  notebook_id: string;
  user_id: string;
  role: 'manager' | 'contributor';
  created_at: number;
}

export interface NotebookItemsTable {
  notebook_id: string;
  resource_id: string;
  position: number;
  added_by: string | null;
  added_at: number;
}

export interface NotebookCommunitiesTable {
  notebook_id: string;
  community_id: string;
  created_at: number;
}

export interface NotebookCategoriesTable {
  notebook_id: string;
  category: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  group_key: string;
  actor_id: string | null;
  community_id: string | null;
  post_id: string | null;
  comment_id: string | null;
  event_id: string | null;
  resource_id: string | null;
  conversation_id: string | null;
  /** The journal entry (or message) it came from. */
  source_id: string;
  /** JSON object. */
  payload: string;
  created_at: number;
  read_at: number | null;
}

export interface ConversationsTable {
  id: string;
  created_by: string | null;
  subject: string | null;
  created_at: number;
  last_message_at: number;
}

export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  joined_at: number;
  left_at: number | null;
  last_read_at: number | null;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  author_id: string | null;
  body: string;
  body_html: string;
  created_at: number;
  deleted_at: number | null;
}

export interface MessageAttachmentsTable {
  id: string;
  message_id: string;
  uploader_id: string | null;
  storage_key: string;
  file_name: string;
  mime: string;
  kind: 'image' | 'file';
  size: number;
  width: number | null;
  height: number | null;
  created_at: number;
}

export interface MemberBlocksTable {
  user_id: string;
  blocked_id: string;
  created_at: number;
}

export type DigestFrequency = 'none' | 'daily' | 'weekly';

export interface DigestSubscriptionsTable {
  user_id: string;
  community_id: string;
  frequency: DigestFrequency;
  updated_at: number;
}

export interface DigestWatermarksTable {
  user_id: string;
  frequency: 'daily' | 'weekly';
  covered_until: number;
  sent_at: number | null;
}

export type SearchKind = 'post' | 'comment' | 'resource' | 'event' | 'member' | 'community' | 'message' | 'initiative';

/** One searchable thing; the terms themselves live in the engine (FTS5 table or tsvector columns). */
export interface SearchDocumentsTable {
  seq: Generated<number>;
  key: string;
  kind: SearchKind;
  object_id: string;
  parent_id: string | null;
  level: 'instance' | 'communities' | null;
  language: 'fr' | 'en' | null;
  boost: number;
  at: number;
}

/** SQLite only: the FTS5 table over search_documents (rowid = seq). */
export interface SearchIndexTable {
  rowid: number;
  search_index: string;
  title: string;
  body: string;
  words: string;
}

export interface SearchReindexTable {
  kind: string;
  after_id: string | null;
  done: number;
  started_at: number;
  finished_at: number | null;
}

export type FormPurpose = 'survey' | 'welcome' | 'feedback' | 'poll' | 'quiz';
export type FormStatus = 'draft' | 'open' | 'closed';

/** A form of the forms engine (issue 18); what it asks is in form_versions. */
export interface FormsTable {
  id: string;
  community_id: string;
  purpose: FormPurpose;
  subject_id: string | null;
  title: string;
  description: string;
  language: 'fr' | 'en';
  status: FormStatus;
  opens_at: number | null;
  closes_at: number | null;
  anonymous: number;
  audience: 'members' | 'public';
  results_visible_to: 'animators' | 'respondents';
  version: number;
  reminded_at: number | null;
  /** One more at every change to the form's answers: the key under which counted results are kept. */
  answers_revision: Generated<number>;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A member's "not now" to a welcome survey: asked again once, a week later, then never. */
export interface FormPromptsTable {
  form_id: string;
  user_id: string;
  skips: number;
  skipped_at: number;
}

export interface FormVersionsTable {
  form_id: string;
  version: number;
  /** JSON: the Definition of forms/model.ts. */
  definition: string;
  created_at: number;
}

export interface FormResponsesTable {
  id: string;
  form_id: string;
  version: number;
  /** Null for anonymous responses and visitors'. */
  user_id: string | null;
  segment_role: string | null;
  segment_region: string | null;
  segment_organisation: string | null;
  submitted_at: number;
  updated_at: number;
}

export interface FormAnswersTable {
  response_id: string;
  form_id: string;
  question_id: string;
  position: number;
  choice: string | null;
  number: number | null;
  text: string | null;
}

/** Who took part in an anonymous form: never joined to the responses. */
export interface FormParticipationsTable {
  form_id: string;
  user_id: string;
  day: number;
}

export type ProposalTarget = 'activity' | 'resource';
export type ProposalStatus = 'open' | 'planned' | 'declined';

/** What a publication of kind `proposal` adds: a topic for a future activity or resource (issue 18). */
export interface ProposalsTable {
  /** The publication; its community is where it was proposed, and whose animators decide. */
  post_id: string;
  target: ProposalTarget;
  status: ProposalStatus;
  decision_reason: string | null;
  /** The event made of it, once planned. */
  event_id: string | null;
  decided_by: string | null;
  decided_at: number | null;
  support_count: Generated<number>;
  volunteer_count: Generated<number>;
  created_at: number;
}

/** One support (or offer to help) per member per proposal. */
export interface ProposalMarksTable {
  post_id: string;
  user_id: string;
  created_at: number;
}

export type PollResultsVisibility = 'after_vote' | 'after_close';

/** Live questions during an activity (issue 18, use 4): one session per event. */
export type LiveStatus = 'draft' | 'running' | 'finished';
export type LivePhase = 'answering' | 'revealed';
export type LiveScoring = 'named' | 'anonymous';
export interface LiveSessionsTable {
  event_id: string;
  status: LiveStatus;
  /** The position of the question shown; null before the start. */
  current: number | null;
  phase: LivePhase;
  scoring: LiveScoring;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface LiveQuestionsTable {
  id: string;
  event_id: string;
  position: number;
  prompt: string;
  /** JSON array of the choices' labels. */
  options: string;
  /** The right choice's index (a quiz question); null for a poll question. */
  correct: number | null;
  created_at: number;
}
export interface LiveAnswersTable {
  question_id: string;
  user_id: string;
  event_id: string;
  choice: number;
  created_at: number;
}
export type LiveSession = Selectable<LiveSessionsTable>;
export type LiveQuestion = Selectable<LiveQuestionsTable>;

/** What a publication may carry: a poll (issue 18, use 3). */
export interface PollsTable {
  post_id: string;
  /** 1 when a member may choose several options. */
  multiple: number;
  /** Epoch ms after which it takes no more votes; null while it stays open. */
  closes_at: number | null;
  /** Who sees the counts: those who voted, or everyone once it is closed (the animators always). */
  results_visibility: PollResultsVisibility;
  /** Members who chose at least one option. */
  voter_count: Generated<number>;
  created_at: number;
}

export interface PollOptionsTable {
  id: string;
  post_id: string;
  position: number;
  label: string;
  vote_count: Generated<number>;
}

/** One row per option a member chose. */
export interface PollVotesTable {
  post_id: string;
  option_id: string;
  user_id: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  verifications: VerificationsTable;
  api_tokens: ApiTokensTable;
  jobs: JobsTable;
  emails: EmailsTable;
  settings: SettingsTable;
  communities: CommunitiesTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  animator_terms: AnimatorTermsTable;
  organisations: OrganisationsTable;
  profiles: ProfilesTable;
  community_partners: CommunityPartnersTable;
  notification_preferences: NotificationPreferencesTable;
  posts: PostsTable;
  post_communities: PostCommunitiesTable;
  comments: CommentsTable;
  revisions: RevisionsTable;
  reactions: ReactionsTable;
  attachments: AttachmentsTable;
  post_tags: PostTagsTable;
  mentions: MentionsTable;
  post_follows: PostFollowsTable;
  post_reads: PostReadsTable;
  community_visits: CommunityVisitsTable;
  journal: JournalTable;
  event_series: EventSeriesTable;
  events: EventsTable;
  event_communities: EventCommunitiesTable;
  event_organisers: EventOrganisersTable;
  event_presenters: EventPresentersTable;
  event_tags: EventTagsTable;
  registrations: RegistrationsTable;
  event_reminders_sent: EventRemindersSentTable;
  event_feedback: EventFeedbackTable;
  event_materials: EventMaterialsTable;
  calendar_feeds: CalendarFeedsTable;
  resources: ResourcesTable;
  resource_authors: ResourceAuthorsTable;
  resource_communities: ResourceCommunitiesTable;
  resource_categories: ResourceCategoriesTable;
  resource_revisions: ResourceRevisionsTable;
  resource_links: ResourceLinksTable;
  resource_applications: ResourceApplicationsTable;
  resource_discussions: ResourceDiscussionsTable;
  notebooks: NotebooksTable;
  notebook_members: NotebookMembersTable;
  notebook_items: NotebookItemsTable;
  notebook_communities: NotebookCommunitiesTable;
  notebook_categories: NotebookCategoriesTable;
  notifications: NotificationsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  message_attachments: MessageAttachmentsTable;
  member_blocks: MemberBlocksTable;
  digest_subscriptions: DigestSubscriptionsTable;
  digest_watermarks: DigestWatermarksTable;
  search_documents: SearchDocumentsTable;
  search_index: SearchIndexTable;
  search_reindex: SearchReindexTable;
  initiatives: InitiativesTable;
  initiative_communities: InitiativeCommunitiesTable;
  initiative_themes: InitiativeThemesTable;
  forms: FormsTable;
  form_versions: FormVersionsTable;
  form_prompts: FormPromptsTable;
  form_responses: FormResponsesTable;
  form_answers: FormAnswersTable;
  form_participations: FormParticipationsTable;
  proposals: ProposalsTable;
  proposal_supports: ProposalMarksTable;
  proposal_volunteers: ProposalMarksTable;
  polls: PollsTable;
  live_sessions: LiveSessionsTable;
  live_questions: LiveQuestionsTable;
  live_answers: LiveAnswersTable;
  poll_options: PollOptionsTable;
  poll_votes: PollVotesTable;
}

export type User = Selectable<UsersTable>;
export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type Email = Selectable<EmailsTable>;
export type EmailUpdate = Updateable<EmailsTable>;
export type Community = Selectable<CommunitiesTable>;
export type Form = Selectable<FormsTable>;
export type Proposal = Selectable<ProposalsTable>;
export type Poll = Selectable<PollsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Profile = Selectable<ProfilesTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Post = Selectable<PostsTable>;
export type Comment = Selectable<CommentsTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type Event = Selectable<EventsTable>;
export type Registration = Selectable<RegistrationsTable>;
export type Resource = Selectable<ResourcesTable>;
export type Initiative = Selectable<InitiativesTable>;
export type Notebook = Selectable<NotebooksTable>;
export type Notification = Selectable<NotificationsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type MessageAttachment = Selectable<MessageAttachmentsTable>;
