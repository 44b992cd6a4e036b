// Reads a request's JSON body or query string through a zod schema. Whatever fails becomes a 400
// problem with one entry per field (see problem.ts), a body that is not JSON a 415 or 400 problem.
import type { z } from 'zod';
import { HttpProblem } from '../http/problem';

export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) throw new HttpProblem(415, 'unsupported_media_type');
  let data: unknown;
  try {
    data = await request.json();
  } catch {
    throw new HttpProblem(400, 'invalid_json');
  }
  return schema.parse(data, { reportInput: true });
}

/** Query values arrive as strings: schemas use z.coerce for numbers and booleans. */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    values[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return schema.parse(values, { reportInput: true });
}

/** Like parseBody, for endpoints whose body may be left out entirely (it then reads as `{}`). */
export async function parseOptionalBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  if (request.headers.get('content-length') === '0' || !request.body) return schema.parse({}, { reportInput: true });
  return parseBody(request, schema);
}
