// Turns zod's validation issues into the `errors` of a problem: a dotted path and a message in the
// request's language. Schemas may put a translation key in a custom message; it is translated here.
import type { ZodError } from 'zod';
import { hasMessage, translate, type Locale, type MessageKey } from '../../i18n';
import type { FieldIssue } from '../errors';

type Issue = ZodError['issues'][number];

function sizeKey(kind: 'too_small' | 'too_big', origin: string): MessageKey {
  if (origin === 'string') return `api.validation.${kind}_string`;
  if (origin === 'array' || origin === 'set') return `api.validation.${kind}_array`;
  return `api.validation.${kind}_number`;
}

// zod keeps the offending value on an issue only when parsing with { reportInput: true }, as
// validate.ts does; that is how a missing field is told apart from a wrong one.
function isMissing(issue: Issue): boolean {
  return 'input' in issue && issue.input === undefined;
}

export function issueMessage(issue: Issue, locale: Locale): string {
  if (issue.message && hasMessage(issue.message)) return translate(locale, issue.message);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && isMissing(issue)) {
    return translate(locale, 'api.validation.required');
  }
  switch (issue.code) {
    case 'invalid_type':
      return translate(locale, 'api.validation.invalid_type', { expected: issue.expected });
    case 'too_small':
      return translate(locale, sizeKey('too_small', issue.origin), { limit: Number(issue.minimum) });
    case 'too_big':
      return translate(locale, sizeKey('too_big', issue.origin), { limit: Number(issue.maximum) });
    case 'invalid_format':
      return translate(locale, issue.format === 'email' ? 'api.validation.email' : 'api.validation.format');
    case 'invalid_value':
      return translate(locale, 'api.validation.one_of', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return translate(locale, 'api.validation.unknown_keys', { keys: issue.keys.join(', ') });
    default:
      return translate(locale, 'api.validation.invalid');
  }
}

export function zodIssues(error: ZodError, locale: Locale): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueMessage(issue, locale)
  }));
}
