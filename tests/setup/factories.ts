// Factories for tests: each test makes its own people, so tests never share rows.
import type { Actor } from '../../src/lib/server/auth/actor';
import { provisionAccount } from '../../src/lib/server/auth/provision';
import type { DB } from '../../src/lib/server/db';
import { DomainError } from '../../src/lib/server/errors';
import { newId } from '../../src/lib/server/ids';
import type { Locale } from '../../src/lib/i18n';
import { ZodError } from 'zod';

/** A verified account with a unique address, as the actor the domain functions take. */
export async function person(
  db: DB,
  name = 'Léa Gagnon',
  options: { role?: 'member' | 'admin'; locale?: Locale; email?: string } = {}
): Promise<Actor> {
  const email = options.email ?? `${newId()}@example.org`;
  const role = options.role ?? 'member';
  const locale = options.locale ?? 'fr';
  const { id } = await provisionAccount(db, { email, name, password: 'une phrase de passe', role, locale });
  return { id, name, email, role, locale, emailVerified: true };
}

/** What a domain call ended with: 'ok', the error's code with its first issue or detail, or `invalid:` and the first message of input zod refused. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) {
      return `${error.code}${error.issues[0] ? `:${error.issues[0].message}` : ''}${error.detail ? `:${error.detail}` : ''}`;
    }
    if (error instanceof ZodError) return `invalid:${error.issues[0]!.message}`;
    throw error;
  }
  return 'ok';
}
