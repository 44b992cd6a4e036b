// Live updates: after a write commits, `announce` tells each member's open pages that something
// changed for them. In embedded mode the fan-out is in-process; on PostgreSQL it goes through
// NOTIFY on one channel, and every web process LISTENs on its own connection, so a notification
// created by one process (or by `ruche worker`) reaches a browser connected to another. Only user
// ids travel: what a page then shows is read again through the access module when it is delivered.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { sql } from 'kysely';
import type { DB } from '../db';
import { dialectOf } from '../db/dialect';
import { config } from '../config';
import { log } from '../log';

const CHANNEL = 'ruche_live';
const bus = new EventEmitter();
bus.setMaxListeners(0);

let listener: { client: pg.Client; url: string } | null = null;
let connecting: Promise<void> | null = null;

/** Tells the members' open pages that their notifications or messages changed. Call after commit. */
export async function announce(db: DB, userIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    // NOTIFY payloads are limited to 8,000 bytes: ids go in small batches.
    for (let i = 0; i < ids.length; i += 100) {
      await sql`select pg_notify(${CHANNEL}, ${ids.slice(i, i + 100).join(',')})`.execute(db);
    }
    return;
  }
  for (const id of ids) bus.emit(id);
}

/** Listens on PostgreSQL once per process; reconnects after a lost connection. */
async function ensureListening(): Promise<void> {
  const url = config().databaseUrl;
  if (!url.startsWith('postgres')) return;
  if (listener?.url === url) return;
  connecting ??= (async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      for (const id of (message.payload ?? '').split(',')) if (id) bus.emit(id);
    });
    client.on('error', (error) => {
      log('live_connection_lost', { message: error.message });
      if (listener?.client === client) listener = null;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    listener = { client, url };
  })().finally(() => {
    connecting = null;
  });
  await connecting;
}

const closers = new Set<() => void>();
let hooked = false;

/**
 * On shutdown, open streams end at once (a server waiting for them would wait its whole grace
 * period) and the LISTEN connection closes (it would keep the process alive).
 */
function hookShutdown(): void {
  if (hooked) return;
  hooked = true;
  const shutdown = () => {
    for (const close of [...closers]) close();
    void stopListening();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('sveltekit:shutdown', shutdown);
}

/**
 * Calls `onChange` each time something changes for this member, and `onClose` if the process shuts
 * down, until the returned function is called.
 */
export async function subscribe(userId: string, onChange: () => void, onClose: () => void = () => {}): Promise<() => void> {
  hookShutdown();
  await ensureListening();
  bus.on(userId, onChange);
  closers.add(onClose);
  return () => {
    bus.off(userId, onChange);
    closers.delete(onClose);
  };
}

/** For tests and shutdown: stops listening. */
export async function stopListening(): Promise<void> {
  const current = listener;
  listener = null;
  await current?.client.end().catch(() => {});
}
