// The communication budget: each member receives at most so many emails in a rolling week (their own
// ceiling, or the instance's RUCHE_EMAIL_BUDGET). Past it, what is not urgent waits for their digest;
// what cannot wait (account and security emails, a private message they asked to have forwarded)
// always goes.
import { config } from '../config';
import type { Executor } from '../jobs/queue';
import { now } from '../ids';

const week = 7 * 24 * 60 * 60 * 1000;
/** A member at or past this share of their ceiling is "near" it, for animators about to write to all. */
const nearShare = 0.8;

/** Emails queued to the member's address in the last seven days, whatever they were. */
export async function emailsThisWeek(db: Executor, userId: string, at = now()): Promise<number> {
  const row = await db
    .selectFrom('emails')
    .innerJoin('users', 'users.email', 'emails.to_address')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('users.id', '=', userId)
    .where('emails.created_at', '>', at - week)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The member's weekly ceiling: their own, or the instance's default. */
export async function budgetOf(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('users').select('email_budget').where('id', '=', userId).executeTakeFirst();
  return row?.email_budget ?? config().emailBudget;
}

/** Whether an email may go to the member now; urgent ones always may. */
export async function mayEmail(db: Executor, userId: string, options: { urgent: boolean }, at = now()): Promise<boolean> {
  if (options.urgent) return true;
  const [sent, ceiling] = await Promise.all([emailsThisWeek(db, userId, at), budgetOf(db, userId)]);
  return sent < ceiling;
}

/** How many active members of these communities (each counted once) are at 80 % of their ceiling or more. */
export async function membersNearCeiling(db: Executor, communityIds: string[], at = now()): Promise<number> {
  if (communityIds.length === 0) return 0;
  const rows = await db
    .selectFrom('users')
    .leftJoin('emails', (join) => join.onRef('emails.to_address', '=', 'users.email').on('emails.created_at', '>', at - week))
    .select((eb) => ['users.id', 'users.email_budget', eb.fn.count<number>('emails.id').as('sent')])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.user_id', '=', 'users.id')
          .where('memberships.community_id', 'in', communityIds)
          .where('memberships.status', '=', 'active')
      )
    )
    .groupBy(['users.id', 'users.email_budget'])
    .execute();
  return rows.filter((row) => Number(row.sent) >= nearShare * (row.email_budget ?? config().emailBudget)).length;
}
