import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { operations } from './operations';

const routesRoot = path.resolve(__dirname, '../../../routes/api/v1');

/** Every (method, path) that a +server.ts under /api/v1 answers, in OpenAPI's path syntax. */
function routeOperations(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === '+server.ts') {
        const route = path.relative(routesRoot, dir).split(path.sep).filter(Boolean);
        if (route.some((part) => part.startsWith('[...'))) continue; // the catch-all 404
        const apiPath = '/' + route.map((part) => part.replace(/^\[(\w+)\]$/, '{$1}')).join('/');
        const source = fs.readFileSync(full, 'utf8');
        for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push(`${method!.toLowerCase()} ${apiPath}`);
        }
      }
    }
  };
  walk(routesRoot);
  return found.sort();
}

describe('OpenAPI document', () => {
  const document = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown>; security: unknown[] }>>;
    components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string }> };
  };

  it('is an OpenAPI 3.1 document with bearer and cookie authentication', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('describes /api/v1/me, its answer and its request body from the validating schemas', () => {
    const me = document.paths['/me'];
    expect(me?.get?.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(me?.get?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { type: 'object', required: expect.arrayContaining(['id', 'email', 'role']) } } }
    });
    expect(me?.get?.responses['401']).toBeDefined();
    expect(me?.patch).toMatchObject({
      requestBody: { content: { 'application/json': { schema: { properties: { locale: { enum: ['fr', 'en'] } } } } } }
    });
  });

  it('covers every endpoint under src/routes/api/v1, and nothing else', () => {
    const registered = operations.map((op) => `${op.method} ${op.path}`).sort();
    expect(registered).toEqual(routeOperations());
    for (const op of operations) expect(document.paths[op.path]?.[op.method]).toBeDefined();
  });
});
