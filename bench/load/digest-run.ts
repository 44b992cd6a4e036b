// Scenario 8, the process that sends: a Node process of its own, so that its peak memory is the
// digest run's alone. It runs the application's real send path (`sendDueDigests`: candidates, each
// member's digest built, rendered, queued in the outbox and its watermark moved) over every member
// due at `at`, with no batch limit, and prints one line of JSON on stdout.
// Usage (by bench/load/digests.ts): node --import tsx digest-run.ts SOURCE_ROOT AT
// with DATABASE_URL, DATA_DIR and ORIGIN in the environment, as the server gets them.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type DbModule = typeof import('../../src/lib/server/db');
type DigestsModule = typeof import('../../src/lib/server/digests');

const [sourceRoot, atText] = process.argv.slice(2);
if (!sourceRoot || !atText) throw new Error('usage: digest-run.ts SOURCE_ROOT AT');
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(sourceRoot, 'src', 'lib', 'server', file)).href)) as T;

/** VmHWM and VmRSS from /proc (bytes), 0 where there is none. */
function memory(): { hwm: number; rss: number } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

const { db, closeDb } = await load<DbModule>('db/index.ts');
const { sendDueDigests } = await load<DigestsModule>('digests/index.ts');
// The application's code is loaded and the database opened: what the run adds comes after this.
await db().selectFrom('users').select('id').limit(1).execute();
const before = { ...memory(), cpu: process.cpuUsage() };
const started = performance.now();
const result = await sendDueDigests(db(), Number(atText), { batch: Number.MAX_SAFE_INTEGER });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(before.cpu);
await closeDb();
const after = memory();
console.log(
  JSON.stringify({
    ...result,
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeBytes: before.rss,
    // The kernel's high-water mark; resourceUsage().maxRSS (kB) where /proc is missing.
    peakRssBytes: after.hwm || process.resourceUsage().maxRSS * 1024
  })
);
