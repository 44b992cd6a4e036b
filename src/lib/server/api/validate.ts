// Reads a request's JSON body or query string through a zod schema. Whatever fails becomes a 400
// problem with one entry per field (see problem.ts), a body that is not JSON a 415 or 400 problem.
import { z } from 'zod';
import { config } from '../config';
import { invalid } from '../errors';
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

export type UploadedBytes = { bytes: Uint8Array; fileName: string };

/**
 * A JSON body, or a `multipart/form-data` body with that JSON in its `data` part and up to `maxFiles`
 * files in `field` parts (the library's document, a message's attachments). Refused by its announced
 * length before it is read, and each file by its size; what the JSON and the files hold is the
 * caller's to check.
 */
export async function jsonWithFiles(request: Request, options: { field: string; maxFiles: number; fallbackName: string }): Promise<{ data: unknown; files: UploadedBytes[] }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'multipart/form-data') return { data: await parseBody(request, z.unknown()), files: [] };
  const tooLarge = () => invalid([{ path: options.field, message: 'attachments.errors.too_large' }]);
  const announced = Number(request.headers.get('content-length') ?? 0);
  // The JSON part is small beside the files: a generous allowance for it and the part headers.
  if (announced > config().uploadMaxBytes * options.maxFiles + 256 * 1024) throw tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new HttpProblem(400, 'invalid_json');
  }
  const part = form.get('data');
  let data: unknown;
  try {
    data = JSON.parse(part === null ? '{}' : typeof part === 'string' ? part : await part.text());
  } catch {
    throw new HttpProblem(400, 'invalid_json');
  }
  const files: UploadedBytes[] = [];
  for (const upload of form.getAll(options.field)) {
    if (!(upload instanceof File) || upload.size === 0) continue;
    if (upload.size > config().uploadMaxBytes) throw tooLarge();
    files.push({ bytes: new Uint8Array(await upload.arrayBuffer()), fileName: upload.name || options.fallbackName });
  }
  return { data, files };
}
