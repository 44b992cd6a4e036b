// What a live question, an answer and a move of the animator may contain, checked at every door.
import { z } from 'zod';
import { liveControls, liveLimits, liveScorings } from '../../shared/live';

const option = z.string().trim().min(1, 'quiz.errors.option_empty').max(liveLimits.optionMax, 'quiz.errors.option_too_long');

export const questionSchema = z
  .strictObject({
    prompt: z.string().trim().min(1, 'quiz.errors.prompt_empty').max(liveLimits.promptMax, 'quiz.errors.prompt_too_long').describe(`The question, 1 to ${liveLimits.promptMax} characters`),
    options: z
      .array(option)
      .min(liveLimits.optionsMin, 'quiz.errors.too_few_options')
      .max(liveLimits.optionsMax, 'quiz.errors.too_many_options')
      .refine((all) => new Set(all.map((o) => o.toLocaleLowerCase())).size === all.length, 'quiz.errors.duplicate_option')
      .describe(`The choices, in order: ${liveLimits.optionsMin} to ${liveLimits.optionsMax}`),
    correct: z.number().int().min(0).nullable().default(null).describe('The right choice’s index (from 0) for a quiz question; null for a poll question')
  })
  .refine((q) => q.correct === null || q.correct < q.options.length, { message: 'quiz.errors.correct_unknown', path: ['correct'] });
export type QuestionInput = z.input<typeof questionSchema>;

export const answerSchema = z.strictObject({
  questionId: z.string().max(64).describe('The question shown, so that an answer to one already gone is refused rather than counted on the next'),
  choice: z.number().int('quiz.errors.no_choice').min(0, 'quiz.errors.no_choice').max(liveLimits.optionsMax - 1, 'quiz.errors.unknown_choice').describe('The chosen option’s index, from 0')
});
export type AnswerInput = z.input<typeof answerSchema>;

export const controlSchema = z.strictObject({
  action: z.enum(liveControls).describe('start: show the first question; reveal: show the counts and the right answer; next: the following question; finish: end with the scores'),
  scoring: z.enum(liveScorings).optional().describe('With start: scores with first names (named) or each participant’s own only (anonymous)')
});
export type ControlInput = z.input<typeof controlSchema>;
