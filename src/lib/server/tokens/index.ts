// Personal API tokens: a member creates one, sees its secret once, and may revoke it at any time.
// Only a SHA-256 hash is stored (the secret has 256 random bits, so a slow hash buys nothing), plus
// a short prefix so the member can tell tokens apart.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DB } from '../db';
import { db as sharedDb } from '../db';
import type { Actor } from '../auth/actor';
import { requireMember } from '../access';
import { notFound } from '../errors';
import { newId, now } from '../ids';
import { limits } from '../../shared/limits';
import { isLocale } from '../../i18n';

export const TOKEN_PREFIX = 'ruche_';
const PREFIX_SHOWN = TOKEN_PREFIX.length + 6;
/** Recording every use would turn each API read into a write; once a minute is precise enough. */
const LAST_USED_PRECISION_MS = 60_000;

export const tokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'tokens.name_required')
    .max(limits.tokenNameMax)
    .describe('A name to recognise the token by, e.g. the script that uses it')
});
export type TokenInput = z.input<typeof tokenInput>;

export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
};

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function generateSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

type TokenRow = { id: string; name: string; token_prefix: string; created_at: number; last_used_at: number | null };

function present(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at)
  };
}

/** Creates a token for the actor; the returned secret is never shown again. */
export async function createToken(db: DB, actor: Actor | null, input: TokenInput): Promise<{ token: TokenView; secret: string }> {
  const member = requireMember(actor);
  const { name } = tokenInput.parse(input);
  const secret = generateSecret();
  const row = {
    id: newId(),
    user_id: member.id,
    name,
    token_hash: hashToken(secret),
    token_prefix: secret.slice(0, PREFIX_SHOWN),
    created_at: now(),
    last_used_at: null,
    revoked_at: null
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token: present(row), secret };
}

/** The actor's tokens still in force, newest first. */
export async function listTokens(db: DB, actor: Actor | null): Promise<TokenView[]> {
  const member = requireMember(actor);
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', member.id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(present);
}

/** Revokes one of the actor's tokens; someone else's token answers not_found, as if it did not exist. */
export async function revokeToken(db: DB, actor: Actor | null, tokenId: string): Promise<void> {
  const member = requireMember(actor);
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now() })
    .where('id', '=', tokenId)
    .where('user_id', '=', member.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound();
}

/** The member a token acts for, or null when the token is unknown or revoked. */
export async function authenticateToken(secret: string, db: DB = sharedDb()): Promise<Actor | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.last_used_at',
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'users.locale',
      'users.email_verified'
    ])
    .where('api_tokens.token_hash', '=', hashToken(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const time = now();
  if (row.last_used_at === null || time - Number(row.last_used_at) >= LAST_USED_PRECISION_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: time }).where('id', '=', row.token_id).execute();
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role === 'admin' ? 'admin' : 'member',
    locale: isLocale(row.locale) ? row.locale : 'fr',
    emailVerified: Boolean(row.email_verified)
  };
}
