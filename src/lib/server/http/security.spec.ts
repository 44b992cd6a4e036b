import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { isCrossSiteWrite } from './security';

useTestInstance({ ORIGIN: 'https://ruche.example.org' });

const url = (path: string) => new URL(`https://ruche.example.org${path}`);
const post = (headers: Record<string, string>) => new Request('https://ruche.example.org/x', { method: 'POST', headers });

describe('the cross-site write check', () => {
  it('refuses a browser write from another site carrying the session cookie, and lets our own pages write', () => {
    expect(isCrossSiteWrite(post({ origin: 'https://evil.example', cookie: 's=1' }), url('/c/jardin'))).toBe(true);
    expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'cross-site', cookie: 's=1' }), url('/c/jardin'))).toBe(true);
    expect(isCrossSiteWrite(post({ cookie: 's=1' }), url('/c/jardin'))).toBe(true);
    expect(isCrossSiteWrite(post({ origin: 'https://ruche.example.org', cookie: 's=1' }), url('/c/jardin'))).toBe(false);
    expect(isCrossSiteWrite(new Request('https://ruche.example.org/c/jardin', { headers: { origin: 'https://evil.example' } }), url('/c/jardin'))).toBe(false);
  });

  it('lets a script with a token and no cookie through', () => {
    expect(isCrossSiteWrite(post({ origin: 'https://evil.example', authorization: 'Bearer abc' }), url('/api/v1/posts'))).toBe(false);
    expect(isCrossSiteWrite(post({ origin: 'https://evil.example', authorization: 'Bearer abc', cookie: 's=1' }), url('/api/v1/posts'))).toBe(true);
  });

  it("lets a mail provider post a one-click unsubscribe with its own Origin: the signed address is the permission", () => {
    expect(isCrossSiteWrite(post({ origin: 'https://mail.example.com' }), url('/unsubscribe/abc.def'))).toBe(false);
    expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'cross-site', cookie: 's=1' }), url('/unsubscribe/abc.def'))).toBe(false);
    expect(isCrossSiteWrite(post({ origin: 'https://mail.example.com', cookie: 's=1' }), url('/unsubscribed'))).toBe(true);
  });
});
