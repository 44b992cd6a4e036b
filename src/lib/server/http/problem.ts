// Errors of the HTTP API as RFC 9457 problem details (application/problem+json). Domain errors,
// invalid input and unexpected failures are turned into problems here, and only here.
import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../errors';
import { hasMessage, translate, type Locale, type MessageKey } from '../../i18n';
import { zodIssues } from '../api/issues';
import { log } from '../log';

export type Problem = {
  type?: string;
  title: string;
  detail: string;
  errors?: FieldIssue[];
};

/** A problem that is not one of the domain errors (unsupported media type, method not allowed…). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly headers: Record<string, string> = {}
  ) {
    super(code);
    this.name = 'HttpProblem';
  }
}

type ProblemCode = ErrorCode | 'internal' | 'unsupported_media_type' | 'method_not_allowed' | 'invalid_json';

export function problemResponse(status: number, problem: Problem, headers: Record<string, string> = {}): Response {
  const body: Record<string, unknown> = {
    type: problem.type ?? 'about:blank',
    title: problem.title,
    status,
    detail: problem.detail
  };
  if (problem.errors) body.errors = problem.errors;
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers }
  });
}

/** Text that may be a translation key (domain code passes keys, never sentences) in the request's language. */
function localized(locale: Locale, text: string | undefined, fallback: MessageKey): string {
  if (text && hasMessage(text)) return translate(locale, text);
  return translate(locale, fallback);
}

function codedProblem(locale: Locale, status: number, code: ProblemCode, detail?: string): Problem {
  const detailFallback = (hasMessage(`errors.${code}`) ? `errors.${code}` : `api.details.${code}`) as MessageKey;
  return {
    title: translate(locale, `api.titles.${code}` as MessageKey),
    detail: localized(locale, detail, detailFallback)
  };
}

/** The one mapping from anything thrown by an endpoint to the problem the client receives. */
export function problemFromError(error: unknown, locale: Locale): Response {
  if (error instanceof DomainError) {
    const problem = codedProblem(locale, error.status, error.code, error.detail);
    if (error.code === 'invalid') {
      problem.errors = error.issues.map((issue) => ({
        path: issue.path,
        message: localized(locale, issue.message, 'api.validation.invalid')
      }));
    }
    const headers: Record<string, string> = {};
    if (error.code === 'rate_limited') headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds ?? 60)));
    if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="ruche"';
    return problemResponse(error.status, problem, headers);
  }
  if (error instanceof ZodError) {
    const problem = codedProblem(locale, 400, 'invalid');
    problem.errors = zodIssues(error, locale);
    return problemResponse(400, problem);
  }
  if (error instanceof HttpProblem) {
    return problemResponse(error.status, codedProblem(locale, error.status, error.code), error.headers);
  }
  if (isHttpError(error)) {
    const code: ProblemCode = error.status === 404 ? 'not_found' : error.status < 500 ? 'invalid' : 'internal';
    return problemResponse(error.status, codedProblem(locale, error.status, code));
  }
  // Never echo the message of an unexpected error: it may name tables, files or secrets.
  log('error', { where: 'api', message: error instanceof Error ? error.message : String(error) });
  return problemResponse(500, codedProblem(locale, 500, 'internal'));
}

/** Wraps an API endpoint so whatever it throws becomes a problem in the request's language. */
export function apiRoute<E extends RequestEvent>(handler: (event: E) => Promise<Response> | Response): (event: E) => Promise<Response> {
  return async (event) => {
    try {
      return await handler(event);
    } catch (error) {
      return problemFromError(error, event.locals.locale ?? 'fr');
    }
  };
}

export function isApiPath(pathname: string): boolean {
  return pathname === '/api/v1' || pathname.startsWith('/api/v1/');
}
