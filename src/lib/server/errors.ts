// The few domain errors every module throws. Their code doubles as the translation key errors.<code>;
// src/lib/server/http/problem.ts maps them to HTTP in one place.
export type ErrorCode = 'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'rate_limited' | 'unauthorized';

export type FieldIssue = { path: string; message: string };

const statusByCode: Record<ErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  unauthorized: 401
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds?: number
  ) {
    super(detail ?? code);
    this.name = 'DomainError';
    this.status = statusByCode[code];
  }
}

export const notFound = (detail?: string) => new DomainError('not_found', detail);
export const forbidden = (detail?: string) => new DomainError('forbidden', detail);
export const conflict = (detail?: string) => new DomainError('conflict', detail);
export const unauthorized = (detail?: string) => new DomainError('unauthorized', detail);
export const invalid = (issues: FieldIssue[], detail?: string) => new DomainError('invalid', detail, issues);
export const rateLimited = (retryAfterSeconds: number) =>
  new DomainError('rate_limited', undefined, [], retryAfterSeconds);
