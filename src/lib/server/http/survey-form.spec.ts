import { describe, expect, it } from 'vitest';
import { definitionSchema, readAnswers } from '../forms/model';
import { needsSurvey } from '../forms/templates';
import { answersFrom, givenFrom, pageQuestions, questionFieldsFrom, settingsFrom } from './survey-form';

const definition = definitionSchema.parse(needsSurvey);

const posted = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};

describe('the survey pages’ forms', () => {
  it('turns a posted answer page into answers the engine accepts, ranks into an order', () => {
    const form = posted([
      ['a.experience', 'some'],
      ['a.topics', 'tools'],
      ['a.topics', 'other'],
      ['o.topics', 'Logement'],
      ['r.formats.webinar', '2'],
      ['r.formats.workshop', '1'],
      ['r.formats.cinq_a_sept', '4'],
      ['r.formats.discussion', '3'],
      ['a.time', '4'],
      ['a.help', 'no'],
      ['a.help_topic', 'ignored: only after a yes'],
      ['a.expectations', '  ']
    ]);
    const input = answersFrom(form, definition);
    expect(input.answers).toEqual({ experience: 'some', topics: ['tools', 'other'], formats: ['workshop', 'webinar', 'discussion', 'cinq_a_sept'], time: 4, help: 'no', help_topic: 'ignored: only after a yes' });
    const answers = readAnswers(definition, input);
    expect(answers.get('topics')).toEqual({ kind: 'choice', choices: ['tools', 'other'], other: 'Logement' });
    expect(answers.has('help_topic')).toBe(false);
    expect(answers.has('expectations')).toBe(false);
  });

  it('leaves a hole when two choices share a rank, so the engine refuses the ranking, and shows the ranks back', () => {
    const input = answersFrom(posted([['a.experience', 'new'], ['r.formats.webinar', '1'], ['r.formats.workshop', '1']]), definition);
    expect(input.answers!.formats).toEqual(['webinar', '', '', '']);
    expect(() => readAnswers(definition, input)).toThrow();
    expect(givenFrom(input, definition).ranks.formats).toEqual({ webinar: 1 });
    expect(givenFrom(input, definition).values.experience).toEqual(['new']);
  });

  it('words a condition in the reader’s language', () => {
    const [fr, en] = [pageQuestions(definition, 'fr'), pageQuestions(definition, 'en')];
    expect(fr.find((q) => q.id === 'help_topic')!.condition).toBe('Seulement si vous avez répondu « Oui » à « Aimeriez-vous aider à animer une activité ? ».');
    expect(en.find((q) => q.id === 'help_topic')!.condition).toBe('Only if you answered “Yes” to “Would you like to help run an activity?”.');
    expect(en.find((q) => q.id === 'experience')!.choices.map((c) => c.label)).toEqual(['I am new to it', 'A few years', 'More than ten years']);
  });

  it('reads the builder’s settings in the instance’s time zone, and says which dates it could not read', () => {
    const { input, invalidDates } = settingsFrom(posted([['title', 'Bilan'], ['anonymous', 'on'], ['opensAt', '2027-01-15T09:00'], ['closesAt', 'demain']]), 'America/Toronto');
    expect(input).toMatchObject({ title: 'Bilan', anonymous: true, audience: 'members', resultsVisibleTo: 'animators', opensAt: Date.UTC(2027, 0, 15, 14, 0) });
    expect(invalidDates).toEqual(['closesAt']);
  });

  it('keeps a condition on one earlier question only', () => {
    const fields = questionFieldsFrom(posted([['labelFr', 'Sur quel sujet ?'], ['showIf', 'help:yes'], ['showIf', 'experience:long'], ['showIf', 'bad']]));
    expect(fields).toMatchObject({ labelFr: 'Sur quel sujet ?', showIfQuestion: 'help', showIfValues: ['yes'], required: false, choices: undefined });
  });
});
