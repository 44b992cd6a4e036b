import { beforeEach, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { requestPasswordReset, resetPassword, signIn, signUp, verifyEmail, type AuthClient } from './accounts';
import { AccountError } from './outcome';
import { resetRateLimits } from './rate-limit';
import { getActor } from './session';
import { changePassword } from './settings';
import { createFirstAdmin, needsSetup } from './setup';
import { translate } from '../../i18n';

const instance = useTestInstance();
let counter = 0;

function client(cookie?: string): AuthClient {
  return { ip: `198.51.100.${++counter % 250}`, headers: new Headers(cookie ? { cookie } : {}) };
}

/** What a browser would send back after receiving these Set-Cookie headers. */
function cookieFrom(setCookies: Headers): string {
  return setCookies
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function outbox(to: string) {
  return instance.db.selectFrom('emails').selectAll().where('to_address', '=', to).orderBy('created_at').execute();
}

async function firstMail(to: string) {
  const [mail] = await outbox(to);
  if (!mail) throw new Error(`no email to ${to}`);
  return mail;
}

function linkToken(text: string, path: string): string {
  const token = new RegExp(`${path}\\?token=([^\\s&]+)`).exec(text)?.[1];
  if (!token) throw new Error(`no ${path} link in: ${text}`);
  return decodeURIComponent(token);
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AccountError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const password = 'un ruisseau tranquille';

beforeEach(() => resetRateLimits());

describe('signing up', () => {
  it('queues one verification email in the member’s language and leaves the account unverified', async () => {
    await signUp(client(), { name: 'Amélie', email: 'Amelie@Example.org', password, locale: 'en' });
    expect(await outbox('amelie@example.org')).toHaveLength(1);
    const mail = await firstMail('amelie@example.org');
    expect(mail.locale).toBe('en');
    expect(mail.subject).toContain('Confirm your email address');
    const user = await instance.db.selectFrom('users').selectAll().where('email', '=', 'amelie@example.org').executeTakeFirstOrThrow();
    expect(Boolean(user.email_verified)).toBe(false);
    expect(user.locale).toBe('en');
    expect(user.role).toBe('member');
  });

  it('cannot sign in before following the link, and can afterwards', async () => {
    await signUp(client(), { name: 'Bastien', email: 'bastien@example.org', password, locale: 'fr' });
    expect(await refusal(signIn(client(), { email: 'bastien@example.org', password }))).toBe('email_not_verified');

    const mail = await firstMail('bastien@example.org');
    expect(mail.subject).toContain('Confirmez votre adresse courriel');
    await verifyEmail(client(), linkToken(mail.text_body, '/verify-email'));

    const cookies = await signIn(client(), { email: 'bastien@example.org', password });
    const session = await getActor(new Headers({ cookie: cookieFrom(cookies) }));
    expect(session?.actor).toMatchObject({ email: 'bastien@example.org', name: 'Bastien', emailVerified: true, locale: 'fr' });
  });

  it('answers the same for an address that already has an account, and tells its owner by email', async () => {
    await signUp(client(), { name: 'Chloé', email: 'chloe@example.org', password, locale: 'fr' });
    await expect(
      signUp(client(), { name: 'Intrus', email: 'chloe@example.org', password: 'autre phrase secrète', locale: 'en' })
    ).resolves.toBeUndefined();
    const mails = await outbox('chloe@example.org');
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('Confirmez votre adresse'),
      expect.stringContaining('Vous avez déjà un compte')
    ]);
    const users = await instance.db.selectFrom('users').select('name').where('email', '=', 'chloe@example.org').execute();
    expect(users).toEqual([{ name: 'Chloé' }]);
  });

  it('refuses short and common passwords with a translated reason, and creates nothing', async () => {
    expect(await refusal(signUp(client(), { name: 'D', email: 'd@example.org', password: 'court', locale: 'fr' }))).toBe('too_short');
    expect(await refusal(signUp(client(), { name: 'D', email: 'd@example.org', password: 'password123', locale: 'fr' }))).toBe(
      'too_common'
    );
    expect(translate('fr', 'auth.errors.too_common')).toMatch(/trop courant/);
    expect(translate('en', 'auth.errors.too_short', { min: 10 })).toMatch(/at least 10 characters/);
    expect(await outbox('d@example.org')).toHaveLength(0);
  });
});

describe('signing in', () => {
  it('gives the identical answer for an unknown email and a wrong password', async () => {
    await signUp(client(), { name: 'Élodie', email: 'elodie@example.org', password, locale: 'fr' });
    const mail = await firstMail('elodie@example.org');
    await verifyEmail(client(), linkToken(mail.text_body, '/verify-email'));

    const wrong = await refusal(signIn(client(), { email: 'elodie@example.org', password: 'pas le bon mot de passe' }));
    const unknown = await refusal(signIn(client(), { email: 'personne@example.org', password }));
    expect(wrong).toBe('invalid_credentials');
    expect(unknown).toBe(wrong);
  });

  it('resets a forgotten password through the emailed link, once', async () => {
    await signUp(client(), { name: 'Fanny', email: 'fanny@example.org', password, locale: 'fr' });
    await verifyEmail(client(), linkToken((await firstMail('fanny@example.org')).text_body, '/verify-email'));
    await requestPasswordReset(client(), 'fanny@example.org');
    await requestPasswordReset(client(), 'inconnue@example.org');
    expect(await outbox('inconnue@example.org')).toHaveLength(0);

    const reset = (await outbox('fanny@example.org')).find((m) => m.subject.includes('nouveau mot de passe'));
    const token = linkToken(reset!.text_body, '/reset-password');
    await resetPassword(token, 'une toute nouvelle phrase');
    expect(await refusal(resetPassword(token, 'encore une autre phrase'))).toBe('invalid_link');
    expect(await refusal(signIn(client(), { email: 'fanny@example.org', password }))).toBe('invalid_credentials');
    await expect(signIn(client(), { email: 'fanny@example.org', password: 'une toute nouvelle phrase' })).resolves.toBeInstanceOf(Headers);
  });
});

describe('changing the password', () => {
  it('requires the current password', async () => {
    await signUp(client(), { name: 'Gaël', email: 'gael@example.org', password, locale: 'fr' });
    await verifyEmail(client(), linkToken((await firstMail('gael@example.org')).text_body, '/verify-email'));
    const cookie = cookieFrom(await signIn(client(), { email: 'gael@example.org', password }));
    const session = await getActor(new Headers({ cookie }));
    const actor = session!.actor;

    expect(
      await refusal(changePassword(client(cookie), actor, { currentPassword: 'devine devine', newPassword: 'une phrase neuve' }))
    ).toBe('wrong_password');
    await changePassword(client(cookie), actor, { currentPassword: password, newPassword: 'une phrase neuve' });
    expect(await refusal(signIn(client(), { email: 'gael@example.org', password }))).toBe('invalid_credentials');
    await expect(signIn(client(), { email: 'gael@example.org', password: 'une phrase neuve' })).resolves.toBeInstanceOf(Headers);
  });
});

describe('the first administrator', () => {
  it('is created once, verified and signed in; later attempts are refused', async () => {
    expect(await needsSetup()).toBe(true);
    const input = (n: number) => ({ name: `Admin ${n}`, email: `admin${n}@example.org`, password, locale: 'fr' as const });
    // Two submissions racing: exactly one may win.
    const results = await Promise.allSettled([createFirstAdmin(client(), input(1)), createFirstAdmin(client(), input(2))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await instance.db.selectFrom('users').select(['email', 'email_verified']).where('role', '=', 'admin').execute();
    expect(admins).toHaveLength(1);
    expect(Boolean(admins[0]?.email_verified)).toBe(true);

    const winner = results.find((r): r is PromiseFulfilledResult<Headers> => r.status === 'fulfilled')!;
    const session = await getActor(new Headers({ cookie: cookieFrom(winner.value) }));
    expect(session?.actor.role).toBe('admin');

    expect(await needsSetup()).toBe(false);
    expect(await refusal(createFirstAdmin(client(), input(3)))).toBe('setup_done');
  });
});
