// What the account pages can be told. Codes double as translation keys `auth.errors.<code>`.
import { isAPIError } from 'better-auth/api';
import type { PasswordProblem } from './password';

export type AccountErrorCode =
  | PasswordProblem
  | 'invalid_credentials'
  | 'email_not_verified'
  | 'invalid_link'
  | 'wrong_password'
  | 'same_email'
  | 'email_taken'
  | 'setup_done'
  | 'invalid_email'
  | 'required'
  | 'too_long_field';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    /** The form field the problem belongs to, for aria-describedby. */
    readonly field: string | null = null
  ) {
    super(code);
    this.name = 'AccountError';
  }
}

/** The code better-auth put on a refusal, or null for anything else (which is rethrown). */
export function betterAuthCode(error: unknown): string | null {
  if (!isAPIError(error)) return null;
  const body = error.body as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : String(error.status);
}

/** Sessions and cookies come from these two headers only; better-auth never sees forwarding headers. */
export function authHeaders(incoming: Headers): Headers {
  const headers = new Headers();
  const cookie = incoming.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  const agent = incoming.get('user-agent');
  if (agent) headers.set('user-agent', agent.slice(0, 300));
  return headers;
}
