// The poll of the composer, read from its fields: `pollOption` once per choice (blank ones dropped),
// `pollMultiple`, `pollClosesAt` (datetime-local, in the instance's time zone) and `pollResults`.
// No choice written means no poll; a single one is kept so that the schema says two are needed.
import { instantFrom } from './survey-form';

export type PollFields = {
  options: string[];
  multiple: boolean;
  closesAt?: number;
  resultsVisibility: 'after_vote' | 'after_close';
};

/** The poll as typed, `undefined` when none was, or `invalid_date` when the closing date cannot be read. */
export function pollFrom(form: FormData, timeZone: string): PollFields | undefined | 'invalid_date' {
  const options = form
    .getAll('pollOption')
    .map((value) => String(value).trim())
    .filter((value) => value !== '');
  if (options.length === 0) return undefined;
  const closesAt = instantFrom(String(form.get('pollClosesAt') ?? '').trim() || undefined, timeZone);
  if (closesAt === 'invalid') return 'invalid_date';
  return {
    options,
    multiple: form.get('pollMultiple') === 'on',
    ...(closesAt === null ? {} : { closesAt }),
    resultsVisibility: form.get('pollResults') === 'after_close' ? 'after_close' : 'after_vote'
  };
}

/** What the composer shows again after a failure: every choice typed, blank ones included, in order. */
export const pollEcho = (form: FormData) => ({ pollOption: form.getAll('pollOption').map(String) });
