// What the pages and the server agree on about polls: how many options, how long each, and who sees the counts.
export const pollLimits = { optionsMin: 2, optionsMax: 10, labelMax: 200 } as const;
export const pollResultsVisibilities = ['after_vote', 'after_close'] as const;
