// What an API endpoint declares about itself. The same zod schemas validate the requests (see
// validate.ts) and describe them in the OpenAPI document (openapi.ts): there is no second copy.
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type Operation = {
  method: HttpMethod;
  /** OpenAPI path template below /api/v1, e.g. `/communities/{slug}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** `member`: a session cookie or a Bearer token is required; `none`: anyone may call it. */
  auth: 'member' | 'none';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body is a file's raw bytes (e.g. `image/*`) instead of JSON. */
  upload?: { mediaType: string; description: string };
  /** Successful responses; problems (400, 401, 404…) are added by the document. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
};

/** Identity function: gives an operation literal its type where it is declared. */
export function defineOperation(operation: Operation): Operation {
  return operation;
}

/** A 200 answer, with its body's schema when it has one. */
export const ok = (description: string, schema?: z.ZodType) => ({ 200: { description, schema } });
/** A 204 answer: done, nothing to say. */
export const done = (description: string) => ({ 204: { description } });

/**
 * Compile-time check that a response schema is exactly the domain's type: a field added on one side
 * only fails the type check. Use as `Assert<Same<z.output<typeof schema>, DomainType>>`.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
