import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { signIn, signOut, type AuthClient } from './accounts';
import { resetRateLimits } from './rate-limit';
import { getActor, verifiedToken } from './session';
import { SESSION_SECONDS } from '.';

const instance = useTestInstance();
const db = () => instance.db;
const password = 'une phrase de passe';

function client(cookie?: string): AuthClient {
  return { ip: '198.51.100.7', headers: new Headers(cookie ? { cookie } : {}) };
}

const cookieOf = (setCookies: Headers) =>
  setCookies
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function signedIn(name: string) {
  const actor = await person(db(), name);
  const cookie = cookieOf(await signIn(client(), { email: actor.email, password }));
  const token = decodeURIComponent(/session_token=([^;]+)/.exec(cookie)![1]!).split('.')[0]!;
  return { actor, cookie, token };
}

beforeEach(() => resetRateLimits());

describe('the session behind a cookie', () => {
  it('is the member, with nothing to set, and sees a changed name or role at once', async () => {
    const { actor, cookie } = await signedIn('Amélie Tremblay');
    const first = await getActor(new Headers({ cookie }));
    expect(first?.actor).toMatchObject({ id: actor.id, name: 'Amélie Tremblay', role: 'member', emailVerified: true });
    expect(first?.setCookies.getSetCookie()).toEqual([]);
    await db().updateTable('users').set({ name: 'Amélie T.', role: 'admin' }).where('id', '=', actor.id).execute();
    expect((await getActor(new Headers({ cookie })))?.actor).toMatchObject({ name: 'Amélie T.', role: 'admin' });
  });

  it('is nobody once signed out, with a forged signature, another token’s signature, or an unknown token', async () => {
    const { cookie, token } = await signedIn('Omar Haddad');
    const other = await signedIn('Nadia Bouchard');
    const value = decodeURIComponent(/session_token=([^;]+)/.exec(cookie)![1]!);
    const signature = value.slice(value.indexOf('.') + 1);
    const otherSignature = decodeURIComponent(/session_token=([^;]+)/.exec(other.cookie)![1]!).split('.').slice(1).join('.');
    const withValue = (v: string) => new Headers({ cookie: `ruche.session_token=${encodeURIComponent(v)}` });
    expect(await getActor(withValue(`${token}.${'A'.repeat(43)}=`))).toBeNull();
    expect(await getActor(withValue(`${token}.${otherSignature}`))).toBeNull();
    expect(await getActor(withValue(`${other.token}.${signature}`))).toBeNull();
    expect(await getActor(withValue(token))).toBeNull();
    // The same signature in another base64 spelling (no padding) is refused too.
    expect(await getActor(withValue(`${token}.${signature.replace(/=+$/, '')}`))).toBeNull();
    expect(await getActor(new Headers({ cookie }))).not.toBeNull();

    await signOut(client(cookie));
    expect(await getActor(new Headers({ cookie }))).toBeNull();
    // The other member's session is untouched.
    expect((await getActor(new Headers({ cookie: other.cookie })))?.actor.name).toBe('Nadia Bouchard');
  });

  it('is extended, with a new cookie, once a day of its week has passed; and nobody once expired', async () => {
    const { cookie, token } = await signedIn('Jade Roy');
    const day = 24 * 60 * 60 * 1000;
    // Signed in six days and a bit ago: one day left, due to be extended on this use.
    await db().updateTable('sessions').set({ expires_at: new Date(Date.now() + day - 60_000).toISOString() }).where('token', '=', token).execute();
    const extended = await getActor(new Headers({ cookie }));
    expect(extended?.actor.name).toBe('Jade Roy');
    expect(extended?.setCookies.getSetCookie().join()).toMatch(/session_token=/);
    const row = await db().selectFrom('sessions').select('expires_at').where('token', '=', token).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + SESSION_SECONDS * 1000 - 5 * 60_000);

    await db().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token', '=', token).execute();
    expect(await getActor(new Headers({ cookie }))).toBeNull();
  });

  it('checks a signature as HMAC-SHA256 of the token in base64, under the instance’s key only', () => {
    const signed = `abc.${createHmac('sha256', 'la clé').update('abc').digest('base64')}`;
    expect(verifiedToken(signed, 'la clé')).toBe('abc');
    expect(verifiedToken(signed, 'une autre clé')).toBeNull();
    expect(verifiedToken('abc', 'la clé')).toBeNull();
    expect(verifiedToken(signed.slice(3), 'la clé')).toBeNull();
  });
});
