// The sign-in form's limiter, driven through the real form action as SvelteKit would call it.
import { isRedirect, type Cookies } from '@sveltejs/kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../tests/setup/instance';
import { provisionAccount } from '$lib/server/auth/provision';
import { rateLimitRules, resetRateLimits } from '$lib/server/auth/rate-limit';
import { actions } from './+page.server';

const instance = useTestInstance();
const password = 'un ruisseau tranquille';

type Sent = { status: number | null; data: Record<string, unknown> | null; headers: Record<string, string>; redirectTo: string | null };

async function submit(action: 'password' | 'magic', form: Record<string, string>, from: { ip: string; forwardedFor?: string }): Promise<Sent> {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
  if (from.forwardedFor) headers.set('x-forwarded-for', from.forwardedFor);
  const request = new Request(`http://localhost/login?/${action}`, { method: 'POST', headers, body: new URLSearchParams(form) });
  const sent: Sent = { status: null, data: null, headers: {}, redirectTo: null };
  const jar = new Map<string, string>();
  const cookies = {
    get: (name: string) => jar.get(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
    serialize: () => ''
  } as unknown as Cookies;
  const event = {
    request,
    url: new URL(request.url),
    cookies,
    locals: { user: null, locale: 'fr', authVia: null, sessionId: null },
    getClientAddress: () => from.ip,
    setHeaders: (h: Record<string, string>) => Object.assign(sent.headers, h)
  };
  try {
    const result = (await actions[action]!(event as never)) as { status?: number; data?: Record<string, unknown> } | undefined;
    sent.status = result?.status ?? 200;
    sent.data = (result && 'data' in result ? result.data : result) ?? null;
  } catch (error) {
    if (!isRedirect(error)) throw error;
    sent.status = error.status;
    sent.redirectTo = error.location;
  }
  return sent;
}

beforeEach(() => resetRateLimits());

describe('the sign-in limiter', () => {
  it('answers 429 with Retry-After once an account has had too many failures, whatever X-Forwarded-For claims', async () => {
    await provisionAccount(instance.db, { name: 'Héloïse', email: 'heloise@example.org', password, role: 'member' });
    const limit = rateLimitRules.sign_in.perEmail;
    for (let i = 0; i < limit; i++) {
      const answer = await submit('password', { email: 'heloise@example.org', password: 'mauvaise réponse' }, { ip: '203.0.113.7', forwardedFor: `10.0.0.${i}` });
      expect(answer.status).toBe(400);
      expect(answer.data?.error).toBe('invalid_credentials');
    }
    // Even the right password is refused now: the account is locked for a while.
    const blocked = await submit('password', { email: 'heloise@example.org', password }, { ip: '203.0.113.7', forwardedFor: '10.9.9.9' });
    expect(blocked.status).toBe(429);
    expect(blocked.data?.error).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  });

  it('counts failures per client address without trusting a spoofed X-Forwarded-For', async () => {
    const limit = rateLimitRules.sign_in.perIp;
    for (let i = 0; i < limit; i++) {
      const answer = await submit('password', { email: `inconnu${i}@example.org`, password }, { ip: '203.0.113.8', forwardedFor: `192.0.2.${i}` });
      expect(answer.status).toBe(400);
    }
    const spoofed = await submit('password', { email: 'encore@example.org', password }, { ip: '203.0.113.8', forwardedFor: '192.0.2.200' });
    expect(spoofed.status).toBe(429);
    expect(spoofed.headers['retry-after']).toMatch(/^\d+$/);
    // Another real address is not affected.
    const other = await submit('password', { email: 'encore@example.org', password }, { ip: '203.0.113.9', forwardedFor: '203.0.113.8' });
    expect(other.status).toBe(400);
  });

  it('forgives an account’s failures once it signs in successfully', async () => {
    await provisionAccount(instance.db, { name: 'Inès', email: 'ines@example.org', password, role: 'member' });
    const limit = rateLimitRules.sign_in.perEmail;
    for (let i = 0; i < limit - 1; i++) await submit('password', { email: 'ines@example.org', password: 'mauvaise réponse' }, { ip: '203.0.113.10' });
    const ok = await submit('password', { email: 'ines@example.org', password, redirectTo: '/account' }, { ip: '203.0.113.10' });
    expect(ok).toMatchObject({ status: 303, redirectTo: '/account' });
    for (let i = 0; i < limit - 1; i++) {
      const answer = await submit('password', { email: 'ines@example.org', password: 'mauvaise réponse' }, { ip: '203.0.113.10' });
      expect(answer.status).toBe(400);
    }
  });

  it('sends back only to a path on this site', async () => {
    await provisionAccount(instance.db, { name: 'Jade', email: 'jade@example.org', password, role: 'member' });
    const answer = await submit('password', { email: 'jade@example.org', password, redirectTo: '//evil.example/' }, { ip: '203.0.113.11' });
    expect(answer).toMatchObject({ status: 303, redirectTo: '/' });
  });

  it('answers magic-link requests the same for known and unknown addresses, and limits them', async () => {
    await provisionAccount(instance.db, { name: 'Karim', email: 'karim@example.org', password, role: 'member' });
    const known = await submit('magic', { email: 'karim@example.org' }, { ip: '203.0.113.12' });
    const unknown = await submit('magic', { email: 'nobody@example.org' }, { ip: '203.0.113.12' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(Object.keys(known.data ?? {})).toEqual(Object.keys(unknown.data ?? {}));
    const mails = await instance.db.selectFrom('emails').select('to_address').where('to_address', 'in', ['karim@example.org', 'nobody@example.org']).execute();
    expect(mails).toEqual([{ to_address: 'karim@example.org' }]);

    for (let i = 1; i < rateLimitRules.email_link.perEmail; i++) await submit('magic', { email: 'karim@example.org' }, { ip: '203.0.113.13' });
    const blocked = await submit('magic', { email: 'karim@example.org' }, { ip: '203.0.113.14' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
  });
});
