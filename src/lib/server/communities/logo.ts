// A community's logo: animators set or remove it; whoever may see the community may see its logo
// (like its name), and nobody else learns that it exists.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, findCommunity } from '../access';
import { notFound } from '../errors';
import { now } from '../ids';
import { replacePicture } from '../images';
import { storage } from '../storage';
import { lockAndAssert } from './rows';

/** Sets (bytes) or removes (null) the logo; returns the new storage key. */
export async function setCommunityLogo(db: DB, actor: Actor | null, slug: string, bytes: Uint8Array | null): Promise<string | null> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  return replacePicture(storage(), { kind: 'logos', shape: 'logo', field: 'logo', bytes }, (key) =>
    db.transaction().execute(async (trx) => {
      await lockAndAssert(trx, actor, 'manage', relation);
      const { logo_path } = await trx.selectFrom('communities').select('logo_path').where('id', '=', relation.community.id).executeTakeFirstOrThrow();
      await trx.updateTable('communities').set({ logo_path: key, updated_at: now() }).where('id', '=', relation.community.id).execute();
      return logo_path;
    })
  );
}

/** The logo's bytes and key; not_found when there is none or the community is not the actor's to see. */
export async function readCommunityLogo(db: DB, actor: Actor | null, slug: string): Promise<{ bytes: Buffer; key: string }> {
  const { community } = await findCommunity(db, actor, slug);
  const bytes = community.logo_path ? await storage().get(community.logo_path) : null;
  if (!community.logo_path || !bytes) throw notFound();
  return { bytes, key: community.logo_path };
}
