// The sizes of instance the benchmark builds (issue 8).
export type ScaleName = 'S' | 'M' | 'L';

export type Scale = {
  name: ScaleName;
  communities: number;
  members: number;
  posts: number;
  comments: number;
  /** Library resources; notebooks are one for every twenty. */
  resources: number;
  events: number;
  /** Responses to the needs survey of the largest public community (issue 18). */
  surveyResponses: number;
  /** Members who voted in the poll of the largest public community (issue 18), at most 85 % of its members. */
  pollVoters: number;
};

export const scales: Record<ScaleName, Scale> = {
  S: { name: 'S', communities: 10, members: 500, posts: 5_000, comments: 20_000, resources: 1_000, events: 200, surveyResponses: 200, pollVoters: 200 },
  M: { name: 'M', communities: 50, members: 5_000, posts: 100_000, comments: 400_000, resources: 10_000, events: 2_000, surveyResponses: 2_000, pollVoters: 2_000 },
  L: { name: 'L', communities: 200, members: 50_000, posts: 1_000_000, comments: 4_000_000, resources: 100_000, events: 20_000, surveyResponses: 20_000, pollVoters: 20_000 }
};

export function isScaleName(value: string): value is ScaleName {
  return value === 'S' || value === 'M' || value === 'L';
}
