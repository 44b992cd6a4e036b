// An empty instance invites its first visitor to create the administrator account.
import { db } from '../db';

export async function needsSetup(): Promise<boolean> {
  const row = await db().selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row === undefined;
}
