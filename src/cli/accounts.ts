// ruche admin create, ruche user create, ruche token create.
import { db } from '../lib/server/db';
import { generatePassword, normaliseEmail, provisionAccount } from '../lib/server/auth/provision';
import { createToken } from '../lib/server/tokens';
import { isLocale } from '../lib/i18n';
import type { Actor } from '../lib/server/auth/actor';
import { CliError, optional, required, say, type Command, type Values } from './command';

function accountCommand(role: 'admin' | 'member'): Command {
  const word = role === 'admin' ? 'admin' : 'user';
  return {
    name: `${word} create`,
    summary: role === 'admin' ? 'Create an administrator account (already verified)' : 'Create a member account (already verified)',
    usage: `ruche ${word} create --email E --name N [--password P] [--locale fr|en]`,
    details: [
      'Options:',
      '  --email E      email address, used to sign in',
      '  --name N       name shown to other members',
      '  --password P   at least 10 characters, not a common password; without it a strong one is generated and printed',
      '  --locale L     fr (default) or en',
      'Example:',
      `  ruche ${word} create --email camille@example.org --name "Camille Roy"`
    ],
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      locale: { type: 'string' }
    },
    positionals: { min: 0, max: 0 },
    async run(values: Values) {
      const email = required(values, 'email');
      const name = required(values, 'name');
      const locale = optional(values, 'locale') ?? 'fr';
      if (!isLocale(locale)) throw new CliError('--locale must be fr or en');
      const given = optional(values, 'password');
      const password = given ?? generatePassword();
      await provisionAccount(db(), { email, name, password, role, locale });
      say(`Created ${role === 'admin' ? 'administrator' : 'member'} ${name} <${normaliseEmail(email)}>.`);
      if (!given) say(`Password (shown once): ${password}`);
    }
  };
}

async function actorByEmail(email: string): Promise<Actor> {
  const row = await db()
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'locale', 'email_verified'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (!row) throw new CliError(`no account with the email ${normaliseEmail(email)}`);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role === 'admin' ? 'admin' : 'member',
    locale: isLocale(row.locale) ? row.locale : 'fr',
    emailVerified: Boolean(row.email_verified)
  };
}

const tokenCreate: Command = {
  name: 'token create',
  summary: 'Create a personal API token for an account; the token is the last line of output',
  usage: 'ruche token create --email E [--name N]',
  details: [
    'Options:',
    '  --email E   the account the token acts for',
    '  --name N    a name to recognise the token by (default: "ruche CLI")',
    'Example:',
    '  TOKEN=$(ruche token create --email camille@example.org | tail -n 1)',
    '  curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/api/v1/me'
  ],
  options: { email: { type: 'string' }, name: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(values: Values) {
    const actor = await actorByEmail(required(values, 'email'));
    const { token, secret } = await createToken(db(), actor, { name: optional(values, 'name') ?? 'ruche CLI' });
    say(`Created the token "${token.name}" for ${actor.email}. It is shown once; keep it secret:`);
    say(secret);
  }
};

export const accountCommands: Command[] = [accountCommand('admin'), accountCommand('member'), tokenCreate];
