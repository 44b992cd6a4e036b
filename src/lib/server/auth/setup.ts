// An empty instance invites its first visitor to create the administrator account.
import { db } from '../db';
import { DomainError } from '../errors';
import { newId, now } from '../ids';
import type { Locale } from '../../i18n';
import { getAuth } from '.';
import { AccountError, authHeaders } from './outcome';
import { assertAcceptablePassword, type AuthClient } from './accounts';
import { normaliseEmail, provisionAccount } from './provision';

const SETUP_CLAIM = 'setup.claim';
// A claim left by a process that died half-way must not lock the instance out of setup forever.
const STALE_CLAIM_MS = 5 * 60 * 1000;

export async function needsSetup(): Promise<boolean> {
  const row = await db().selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Only one setup may run at a time: whoever inserts the claim row first. */
async function claimSetup(): Promise<string | null> {
  const claim = newId();
  await db().deleteFrom('settings').where('key', '=', SETUP_CLAIM).where('updated_at', '<', now() - STALE_CLAIM_MS).execute();
  const result = await db()
    .insertInto('settings')
    .values({ key: SETUP_CLAIM, value: claim, updated_at: now() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? claim : null;
}

async function releaseSetup(claim: string): Promise<void> {
  await db().deleteFrom('settings').where('key', '=', SETUP_CLAIM).where('value', '=', claim).execute();
}

/**
 * Creates the first administrator (verified) and signs them in. The check for an existing admin is
 * made while holding the claim, so two concurrent submissions cannot both succeed.
 */
export async function createFirstAdmin(
  client: AuthClient,
  input: { name: string; email: string; password: string; locale: Locale }
): Promise<Headers> {
  assertAcceptablePassword(input.password, [input.email, input.name]);
  const claim = await claimSetup();
  if (!claim) throw new AccountError('setup_done');
  try {
    if (!(await needsSetup())) throw new AccountError('setup_done');
    await provisionAccount(db(), { ...input, role: 'admin' }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'conflict') throw new AccountError('email_taken', 'email');
      throw error;
    });
  } finally {
    await releaseSetup(claim);
  }
  const auth = await getAuth();
  const { headers } = await auth.api.signInEmail({
    body: { email: normaliseEmail(input.email), password: input.password, rememberMe: true },
    headers: authHeaders(client.headers),
    returnHeaders: true
  });
  return headers;
}

