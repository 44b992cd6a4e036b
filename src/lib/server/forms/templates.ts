// Ready-made forms an animator starts from. The needs survey is the one Communauté accueillante 2.0
// starts every community with: what members expect, where they are, which topics, when and how they
// can take part. Bilingual, so a French or an English community uses it as it is.
import type { DefinitionInput } from './model';

const both = (fr: string, en: string) => ({ fr, en });

export const needsSurvey: DefinitionInput = {
  questions: [
    { kind: 'section', id: 'you', label: both('Vous et la communauté', 'You and the community'), help: both('Quelques minutes pour que les prochaines activités vous ressemblent.', 'A few minutes so that the next activities fit you.') },
    { kind: 'long_text', id: 'expectations', label: both('Qu’attendez-vous de cette communauté ?', 'What do you expect from this community?') },
    {
      kind: 'single',
      id: 'experience',
      label: both('Votre expérience du sujet', 'Your experience of the topic'),
      required: true,
      choices: [
        { id: 'new', label: both('Je découvre', 'I am new to it') },
        { id: 'some', label: both('Quelques années', 'A few years') },
        { id: 'long', label: both('Plus de dix ans', 'More than ten years') }
      ]
    },
    {
      kind: 'multiple',
      id: 'topics',
      label: both('Les sujets que vous aimeriez aborder', 'Topics you would like to cover'),
      choices: [
        { id: 'practice', label: both('Échanges de pratiques', 'Sharing practices') },
        { id: 'tools', label: both('Outils et ressources', 'Tools and resources') },
        { id: 'research', label: both('Recherche récente', 'Recent research') },
        { id: 'funding', label: both('Financement', 'Funding') },
        { id: 'policy', label: both('Politiques et droit', 'Policy and law') }
      ],
      other: true
    },
    {
      kind: 'ranking',
      id: 'formats',
      label: both('Classez les formats, du préféré au moins aimé', 'Rank the formats, favourite first'),
      choices: [
        { id: 'webinar', label: both('Webinaire', 'Webinar') },
        { id: 'workshop', label: both('Atelier pratique', 'Hands-on workshop') },
        { id: 'cinq_a_sept', label: both('5 à 7', 'After-work gathering') },
        { id: 'discussion', label: both('Discussion en ligne', 'Online discussion') }
      ]
    },
    {
      kind: 'multiple',
      id: 'times',
      label: both('Quand êtes-vous disponible ?', 'When are you available?'),
      choices: [
        { id: 'morning', label: both('En matinée', 'Mornings') },
        { id: 'noon', label: both('Sur l’heure du midi', 'Lunchtime') },
        { id: 'afternoon', label: both('En après-midi', 'Afternoons') },
        { id: 'evening', label: both('En soirée', 'Evenings') }
      ]
    },
    { kind: 'scale', id: 'time', label: both('Combien de temps pouvez-vous y consacrer ?', 'How much time can you give it?'), min: 1, max: 5, minLabel: both('Très peu', 'Very little'), maxLabel: both('Beaucoup', 'A lot') },
    { kind: 'yes_no', id: 'help', label: both('Aimeriez-vous aider à animer une activité ?', 'Would you like to help run an activity?') },
    { kind: 'short_text', id: 'help_topic', label: both('Sur quel sujet ?', 'On what topic?'), showIf: { question: 'help', anyOf: ['yes'] } }
  ]
};

/**
 * The feedback asked after an activity (MEOPAR: gather feedback after every activity): how satisfied,
 * what was useful, what to change, which topics next time, and a word more. Question ids are kept by
 * the events' feedback (events/feedback.ts) and by the migration that moved the older ratings here:
 * `satisfaction` holds the former 1–5 rating, `comment` the former comment.
 */
export const feedbackSurvey: DefinitionInput = {
  questions: [
    {
      kind: 'scale',
      id: 'satisfaction',
      label: both('Dans l’ensemble, êtes-vous satisfait·e de cette activité ?', 'Overall, how satisfied are you with this activity?'),
      required: true,
      min: 1,
      max: 5,
      minLabel: both('Décevant', 'Disappointing'),
      maxLabel: both('Excellent', 'Excellent')
    },
    { kind: 'long_text', id: 'useful', label: both('Qu’est-ce qui vous a été le plus utile ?', 'What was most useful to you?') },
    { kind: 'long_text', id: 'change', label: both('Que changeriez-vous la prochaine fois ?', 'What would you change next time?') },
    { kind: 'long_text', id: 'topics', label: both('Quels sujets aimeriez-vous aborder la prochaine fois ?', 'Which topics would you like to cover next time?') },
    { kind: 'long_text', id: 'comment', label: both('Un autre commentaire ?', 'Anything else?') }
  ]
};

/** A blank survey: one question to edit. */
export const blankSurvey: DefinitionInput = {
  questions: [{ kind: 'short_text', id: 'q1', label: both('Votre question', 'Your question') }]
};

export const templates = { needs: needsSurvey, feedback: feedbackSurvey, blank: blankSurvey } as const;
export type TemplateName = keyof typeof templates;
