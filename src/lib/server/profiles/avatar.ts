// A member's avatar: set by the member, seen by whom its visibility allows (like any profile field).
// An avatar the viewer may not see answers exactly as no avatar at all.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { FieldVisibility } from '../db/schema';
import { canSeeField, requireMember, viewerOf } from '../access';
import { notFound } from '../errors';
import { now } from '../ids';
import { replacePicture } from '../images';
import { storage } from '../storage';
import { forUpdate } from '../db/dialect';
import { ensureProfile } from './index';

/** Sets (bytes) or removes (null) the actor's avatar; returns the new storage key. */
export async function setAvatar(db: DB, actor: Actor | null, bytes: Uint8Array | null): Promise<string | null> {
  const member = requireMember(actor);
  await ensureProfile(db, member.id, member.name);
  return replacePicture(storage(), { kind: 'avatars', shape: 'avatar', field: 'avatar', bytes }, (key) =>
    db.transaction().execute(async (trx) => {
      const mine = trx.selectFrom('profiles').select('avatar_path').where('user_id', '=', member.id);
      const { avatar_path } = await forUpdate(trx, mine).executeTakeFirstOrThrow();
      await trx.updateTable('profiles').set({ avatar_path: key, updated_at: now() }).where('user_id', '=', member.id).execute();
      return avatar_path;
    })
  );
}

export async function readAvatar(db: DB, actor: Actor | null, handle: string): Promise<{ bytes: Buffer; key: string }> {
  const row = await db
    .selectFrom('profiles')
    .select(['user_id', 'avatar_path', 'avatar_visibility'])
    .where('handle', '=', handle.toLowerCase())
    .executeTakeFirst();
  if (!row?.avatar_path) throw notFound();
  if (!canSeeField(await viewerOf(db, actor, row.user_id), row.avatar_visibility as FieldVisibility)) throw notFound();
  const bytes = await storage().get(row.avatar_path);
  if (!bytes) throw notFound();
  return { bytes, key: row.avatar_path };
}
