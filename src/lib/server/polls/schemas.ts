// What a poll and a vote may contain, checked at every door. Apart from the polls' domain so that the
// publication's schema can carry a poll without importing the database.
import { z } from 'zod';
import { pollLimits, pollResultsVisibilities } from '../../shared/polls';
import { now } from '../ids';

const label = z.string().trim().min(1, 'polls.errors.option_empty').max(pollLimits.labelMax, 'polls.errors.option_too_long');

/** Two options spelled alike but for case or spaces would be one choice shown twice. */
const distinct = (options: string[]) => new Set(options.map((o) => o.toLocaleLowerCase())).size === options.length;

export const pollInputSchema = z
  .strictObject({
    options: z
      .array(label)
      .min(pollLimits.optionsMin, 'polls.errors.too_few_options')
      .max(pollLimits.optionsMax, 'polls.errors.too_many_options')
      .refine(distinct, 'polls.errors.duplicate_option')
      .describe(`The choices, in order: ${pollLimits.optionsMin} to ${pollLimits.optionsMax}, each 1 to ${pollLimits.labelMax} characters, no two alike`),
    multiple: z.boolean().default(false).describe('Whether a member may choose several options'),
    closesAt: z
      .number()
      .int()
      .refine((at) => at > now(), 'polls.errors.closes_in_past')
      .optional()
      .describe('Epoch milliseconds after which it takes no more votes; open until the publication is locked otherwise'),
    resultsVisibility: z.enum(pollResultsVisibilities).default('after_vote').describe('Who sees the counts: those who voted, or everyone once it is closed (its community’s animators always)')
  })
  // Results shown "after closing" of a poll that never closes would be shown to nobody.
  .refine((poll) => poll.resultsVisibility !== 'after_close' || poll.closesAt !== undefined, { message: 'polls.errors.closing_date_required', path: ['closesAt'] });
export type PollInput = z.output<typeof pollInputSchema>;

export const voteSchema = z.strictObject({
  optionIds: z.array(z.string().max(64)).min(1, 'polls.errors.no_choice').max(pollLimits.optionsMax).describe('The options chosen: one for a single-choice poll; they replace the caller’s earlier vote')
});
export type VoteInput = z.input<typeof voteSchema>;
