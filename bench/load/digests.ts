// Scenario 8, a digest run for every member of the instance. The generated instance is made to look
// like one a week into digests: members chose a daily digest for some communities and none for a few
// (digest_subscriptions; no row is the weekly default), some their own day and hour, and every
// member's last digest went out at their previous slot (digest_watermarks), so that at `at` each
// member with an active membership is due once per frequency. Then the real send path runs in a
// process of its own (digest-run.ts), whose peak memory is the run's alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModules } from '../app-modules';
import type { Instance } from '../instance';
import { Random } from '../random';
import type { CpuReading } from './measure';

export type DigestRunResult = {
  /** (member, frequency) pairs due at `at`: what a run must get through. */
  due: number;
  /** Members looked at and their digest built (those with nothing new queue no email). */
  built: number;
  /** Emails queued. */
  sent: number;
  failed: number;
  seconds: number;
  digestsPerSecond: number;
  /** CPU of the sending process, and of PostgreSQL's backends for the database. */
  cpuMs: number;
  dbCpuMs: number | null;
  /** Resident memory once the code was loaded and the database opened, and the run's high-water mark. */
  rssBeforeBytes: number;
  peakRssBytes: number;
  setup: { daily: number; none: number; ownSchedule: number; watermarks: number };
  profile: string | null;
};

type ChildOutput = { sent: number; checked: number; failed: number; seconds: number; cpuMs: number; rssBeforeBytes: number; peakRssBytes: number };

const DAY = 24 * 60 * 60 * 1000;
const chunk = 400;

function chunks<T>(items: T[], size = chunk): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Nothing of an earlier digest run left: no watermark, no choice, no queued email (the bench's instance only). */
async function clearDigests(db: ReturnType<AppModules['db']['createDb']>): Promise<void> {
  await db.deleteFrom('digest_watermarks').execute();
  await db.deleteFrom('digest_subscriptions').execute();
  // Emails the run queued would otherwise be sent by the next server (WORKER=inline) while it is measured.
  await db.deleteFrom('jobs').where('kind', '=', 'email.send').execute();
  await db.deleteFrom('emails').execute();
  await db.updateTable('users').set({ digest_hour: null, digest_weekday: null }).execute();
}

async function prepare(app: AppModules & { digests: NonNullable<AppModules['digests']> }, instance: Instance, at: number, seed: number): Promise<{ due: number; setup: DigestRunResult['setup'] }> {
  const db = app.db.createDb(instance.databaseUrl, { poolSize: 2 });
  const random = new Random(seed + 14);
  try {
    await clearDigests(db);
    const members = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.user_id', 'memberships.community_id', 'users.email_verified'])
      .where('memberships.status', '=', 'active')
      .orderBy('memberships.user_id')
      .orderBy('memberships.community_id')
      .execute();
    // Per membership: 12 % chose a daily digest, 6 % none, the rest kept the weekly default (no row).
    const subscriptions: { user_id: string; community_id: string; frequency: 'daily' | 'none'; updated_at: number }[] = [];
    const frequencies = new Map<string, Set<'daily' | 'weekly'>>();
    const verified = new Set<string>();
    for (const m of members) {
      if (m.email_verified) verified.add(m.user_id);
      const roll = random.next();
      const frequency = roll < 0.12 ? 'daily' : roll < 0.18 ? 'none' : 'weekly';
      if (frequency !== 'weekly') subscriptions.push({ user_id: m.user_id, community_id: m.community_id, frequency, updated_at: at - random.between(8, 60) * DAY });
      if (frequency !== 'none') frequencies.set(m.user_id, (frequencies.get(m.user_id) ?? new Set()).add(frequency));
    }
    for (const part of chunks(subscriptions, 200)) await db.insertInto('digest_subscriptions').values(part).execute();
    // 10 % of members set their own day and hour; the others get Monday 8 h on their clock.
    const users = [...new Set(members.map((m) => m.user_id))];
    const schedule = new Map<string, { digest_weekday: number | null; digest_hour: number | null; time_zone: string | null }>();
    const own = new Map<string, string[]>();
    for (const id of users) {
      if (!random.chance(0.1)) continue;
      const key = `${random.int(7)}:${random.between(6, 21)}`;
      own.set(key, [...(own.get(key) ?? []), id]);
    }
    for (const [key, ids] of own) {
      const [weekday, hour] = key.split(':').map(Number) as [number, number];
      for (const part of chunks(ids)) await db.updateTable('users').set({ digest_weekday: weekday, digest_hour: hour }).where('id', 'in', part).execute();
      for (const id of ids) schedule.set(id, { digest_weekday: weekday, digest_hour: hour, time_zone: null });
    }
    const zones = new Map((await db.selectFrom('users').select(['id', 'time_zone']).where('time_zone', 'is not', null).execute()).map((u) => [u.id, u.time_zone]));
    // The previous digest of each frequency went out at the member's previous slot.
    const watermarks: { user_id: string; frequency: 'daily' | 'weekly'; covered_until: number; sent_at: number }[] = [];
    for (const [userId, kinds] of frequencies) {
      const member = { ...(schedule.get(userId) ?? { digest_weekday: null, digest_hour: null }), time_zone: zones.get(userId) ?? null };
      for (const frequency of kinds) {
        const previous = app.digests.lastSlot(at, frequency, member) - (frequency === 'daily' ? DAY : 7 * DAY);
        watermarks.push({ user_id: userId, frequency, covered_until: previous, sent_at: previous });
      }
    }
    for (const part of chunks(watermarks, 200)) await db.insertInto('digest_watermarks').values(part).execute();
    const due = watermarks.filter((w) => verified.has(w.user_id)).length;
    return { due, setup: { daily: subscriptions.filter((s) => s.frequency === 'daily').length, none: subscriptions.filter((s) => s.frequency === 'none').length, ownSchedule: schedule.size, watermarks: watermarks.length } };
  } finally {
    await db.destroy();
  }
}

function runChild(sourceRoot: string, instance: Instance, at: number, profileDir: string | null, nodeOptions: string[]): Promise<ChildOutput> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'digest-run.ts');
  const args = [...nodeOptions, '--import', 'tsx', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), script, sourceRoot, String(at)];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: instance.databaseUrl, DATA_DIR: instance.dataDir, ORIGIN: 'http://127.0.0.1:5173', RUCHE_LOG: 'off', SMTP_URL: '', WORKER: 'off' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: sourceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`the digest run stopped (${code}):\n${(err || out).slice(-3000)}`));
      resolve(JSON.parse(line) as ChildOutput);
    });
  });
}

