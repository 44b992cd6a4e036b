// What the pages and the server agree on about publications: their kinds and the reactions offered.
export const postKinds = ['discussion', 'question', 'resource', 'case', 'call', 'proposal'] as const;
export type PostKindName = (typeof postKinds)[number];

/** The small fixed set of reactions. */
export const reactionEmojis = ['👍', '❤️', '💡', '🙏'] as const;
