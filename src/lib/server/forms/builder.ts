// The form builder's edits, as plain functions of a definition: the edit page posts one small form per
// question (so it works without JavaScript) and these turn what was posted into the next definition,
// which forms.ts then versions and saves. Choices are typed one per line, "Français | English" when
// the form is bilingual; a line that keeps its label, or replaces the one at its place, keeps its id,
// so answers already given keep pointing at the same choice.
import type { DefinitionInput, QuestionInput, QuestionKind } from './model';

type Choice = { id: string; label: { fr?: string; en?: string } };
type Text = { fr: string; en: string };

/** What one question's small form posts. */
export type QuestionFields = {
  labelFr?: string;
  labelEn?: string;
  helpFr?: string;
  helpEn?: string;
  required?: boolean;
  choices?: string;
  other?: boolean;
  min?: string;
  max?: string;
  minLabel?: string;
  maxLabel?: string;
  showIfQuestion?: string;
  showIfValues?: string[];
};

const text = (fr = '', en = ''): Text => ({ fr: fr.trim(), en: en.trim() });

/** "Webinaire | Webinar" → both; a single text goes to the form's language. */
function splitLine(line: string, language: 'fr' | 'en'): Text {
  const [first, second] = line.split('|').map((part) => part.trim());
  if (second !== undefined) return text(first, second);
  return language === 'fr' ? text(first, '') : text('', first);
}

/** The choices typed in a textarea, keeping the ids of the choices they keep or replace. */
export function choicesFrom(lines: string, previous: Choice[], language: 'fr' | 'en'): Choice[] {
  const typed = lines
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => splitLine(line, language));
  const same = (a: Choice['label'], b: Text) => (a.fr ?? '') === b.fr && (a.en ?? '') === b.en;
  const byLabel = typed.map((label) => previous.find((c) => same(c.label, label))?.id ?? null);
  const used = new Set(byLabel.filter((id): id is string => id !== null));
  const ids = new Set(previous.map((c) => c.id));
  let next = 1;
  const fresh = () => {
    while (ids.has(`c${next}`)) next++;
    ids.add(`c${next}`);
    return `c${next}`;
  };
  return typed.map((label, i) => {
    const kept = byLabel[i];
    if (kept) return { id: kept, label };
    // A renamed choice keeps the id of the one it replaces, if nothing else took that id.
    const atPlace = previous[i];
    if (atPlace && !used.has(atPlace.id)) {
      used.add(atPlace.id);
      return { id: atPlace.id, label };
    }
    return { id: fresh(), label };
  });
}

/** How choices are shown back in the textarea. */
export function choicesText(choices: Choice[], bilingual: boolean): string {
  return choices.map((c) => (bilingual ? `${c.label.fr ?? ''} | ${c.label.en ?? ''}` : c.label.fr || c.label.en || '')).join('\n');
}

function freshQuestionId(definition: DefinitionInput): string {
  const taken = new Set(definition.questions.map((q) => q.id));
  let n = definition.questions.length + 1;
  while (taken.has(`q${n}`)) n++;
  return `q${n}`;
}

/** A new question of this kind at the end, with placeholder wording in the form's language. */
export function addQuestion(definition: DefinitionInput, kind: QuestionKind, placeholder: { label: string; choice: (n: number) => string }, language: 'fr' | 'en'): DefinitionInput {
  const id = freshQuestionId(definition);
  const label = language === 'fr' ? { fr: placeholder.label, en: '' } : { fr: '', en: placeholder.label };
  const choice = (n: number) => ({ id: `c${n}`, label: language === 'fr' ? { fr: placeholder.choice(n), en: '' } : { fr: '', en: placeholder.choice(n) } });
  let question: QuestionInput;
  if (kind === 'single' || kind === 'multiple' || kind === 'ranking') question = { kind, id, label, choices: [choice(1), choice(2)] };
  else if (kind === 'scale') question = { kind, id, label, min: 1, max: 5 };
  else question = { kind, id, label } as QuestionInput;
  return { questions: [...definition.questions, question] };
}

export function removeQuestion(definition: DefinitionInput, id: string): DefinitionInput {
  // A question that others depend on takes their condition with it.
  return { questions: definition.questions.filter((q) => q.id !== id).map((q) => (q.showIf?.question === id ? { ...q, showIf: null } : q)) };
}

export function moveQuestion(definition: DefinitionInput, id: string, by: -1 | 1): DefinitionInput {
  const questions = [...definition.questions];
  const at = questions.findIndex((q) => q.id === id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= questions.length) return definition;
  [questions[at], questions[to]] = [questions[to]!, questions[at]!];
  return { questions };
}

/** The question with what its small form posted; kind-specific fields only where they apply. */
export function editQuestion(definition: DefinitionInput, id: string, fields: QuestionFields, language: 'fr' | 'en'): DefinitionInput {
  return {
    questions: definition.questions.map((question) => {
      if (question.id !== id) return question;
      const edited: Record<string, unknown> = {
        ...question,
        label: text(fields.labelFr, fields.labelEn),
        help: text(fields.helpFr, fields.helpEn),
        showIf: fields.showIfQuestion ? { question: fields.showIfQuestion, anyOf: fields.showIfValues ?? [] } : null
      };
      if (question.kind !== 'section') edited.required = fields.required ?? false;
      if ('choices' in question && fields.choices !== undefined) edited.choices = choicesFrom(fields.choices, question.choices as Choice[], language);
      if (question.kind === 'single' || question.kind === 'multiple') edited.other = fields.other ?? false;
      if (question.kind === 'scale') {
        edited.min = fields.min === '0' ? 0 : 1;
        edited.max = fields.max === '10' ? 10 : 5;
        edited.minLabel = splitLine(fields.minLabel ?? '', language);
        edited.maxLabel = splitLine(fields.maxLabel ?? '', language);
      }
      return edited as QuestionInput;
    })
  };
}
