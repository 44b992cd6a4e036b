// Accounts made by the operator (`ruche admin create`, `ruche user create`, the demo) rather than by
// sign-up: already verified, with a credential row shaped the way better-auth's email/password
// sign-in reads it (provider `credential`, account id = user id, better-auth's password hash).
import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { DB } from '../db';
import { dialectOf } from '../db/dialect';
import { conflict, invalid } from '../errors';
import { newId } from '../ids';
import { passwordProblem } from './password';
import { ensureProfile } from '../profiles';
import type { Locale } from '../../i18n';
import { limits } from '../../shared/limits';

// Read by operators at the command line, hence plain English; web forms translate passwordProblem's code.
const passwordReasons = {
  too_short: `the password must have at least ${limits.passwordMin} characters`,
  too_long: `the password must have at most ${limits.passwordMax} characters`,
  too_common: 'the password is too common or too easy to guess'
} as const;

export type NewAccount = {
  email: string;
  name: string;
  password: string;
  role: 'admin' | 'member';
  locale?: Locale;
};

/** A password nobody will guess, for accounts created without one: 24 random characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * `options.hash`: the password's hash, made beforehand by better-auth's `hashPassword`, for accounts
 * created together with one password (the demo's respondents): scrypt takes ~0.1 s of the main
 * thread, and sixty accounts need it once, not sixty times. It is trusted to match the password.
 */
export async function provisionAccount(db: DB, input: NewAccount, options: { hash?: string } = {}): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > limits.emailMax) {
    throw invalid([{ path: 'email', message: 'api.validation.email' }], 'the email address is not valid');
  }
  if (!name || name.length > limits.nameMax) {
    throw invalid([{ path: 'name', message: 'api.validation.invalid' }], `the name must have 1 to ${limits.nameMax} characters`);
  }
  const problem = passwordProblem(input.password, [email, name]);
  if (problem) throw invalid([{ path: 'password', message: 'api.validation.invalid' }], passwordReasons[problem]);

  const hash = options.hash ?? (await hashPassword(input.password));
  const id = newId();
  const stamp = new Date().toISOString();
  // better-sqlite3 binds no booleans; PostgreSQL wants a real one.
  const verified = dialectOf(db) === 'postgres' ? true : 1;
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) throw conflict(`an account already uses ${email}`);
    await trx
      .insertInto('users')
      .values({
        id,
        name,
        email,
        email_verified: verified,
        image: null,
        role: input.role,
        locale: input.locale ?? 'fr',
        created_at: stamp,
        updated_at: stamp
      })
      .execute();
    await trx
      .insertInto('accounts')
      .values({
        id: newId(),
        user_id: id,
        account_id: id,
        provider_id: 'credential',
        access_token: null,
        refresh_token: null,
        id_token: null,
        access_token_expires_at: null,
        refresh_token_expires_at: null,
        scope: null,
        password: hash,
        created_at: stamp,
        updated_at: stamp
      })
      .execute();
    await ensureProfile(trx, id, name);
  });
  return { id };
}
