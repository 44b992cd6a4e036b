// The forms engine (issue 18): one typed model (model.ts) for surveys, welcome surveys, polls,
// quizzes and feedback; forms in communities, versioned (forms.ts); responses, named or anonymous
// (responses.ts); results, filters by segment and the CSV (results.ts).
export * from './model';
export * from './forms';
export * from './responses';
export * from './results';
export * from './templates';
export * as builder from './builder';
export * from './reminders';
export * from './welcome';
