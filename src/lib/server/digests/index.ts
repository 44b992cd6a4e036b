// Digests, the weekly email budget and one-click unsubscribe.
export { buildDigest, digestCommunities, type Digest } from './build';
export { renderDigest, digestEmail, unsubscribeHeaders } from './render';
export { DIGESTS_JOB, sendDueDigests, sendDigest, isDue, lastSlot } from './send';
export { budgetOf, emailsThisWeek, mayEmail, membersNearCeiling } from './budget';
export { describeUnsubscribe, unsubscribe, unsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken, type UnsubscribeScope } from './unsubscribe';
export { digestSettingsInput, readNotificationSettings, saveNotificationSettings, type NotificationSettings } from './settings';
