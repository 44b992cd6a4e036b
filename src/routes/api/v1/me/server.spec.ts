import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { provisionAccount } from '$lib/server/auth/provision';
import { createToken, revokeToken } from '$lib/server/tokens';
import { bearerHandle } from '$lib/server/http/bearer';
import { newId } from '$lib/server/ids';
import type { Actor } from '$lib/server/auth/actor';
import { GET, PATCH } from './+server';
import { fallback } from '../[...rest]/+server';

const instance = useTestInstance();

type Handler = (event: RequestEvent) => Promise<Response>;

/** Runs a request through the Bearer handle and then the endpoint, as the server does. */
async function call(handler: Handler, init: RequestInit & { path?: string; token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const request = new Request(`http://localhost${init.path ?? '/api/v1/me'}`, { ...init, headers });
  const event = {
    request,
    url: new URL(request.url),
    locals: { user: null, authVia: null, sessionId: null, locale: 'en' },
    cookies: { get: () => undefined }
  } as unknown as RequestEvent;
  const response = await bearerHandle({ event, resolve: (e) => handler(e) });
  return { response, body: await response.json(), event };
}

async function memberWithToken(): Promise<{ actor: Actor; secret: string; tokenId: string }> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name: 'Sophie Roy', password: 'une phrase de passe', role: 'member' });
  const actor: Actor = { id, name: 'Sophie Roy', email, role: 'member', locale: 'fr', emailVerified: true };
  const { secret, token } = await createToken(instance.db, actor, { name: 'test' });
  return { actor, secret, tokenId: token.id };
}

describe('GET /api/v1/me', () => {
  it('answers the token’s member, and only the public fields', async () => {
    const { actor, secret } = await memberWithToken();
    const { response, body, event } = await call(GET as Handler, { token: secret });
    expect(response.status).toBe(200);
    expect(body).toEqual({ id: actor.id, name: 'Sophie Roy', email: actor.email, role: 'member', locale: 'fr', emailVerified: true });
    expect(event.locals.authVia).toBe('token');
  });

  it('answers 401 problems without credentials and with a revoked token', async () => {
    const anonymous = await call(GET as Handler);
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('content-type')).toBe('application/problem+json');

    const { actor, secret, tokenId } = await memberWithToken();
    await revokeToken(instance.db, actor, tokenId);
    const revoked = await call(GET as Handler, { token: secret });
    expect(revoked.response.status).toBe(401);
    expect(revoked.body).toMatchObject({ status: 401, detail: 'This API token is unknown or has been revoked.' });
  });

  it('changes the name and language, and lists invalid fields', async () => {
    const { secret } = await memberWithToken();
    const json = { 'content-type': 'application/json' };
    const changed = await call(PATCH as Handler, { method: 'PATCH', token: secret, headers: json, body: JSON.stringify({ locale: 'en', name: 'Sophie R.' }) });
    expect(changed.response.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Sophie R.', locale: 'en' });
    expect((await call(GET as Handler, { token: secret })).body).toMatchObject({ name: 'Sophie R.', locale: 'en' });

    const wrong = await call(PATCH as Handler, { method: 'PATCH', token: secret, headers: json, body: JSON.stringify({ locale: 'de', role: 'admin' }) });
    expect(wrong.response.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['', 'locale']);
    expect((await call(GET as Handler, { token: secret })).body.role).toBe('member');
  });
});

describe('unknown API paths', () => {
  it('answer a 404 problem', async () => {
    const { response, body } = await call(fallback as Handler, { path: '/api/v1/nothing-here' });
    expect(response.status).toBe(404);
    expect(body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('turn a wrong method into a 405 problem that keeps the Allow header', async () => {
    const plain: Handler = async () => new Response('Method not allowed', { status: 405, headers: { allow: 'GET, PATCH' } });
    const { response, body } = await call(plain, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH');
    expect(body).toMatchObject({ status: 405, title: 'Method not allowed' });
  });
});
