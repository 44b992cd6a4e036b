// The key that signs session cookies and email links. An operator may set RUCHE_SECRET; otherwise one
// is generated on first use and kept in the database, so every web process of the instance shares it.
import { randomBytes } from 'node:crypto';
import type { Executor } from '../jobs/queue';
import { config } from '../config';
import { now } from '../ids';

const SECRET_KEY = 'auth.secret';

export async function authSecret(db: Executor): Promise<string> {
  const configured = config().secret;
  if (configured) return configured;
  // Insert-if-absent then read: two processes starting together both end up with the winner's value.
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url'), updated_at: now() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return row.value;
}
