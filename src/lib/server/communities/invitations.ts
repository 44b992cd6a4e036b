// Invitations by email, to people with or without an account: a random, single-use link that
// expires; only its hash is stored. Bulk invitations report what was sent, skipped and invalid.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community, CommunityRole } from '../db/schema';
import { assertCan, findCommunity, requireMember } from '../access';
import { config } from '../config';
import { conflict, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { isLocale, type Locale } from '../../i18n';
import { limits } from '../../shared/limits';
import { admit, admitIn } from './membership';
import { lockCommunity, membershipRow } from './rows';

const DAY = 24 * 60 * 60 * 1000;

export type InvitationReport = { sent: string[]; skipped: string[]; invalid: string[] };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const emailShape = z.email();

/** Splits pasted text or a CSV export into candidate addresses: any separator, any column. */
export function parseEmailList(text: string): string[] {
  const cells = text
    .split(/[\s,;]+/)
    .map((cell) => cell.trim().replace(/^["'<]+|["'>]+$/g, ''))
    .filter((cell) => cell !== '');
  // A CSV header such as "email" or "courriel" is not an address, nor an invalid one.
  const values = cells.filter((cell) => !/^(e-?mail|courriel|adresse|address|name|nom)$/i.test(cell));
  return [...new Set(values.map((value) => value.toLowerCase()))];
}

/**
 * Invites every address of the list to the community. Already-active members and addresses with a
 * pending invitation are skipped; malformed ones are reported and nothing is sent for them.
 */
export async function inviteByEmail(
  db: DB,
  actor: Actor | null,
  slug: string,
  input: { emails: string[]; role?: CommunityRole }
): Promise<InvitationReport> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const { community } = relation;
  if (input.emails.length > limits.invitationsMax) {
    throw invalid([{ path: 'emails', message: 'communities.errors.too_many_invitations' }]);
  }
  const report: InvitationReport = { sent: [], skipped: [], invalid: [] };
  const at = now();
  for (const raw of input.emails) {
    const email = raw.trim().toLowerCase();
    if (!emailShape.safeParse(email).success || email.length > limits.emailMax) {
      report.invalid.push(raw);
      continue;
    }
    if ((await isActiveMember(db, community.id, email)) || (await hasOpenInvitation(db, community.id, email, at))) {
      report.skipped.push(email);
      continue;
    }
    const token = randomBytes(32).toString('base64url');
    const locale = await recipientLocale(db, email, community);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('invitations')
        .values({
          id: newId(),
          community_id: community.id,
          email,
          token_hash: hashToken(token),
          role: input.role ?? 'member',
          invited_by: actor!.id,
          expires_at: at + limits.invitationDays * DAY,
          accepted_at: null,
          accepted_by: null,
          revoked_at: null,
          created_at: at
        })
        .execute();
      await queueEmail(
        trx,
        composeEmail(email, locale, {
          subject: 'email.invitation_subject',
          paragraphs: ['email.invitation_body', 'email.invitation_expiry', 'email.invitation_ignore'],
          params: { inviter: actor!.name, community: community.name, days: limits.invitationDays },
          quote: community.summary || undefined,
          action: { label: 'email.invitation_action', url: `${config().origin}/invitations/${token}` }
        })
      );
    });
    report.sent.push(email);
  }
  return report;
}

async function isActiveMember(db: DB, communityId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.id')
    .where('memberships.community_id', '=', communityId)
    .where('users.email', '=', email)
    .where('memberships.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

async function hasOpenInvitation(db: DB, communityId: string, email: string, at: number): Promise<boolean> {
  const row = await db
    .selectFrom('invitations')
    .select('id')
    .where('community_id', '=', communityId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return row !== undefined;
}

/** Someone with an account reads in their language; a newcomer in the community's first language. */
async function recipientLocale(db: DB, email: string, community: Community): Promise<Locale> {
  const user = await db.selectFrom('users').select('locale').where('email', '=', email).executeTakeFirst();
  if (user && isLocale(user.locale)) return user.locale;
  return community.languages.startsWith('en') ? 'en' : 'fr';
}

export type InvitationView = { email: string; role: CommunityRole; community: Pick<Community, 'name' | 'slug' | 'summary'> };

/** Invitations still open: not used, not withdrawn, not expired, to a community still active. */
function openInvitations(db: DB) {
  return db
    .selectFrom('invitations')
    .innerJoin('communities', 'communities.id', 'invitations.community_id')
    .select([
      'invitations.id as id',
      'invitations.email as email',
      'invitations.role as role',
      'communities.id as communityId',
      'communities.name as name',
      'communities.slug as slug',
      'communities.summary as summary'
    ])
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', now())
    .where('communities.status', '=', 'active');
}

type OpenInvitation = InvitationView & { id: string; communityId: string };

function present(row: { id: string; email: string; role: CommunityRole; communityId: string; name: string; slug: string; summary: string }): OpenInvitation {
  return { id: row.id, communityId: row.communityId, email: row.email, role: row.role, community: { name: row.name, slug: row.slug, summary: row.summary } };
}

/** The open invitation with this token (its link) or id (the member's list); not_found otherwise. */
async function findOpen(db: DB, which: string | { id: string }): Promise<OpenInvitation> {
  const query = openInvitations(db);
  const row = await (typeof which === 'string' ? query.where('invitations.token_hash', '=', hashToken(which)) : query.where('invitations.id', '=', which.id)).executeTakeFirst();
  if (!row) throw notFound('communities.errors.invitation_invalid');
  return present(row);
}

/** What an invitation link shows before it is accepted. Expired, used or unknown: not_found. */
export function readInvitation(db: DB, token: string): Promise<OpenInvitation> {
  return findOpen(db, token);
}

/**
 * The open invitations sent to the member's address, newest first, so that someone who created their
 * account from an invitation (or lost the email) finds it once signed in. Only for a verified address:
 * the invitation was sent to whoever reads that mailbox.
 */
export async function pendingInvitations(db: DB, actor: Actor | null): Promise<OpenInvitation[]> {
  if (!actor?.emailVerified) return [];
  const rows = await openInvitations(db)
    .where('invitations.email', '=', actor.email.toLowerCase())
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.id')
            .whereRef('memberships.community_id', '=', 'communities.id')
            .where('memberships.user_id', '=', actor.id)
            .where('memberships.status', 'in', ['active', 'banned'])
        )
      )
    )
    .orderBy('invitations.created_at', 'desc')
    .execute();
  return rows.map(present);
}

/**
 * Accepts an invitation as the signed-in member, from its link (`token`) or from the list of their
 * pending invitations (`id`). It was sent to one address: only the account with that address may use
 * it, so a forwarded link does not let someone else in.
 */
export async function acceptInvitation(db: DB, actor: Actor | null, which: string | { id: string }): Promise<{ slug: string }> {
  const member = requireMember(actor);
  const invitation = await findOpen(db, which);
  if (invitation.email !== member.email.toLowerCase()) {
    // From the list, someone else's invitation is simply not theirs to see.
    if (typeof which !== 'string') throw notFound('communities.errors.invitation_invalid');
    throw conflict('communities.errors.invitation_other_email');
  }
  const community = await db.selectFrom('communities').selectAll().where('id', '=', invitation.communityId).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await lockCommunity(trx, community.id);
    const existing = await membershipRow(trx, community.id, member.id);
    if (existing?.status === 'banned') throw notFound('communities.errors.invitation_invalid');
    // Marking it used in the same transaction means two clicks on one link admit once, and a
    // failure leaves the link as it was.
    const used = await trx
      .updateTable('invitations')
      .set({ accepted_at: now(), accepted_by: member.id })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) throw notFound('communities.errors.invitation_invalid');
    await admitIn(trx, community, member.id, invitation.role, null);
  });
  return { slug: community.slug };
}

export type AddedMember = { id: string; status: 'active' | 'invited'; userId: string | null };

/**
 * An animator adds someone by address: an existing account becomes a member at once (with the
 * role given); anyone else receives an invitation to create their account and join.
 */
export async function addMemberByEmail(
  db: DB,
  actor: Actor | null,
  slug: string,
  input: { email: string; role?: CommunityRole }
): Promise<AddedMember> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const email = input.email.trim().toLowerCase();
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) {
    const report = await inviteByEmail(db, actor, slug, { emails: [email], role: input.role });
    if (report.invalid.length > 0) throw invalid([{ path: 'email', message: 'api.validation.email' }]);
    const invitation = await db
      .selectFrom('invitations')
      .select('id')
      .where('community_id', '=', relation.community.id)
      .where('email', '=', email)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return { id: invitation.id, status: 'invited', userId: null };
  }
  if (!(await admit(db, relation.community, user.id, input.role ?? 'member', actor!.id))) {
    throw conflict('communities.errors.already_member');
  }
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('community_id', '=', relation.community.id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return { id: row.id, status: 'active', userId: user.id };
}
