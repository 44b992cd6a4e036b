// The account forms' input, validated at the edge. Failures become AccountErrors so every page
// reports them the same way (translation key + field).
import { z } from 'zod';
import { limits } from '../../shared/limits';
import { isLocale, type Locale } from '../../i18n';
import { AccountError, type AccountErrorCode } from './outcome';

const email = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'required' })
  .max(limits.emailMax, { error: 'too_long_field' })
  .pipe(z.email({ error: 'invalid_email' }));
const name = z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(limits.nameMax, { error: 'too_long_field' });
// Length and commonness are judged by passwordProblem, which has translated reasons.
const password = z.string({ error: 'required' }).min(1, { error: 'required' }).max(limits.passwordMax, { error: 'too_long' });
const token = z.string({ error: 'required' }).min(1, { error: 'invalid_link' }).max(2000, { error: 'invalid_link' });
const locale = z.string({ error: 'required' }).refine(isLocale, { error: 'required' }).transform((v) => v as Locale);

export const signUpForm = z.object({ name, email, password });
export const signInForm = z.object({ email, password });
export const emailForm = z.object({ email });
export const resetForm = z.object({ token, password });
export const tokenForm = z.object({ token });
export const profileForm = z.object({ name, locale });
export const changeEmailForm = z.object({ newEmail: email, currentPassword: password });
export const changePasswordForm = z.object({ currentPassword: password, newPassword: password });

/** Parses a submitted form; the first problem is thrown as an AccountError naming its field. */
export function readForm<S extends z.ZodType>(schema: S, form: FormData): z.output<S> {
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const code = (issue?.message ?? 'required') as AccountErrorCode;
  throw new AccountError(code, issue ? String(issue.path[0] ?? '') || null : null);
}

/** What the form shows again after a failure: never a password. */
export function echo<K extends string>(form: FormData, ...fields: K[]): Record<K, string> {
  return Object.fromEntries(fields.map((f) => [f, String(form.get(f) ?? '').slice(0, 300)])) as Record<K, string>;
}

/** `redirectTo` is honoured only for a path on this site. */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  // Browsers drop tabs and newlines and read backslashes as slashes, so "/\t/evil" would leave the site.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (!target || !target.startsWith('/') || /[\x00-\x1f\\]/.test(target) || target.startsWith('//')) return fallback;
  return target;
}
