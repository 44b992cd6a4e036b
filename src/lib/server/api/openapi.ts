// The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the registered operations.
import { z } from 'zod';
import { config } from '../config';
import type { Operation } from './registry';
import { operations } from './operations';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // OpenAPI 3.1 speaks JSON Schema 2020-12, zod's default target; the $schema line is redundant there.
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

export const problemSchema = z.object({
  type: z.string().describe('A URI naming the problem type; about:blank for plain HTTP problems'),
  title: z.string().describe('Short, translated summary of the problem'),
  status: z.number().int(),
  detail: z.string().describe('Translated explanation for a person'),
  errors: z
    .array(z.object({ path: z.string().describe('Dotted path of the field, e.g. name or items.0.title'), message: z.string() }))
    .optional()
    .describe('For invalid input: one entry per field')
});

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemContent = { 'application/problem+json': { schema: problemRef } };

function parameters(op: Operation): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property;
      list.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest
      });
    }
  }
  return list;
}

function responses(op: Operation): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, response] of Object.entries(op.responses)) {
    out[status] = response.schema
      ? { description: response.description, content: { 'application/json': { schema: schemaOf(response.schema, 'output') } } }
      : { description: response.description };
  }
  if (op.body || op.upload || op.query || op.params) out['400'] = { description: 'Invalid input', content: problemContent };
  if (op.auth === 'member') out['401'] = { description: 'Not signed in, or the token is invalid', content: problemContent };
  out.default = { description: 'Problem', content: problemContent };
  return out;
}

function describe(op: Operation): JsonSchema {
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    security: op.auth === 'member' ? [{ bearer: [] }, { cookie: [] }] : [],
    ...(op.params || op.query ? { parameters: parameters(op) } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } }
      : {}),
    ...(op.upload
      ? {
          requestBody: {
            required: true,
            description: op.upload.description,
            content: { [op.upload.mediaType]: { schema: { type: 'string', contentMediaType: op.upload.mediaType } } }
          }
        }
      : {}),
    responses: responses(op)
  };
}

export function openApiDocument(list: readonly Operation[] = operations): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of list) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = describe(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${config().instanceName} API`,
      version: '1',
      description:
        'JSON API of Ruche. Lists use cursor pagination (?cursor=&limit=), errors are RFC 9457 problem details.'
    },
    servers: [{ url: `${config().origin}/api/v1` }],
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (ruche_…), created in the account settings or with `ruche token create`' },
        // The prefix is COOKIE_PREFIX of auth/index.ts; over HTTPS browsers receive it as __Secure-ruche.session_token.
        cookie: { type: 'apiKey', in: 'cookie', name: 'ruche.session_token', description: 'The session cookie of a signed-in browser (__Secure-ruche.session_token over HTTPS)' }
      }
    }
  };
}
