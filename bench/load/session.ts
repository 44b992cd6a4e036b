// Signing in as a bench reader through the login form, as a browser without JavaScript would: the
// session cookie better-auth sets is what the signed-in scenarios send.
import type { BenchReader } from '../generate/model';

export async function signIn(origin: string, reader: Pick<BenchReader, 'email' | 'password'>): Promise<string> {
  const response = await fetch(`${origin}/login?/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
    body: new URLSearchParams({ email: reader.email, password: reader.password, redirectTo: '/' })
  });
  const cookies = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .filter((pair) => pair.includes('session_token'));
  if (response.status !== 303 || cookies.length === 0) {
    throw new Error(`signing in as ${reader.email} answered ${response.status} without a session cookie`);
  }
  return cookies.join('; ');
}
