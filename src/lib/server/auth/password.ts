// The password policy: long enough, and not one of the passwords attackers try first.
import { dictionary } from '@zxcvbn-ts/language-common';
import { limits } from '../../shared/limits';

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Returns what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, context: string[] = []): PasswordProblem | null {
  if (password.length < limits.passwordMin) return 'too_short';
  if (password.length > limits.passwordMax) return 'too_long';
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) return 'too_common';
  // A password that is only the member's email or name, or a single repeated character, is as weak.
  if (context.some((c) => c && lowered === c.toLowerCase())) return 'too_common';
  if (/^(.)\1+$/.test(password)) return 'too_common';
  return null;
}
