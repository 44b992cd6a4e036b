// What the live questions' pages and the server agree on: sizes, and the ways scores are shown.
export const liveLimits = { promptMax: 300, optionsMin: 2, optionsMax: 6, optionMax: 120, questionsMax: 30 } as const;
export const liveScorings = ['named', 'anonymous'] as const;
export const liveControls = ['start', 'reveal', 'next', 'finish'] as const;