export async function runDigests(options: {
  app: AppModules;
  sourceRoot: string;
  instance: Instance;
  seed: number;
  profileDir: string | null;
  nodeOptions: string[];
  dbCpu: () => Promise<CpuReading['db']>;
  say: (message: string) => void;
}): Promise<DigestRunResult> {
  const { app, instance } = options;
  if (!app.digests) throw new Error('this source tree has no digests');
  const digests = app.digests;
  const at = Date.now();
  const { due, setup } = await prepare({ ...app, digests }, instance, at, options.seed);
  options.say(`digests: ${due} due (${setup.daily} daily and ${setup.none} "none" choices, ${setup.ownSchedule} own schedules); running the send path in its own process…`);
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  const dbBefore = await options.dbCpu();
  // PostgreSQL backends are counted while they live: the child's connections come and go within the run.
  const poll = setInterval(() => void options.dbCpu().catch(() => null), 250);
  let child: ChildOutput;
  try {
    child = await runChild(options.sourceRoot, instance, at, options.profileDir, options.nodeOptions);
  } finally {
    clearInterval(poll);
  }
  const dbAfter = await options.dbCpu();
  const db = app.db.createDb(instance.databaseUrl, { poolSize: 1 });
  try {
    await db.deleteFrom('jobs').where('kind', '=', 'email.send').execute();
    await db.deleteFrom('emails').execute();
  } finally {
    await db.destroy();
  }
  const profile = options.profileDir ? (fs.readdirSync(options.profileDir).find((f) => f.endsWith('.cpuprofile')) ?? null) : null;
  return {
    due,
    built: child.checked - child.failed,
    sent: child.sent,
    failed: child.failed,
    seconds: child.seconds,
    digestsPerSecond: child.seconds > 0 ? (child.checked - child.failed) / child.seconds : 0,
    cpuMs: child.cpuMs,
    dbCpuMs: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null,
    rssBeforeBytes: child.rssBeforeBytes,
    peakRssBytes: child.peakRssBytes,
    setup,
    profile: profile ? path.join(options.profileDir!, profile) : null
  };
}
