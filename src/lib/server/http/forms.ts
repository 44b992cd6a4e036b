// Form actions of the domain pages: a failure comes back to the page with what was typed, a
// translated sentence for the form and one per field, so nothing typed is lost and nothing changed.
import { fail } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { zodIssues } from '../api/issues';
import { DomainError } from '../errors';
import { hasMessage, translate, type Locale } from '../../i18n';

export type FormFailure = { error: string; issues: Record<string, string> };

function text(locale: Locale, key: string | undefined, fallback: string): string {
  if (key && hasMessage(key)) return translate(locale, key);
  return translate(locale, hasMessage(fallback) ? fallback : 'errors.invalid');
}

/** Turns a domain or validation error into `fail(…)`; anything else is a real failure and is rethrown. */
export function formFailure(error: unknown, locale: Locale, values: Record<string, unknown> = {}) {
  if (error instanceof ZodError) {
    const issues = Object.fromEntries(zodIssues(error, locale).map((issue) => [issue.path.split('.')[0] ?? '', issue.message]));
    return fail(400, { ...values, error: translate(locale, 'errors.invalid'), issues });
  }
  if (error instanceof DomainError) {
    const issues = Object.fromEntries(error.issues.map((issue) => [issue.path, text(locale, issue.message, 'errors.invalid')]));
    return fail(error.status, { ...values, error: text(locale, error.detail, `errors.${error.code}`), issues });
  }
  throw error;
}

/** A form's text field, trimmed; absent or blank reads as undefined. */
export function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** "santé, Estrie ; jeunesse" → ['santé', 'Estrie', 'jeunesse']: tags typed in one field. */
export function tagList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;\n]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Every text field of a form, to give back to the page after a failure. */
export function echoAll(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
