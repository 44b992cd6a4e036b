// Live updates between processes: on PostgreSQL, what one process announces reaches a member's
// stream held by another (two web processes, or a worker and a web process), and only that member's.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect, useTestInstance } from '../../../../tests/setup/instance';
import { announce, stopListening, subscribe } from './live';

const instance = useTestInstance();
const root = path.resolve(import.meta.dirname, '../../../..');
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await stopListening();
});

/** Another Node process of the same instance, holding a live subscription for `userId` and announcing on request. */
async function otherProcess(userId: string): Promise<{ changes: () => number; announce: (id: string) => void }> {
  const script = `
    const live = await import(${JSON.stringify(path.join(root, 'src/lib/server/notifications/live.ts'))});
    const { createDb } = await import(${JSON.stringify(path.join(root, 'src/lib/server/db/index.ts'))});
    const db = createDb(process.env.DATABASE_URL, { poolSize: 1 });
    await live.subscribe(process.env.USER_ID, () => console.log('changed'));
    process.stdin.on('data', async (chunk) => { for (const id of String(chunk).split('\\n').filter(Boolean)) await live.announce(db, [id]); });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: instance.config.databaseUrl, DATA_DIR: instance.config.dataDir, USER_ID: userId, RUCHE_LOG: 'off' },
    stdio: ['pipe', 'pipe', 'inherit']
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  await expect.poll(() => output.includes('ready'), { timeout: 20_000 }).toBe(true);
  return { changes: () => output.split('\n').filter((line) => line === 'changed').length, announce: (id) => child.stdin!.write(`${id}\n`) };
}

describe.skipIf(testDialect !== 'postgres')('live updates across processes (PostgreSQL)', () => {
  it('delivers what one process announces to a member listening in another, both ways, and to nobody else', async () => {
    const there = await otherProcess('member-b');
    let here = 0;
    const stop = await subscribe('member-a', () => here++);

    await announce(instance.db, ['member-b']);
    await expect.poll(there.changes, { timeout: 5_000 }).toBe(1);

    there.announce('member-a');
    await expect.poll(() => here, { timeout: 5_000 }).toBe(1);

    // Someone else's news reaches neither.
    await announce(instance.db, ['member-c']);
    there.announce('member-c');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([there.changes(), here]).toEqual([1, 1]);
    stop();
  });
});
