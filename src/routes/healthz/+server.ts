import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { db } from '$lib/server/db';

/** 200 when the database answers, 503 otherwise. */
export async function GET() {
  try {
    await sql`select 1`.execute(db());
    return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
