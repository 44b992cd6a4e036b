import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { conflict, invalid, notFound, rateLimited } from '../errors';
import { parseBody, parseQuery } from '../api/validate';
import { apiRoute, problemFromError } from './problem';

function event(request: Request, locale: 'fr' | 'en' = 'en'): RequestEvent {
  return { request, url: new URL(request.url), locals: { locale, user: null, authVia: null, sessionId: null } } as unknown as RequestEvent;
}

const input = z.object({ name: z.string().min(2), visibility: z.enum(['public', 'private']), size: z.number().max(5).optional() });
const create = apiRoute(async ({ request }) => Response.json(await parseBody(request, input), { status: 201 }));

function post(body: string, contentType = 'application/json') {
  return new Request('http://localhost/api/v1/things', { method: 'POST', body, headers: { 'content-type': contentType } });
}

describe('problem details', () => {
  it('lists each invalid field with a translated message', async () => {
    const response = await create(event(post(JSON.stringify({ name: 'a', size: 9 })), 'fr'));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await response.json();
    expect(body).toMatchObject({ type: 'about:blank', status: 400, title: 'Données non valides' });
    expect(body.detail).toEqual(expect.any(String));
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'Au moins 2 caractères.' },
        { path: 'visibility', message: 'Ce champ est obligatoire.' },
        { path: 'size', message: 'La valeur doit être d’au plus 5.' }
      ])
    );
  });

  it('accepts a valid body untouched', async () => {
    const response = await create(event(post(JSON.stringify({ name: 'Atelier', visibility: 'public' }))));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'Atelier', visibility: 'public' });
  });

  it('refuses a body that is not JSON', async () => {
    const form = await create(event(post('name=x', 'application/x-www-form-urlencoded')));
    expect(form.status).toBe(415);
    expect((await form.json()).title).toBe('Unsupported media type');
    const broken = await create(event(post('{"name":')));
    expect(broken.status).toBe(400);
    expect((await broken.json()).detail).toBe('The request body is not valid JSON.');
  });

  it('validates query strings, numbers included', () => {
    const schema = z.object({ limit: z.coerce.number().int().max(10), tag: z.array(z.string()).optional() });
    expect(parseQuery(new URL('http://x/?limit=3&tag=a&tag=b'), schema)).toEqual({ limit: 3, tag: ['a', 'b'] });
    expect(() => parseQuery(new URL('http://x/?limit=30'), schema)).toThrow();
  });

  it('maps each domain error to its status, with Retry-After when rate limited', async () => {
    expect(problemFromError(notFound(), 'en').status).toBe(404);
    expect(problemFromError(conflict(), 'en').status).toBe(409);
    const limited = problemFromError(rateLimited(42), 'fr');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('42');
    expect(await limited.json()).toMatchObject({ status: 429, title: 'Trop de requêtes', detail: expect.stringContaining('Réessayez') });
    const wrong = await problemFromError(invalid([{ path: 'email', message: 'api.validation.email' }]), 'en').json();
    expect(wrong.errors).toEqual([{ path: 'email', message: 'Invalid email address.' }]);
  });

  it('answers an unexpected failure with a 500 that does not leak its message', async () => {
    const handler = apiRoute(() => {
      throw new Error('relation "secret_table" does not exist at /srv/ruche');
    });
    const response = await handler(event(new Request('http://localhost/api/v1/x')));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret_table');
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal error' });
  });
});
