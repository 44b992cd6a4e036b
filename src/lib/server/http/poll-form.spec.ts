import { describe, expect, it } from 'vitest';
import { pollEcho, pollFrom } from './poll-form';

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};

describe('the composer’s poll fields', () => {
  it('means no poll when no choice is written, blank fields and settings alone included', () => {
    expect(pollFrom(formOf([['pollOption', ''], ['pollOption', '  '], ['pollMultiple', 'on'], ['pollResults', 'after_close']]), 'America/Toronto')).toBeUndefined();
  });

  it('keeps the written choices in order, and reads the closing date in the instance’s time zone', () => {
    const poll = pollFrom(
      formOf([['pollOption', ' Mardi '], ['pollOption', ''], ['pollOption', 'Jeudi'], ['pollMultiple', 'on'], ['pollClosesAt', '2027-01-15T17:00'], ['pollResults', 'after_close']]),
      'America/Toronto'
    );
    // 17:00 in Toronto in January is 22:00 UTC.
    expect(poll).toEqual({ options: ['Mardi', 'Jeudi'], multiple: true, closesAt: Date.UTC(2027, 0, 15, 22, 0), resultsVisibility: 'after_close' });
  });

  it('keeps a single choice for the schema to refuse, and defaults to results after voting, open-ended', () => {
    expect(pollFrom(formOf([['pollOption', 'Seul']]), 'UTC')).toEqual({ options: ['Seul'], multiple: false, resultsVisibility: 'after_vote' });
  });

  it('says so when the closing date cannot be read', () => {
    expect(pollFrom(formOf([['pollOption', 'A'], ['pollOption', 'B'], ['pollClosesAt', 'demain midi']]), 'UTC')).toBe('invalid_date');
  });

  it('gives back every field typed, blank ones in their place, after a failure', () => {
    expect(pollEcho(formOf([['pollOption', 'A'], ['pollOption', ''], ['pollOption', 'C']]))).toEqual({ pollOption: ['A', '', 'C'] });
  });
});
