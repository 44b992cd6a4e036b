import { describe, expect, it } from 'vitest';
import { addQuestion, choicesFrom, choicesText, editQuestion, moveQuestion, removeQuestion } from './builder';
import { definitionSchema } from './model';
import { needsSurvey } from './templates';

const previous = [
  { id: 'web', label: { fr: 'Webinaire', en: 'Webinar' } },
  { id: 'live', label: { fr: 'En personne', en: 'In person' } }
];

describe('the form builder', () => {
  it('keeps the id of a choice that keeps its label or is renamed in place, and gives new ones new ids', () => {
    // Reordered: each keeps its own id.
    expect(choicesFrom('En personne | In person\nWebinaire | Webinar', previous, 'fr').map((c) => c.id)).toEqual(['live', 'web']);
    // The first renamed, one added: the renamed keeps "web", the new one gets a fresh id.
    const edited = choicesFrom('Webinaire du midi | Lunch webinar\nEn personne | In person\nBalado | Podcast', previous, 'fr');
    expect(edited).toEqual([
      { id: 'web', label: { fr: 'Webinaire du midi', en: 'Lunch webinar' } },
      { id: 'live', label: { fr: 'En personne', en: 'In person' } },
      { id: 'c1', label: { fr: 'Balado', en: 'Podcast' } }
    ]);
    // One language only: the text goes to the form's language.
    expect(choicesFrom('Podcast\n\n', [], 'en')).toEqual([{ id: 'c1', label: { fr: '', en: 'Podcast' } }]);
    expect(choicesText(previous, true)).toBe('Webinaire | Webinar\nEn personne | In person');
  });

  it('adds, edits, moves and removes questions, and the result is still a valid definition', () => {
    let definition = addQuestion(needsSurvey, 'single', { label: 'Nouvelle question', choice: (n) => `Choix ${n}` }, 'fr');
    const added = definition.questions.at(-1)!;
    expect(added).toMatchObject({ kind: 'single', label: { fr: 'Nouvelle question', en: '' } });
    definition = editQuestion(definition, added.id, { labelFr: 'Votre région', labelEn: 'Your region', required: true, choices: 'Estrie\nOutaouais\nNord', other: true }, 'fr');
    expect(definitionSchema.parse(definition).questions.at(-1)).toMatchObject({ id: added.id, required: true, other: true, choices: [{ label: { fr: 'Estrie' } }, {}, {}] });
    definition = moveQuestion(definition, added.id, -1);
    expect(definition.questions.at(-2)!.id).toBe(added.id);
    // Removing the question a condition depends on drops the condition, so the form stays valid.
    definition = removeQuestion(definition, 'help');
    expect(definition.questions.find((q) => q.id === 'help_topic')!.showIf).toBeNull();
    expect(definitionSchema.safeParse(definition).success).toBe(true);
    expect(definitionSchema.safeParse(needsSurvey).success).toBe(true);
  });
});
