// Runs the real `ruche` command in a child process against this file's test instance.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../tests/setup/instance';
import { createDb } from '../lib/server/db';
import { backupDatabase } from '../lib/server/backup';
import { authenticateToken } from '../lib/server/tokens';

const instance = useTestInstance();
const bin = path.resolve(__dirname, '../../bin/ruche.js');

type Run = { code: number | null; stdout: string; stderr: string };

function ruche(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATA_DIR: instance.config.dataDir, DATABASE_URL: instance.config.databaseUrl, RUCHE_LOG: 'off' }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').pop() ?? '';

describe('the ruche command', { timeout: 60_000 }, () => {
  it('creates an administrator whose printed token authenticates as them', async () => {
    const admin = await ruche('admin', 'create', '--email', 'Chloe@Example.org', '--name', 'Chloé Martin');
    expect(admin).toMatchObject({ code: 0, stderr: '' });
    expect(admin.stdout).toMatch(/Password \(shown once\): \S{20,}/);

    const token = await ruche('token', 'create', '--email', 'chloe@example.org', '--name', 'intégration');
    expect(token.code).toBe(0);
    const secret = lastLine(token.stdout);
    expect(secret).toMatch(/^ruche_\S+$/);
    expect(await authenticateToken(secret, instance.db)).toMatchObject({ email: 'chloe@example.org', role: 'admin', emailVerified: true });

    const stored = await instance.db.selectFrom('accounts').select(['provider_id', 'account_id', 'user_id', 'password']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ provider_id: 'credential', account_id: stored[0]?.user_id });
    expect(stored[0]?.password).not.toContain(admin.stdout.match(/: (\S+)\n/)?.[1]);
  });

  it('refuses bad input with one line on stderr and a non-zero exit code', async () => {
    const attempts = [
      ['frobnicate'],
      ['admin', 'create', '--name', 'Sans Courriel'],
      ['user', 'create', '--email', 'x@example.org', '--name', 'X', '--password', 'motdepasse'],
      ['user', 'create', '--email', 'x@example.org', '--name', 'X', '--colour', 'blue'],
      ['token', 'create', '--email', 'personne@example.org'],
      ['backup'],
      ['restore', path.join(instance.config.dataDir, 'missing.backup')]
    ];
    // Independent processes: run them side by side, each pays the start-up cost once.
    const runs = await Promise.all(attempts.map((args) => ruche(...args)));
    for (const [i, run] of runs.entries()) {
      const args = attempts[i] as string[];
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(/^ruche: [^\n]+\n$/);
    }
    expect(await instance.db.selectFrom('users').select('id').where('email', '=', 'x@example.org').execute()).toEqual([]);
  });

  it('explains every command with --help', async () => {
    const commands = [['migrate'], ['admin', 'create'], ['user', 'create'], ['token', 'create'], ['worker'], ['backup'], ['restore'], ['demo']];
    const runs = await Promise.all(commands.map((command) => ruche(...command, '--help')));
    for (const [i, run] of runs.entries()) {
      const command = commands[i] as string[];
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: ruche ${command.join(' ')}`);
    }
    expect((await ruche('--help')).stdout).toContain('token create');
  });

  it('restores a backup taken while the instance runs, with its uploaded files', async () => {
    const created = await ruche('user', 'create', '--email', 'gardee@example.org', '--name', 'Gardée', '--password', 'une longue phrase');
    expect(created.code).toBe(0);
    const uploads = path.join(instance.config.dataDir, 'uploads');
    const avatar = path.join(uploads, 'avatars', '01900000-0000-7000-8000-000000000001.webp');
    fs.mkdirSync(path.dirname(avatar), { recursive: true });
    fs.writeFileSync(avatar, 'une photo');
    const file = path.join(instance.config.dataDir, 'backups', 'ruche.backup');
    expect((await ruche('backup', file)).code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect((await ruche('backup', file)).code).not.toBe(0); // never overwrites a backup

    await instance.db.deleteFrom('users').where('email', '=', 'gardee@example.org').execute();
    fs.rmSync(avatar);
    const later = path.join(uploads, 'logos', '01900000-0000-7000-8000-000000000002.webp');
    fs.mkdirSync(path.dirname(later), { recursive: true });
    fs.writeFileSync(later, 'arrivé après la sauvegarde');
    const notABackup = path.join(instance.config.dataDir, 'notes.txt');
    fs.writeFileSync(notABackup, 'pas une sauvegarde');
    expect((await ruche('restore', notABackup)).code).not.toBe(0);

    const restored = await ruche('restore', file);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // The uploads are those of the backup; the ones replaced are kept aside, not lost.
    expect(fs.readFileSync(avatar, 'utf8')).toBe('une photo');
    expect(fs.existsSync(later)).toBe(false);
    const aside = restored.stdout.match(/previous uploads are kept at (\S+)\./)?.[1];
    expect(aside && fs.readFileSync(path.join(aside, 'logos', path.basename(later)), 'utf8')).toBe('arrivé après la sauvegarde');
    const fresh = createDb(instance.config.databaseUrl, { poolSize: 1 });
    try {
      const row = await fresh.selectFrom('users').select('name').where('email', '=', 'gardee@example.org').executeTakeFirst();
      expect(row?.name).toBe('Gardée');
    } finally {
      await fresh.destroy();
    }
  });

  it('still restores a plain database backup made before uploads were included', async () => {
    await ruche('user', 'create', '--email', 'ancienne@example.org', '--name', 'Ancienne', '--password', 'une longue phrase');
    const file = path.join(instance.config.dataDir, 'backups', 'plain.backup');
    await backupDatabase(instance.config.databaseUrl, file);
    await instance.db.deleteFrom('users').where('email', '=', 'ancienne@example.org').execute();
    const restored = await ruche('restore', file);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    const fresh = createDb(instance.config.databaseUrl, { poolSize: 1 });
    try {
      expect(await fresh.selectFrom('users').select('name').where('email', '=', 'ancienne@example.org').executeTakeFirst()).toEqual({ name: 'Ancienne' });
    } finally {
      await fresh.destroy();
    }
  });

  it('builds a French demo, and running it twice adds nothing', async () => {
    const first = await ruche('demo');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('admin@demo.ruche.local');
    const second = await ruche('demo');
    expect(second.stdout).toContain('nothing to add');
    const fresh = createDb(instance.config.databaseUrl, { poolSize: 1 });
    try {
      const admins = await fresh.selectFrom('users').select('role').where('email', '=', 'admin@demo.ruche.local').execute();
      expect(admins).toEqual([{ role: 'admin' }]);
      const communities = await fresh.selectFrom('communities').select(['slug', 'visibility', 'mission']).orderBy('slug').execute();
      expect(communities.map((c) => c.visibility).sort()).toEqual(['hidden', 'private', 'public']);
      expect(communities.every((c) => c.mission)).toBe(true);
      const stewards = await fresh.selectFrom('memberships').select('id').where('role', '=', 'steward').execute();
      expect(stewards).toHaveLength(3);
    } finally {
      await fresh.destroy();
    }
  });

  it('rebuilds the search index with progress, and the demo is found again afterwards', async () => {
    await ruche('demo'); // already there from the test above: adds nothing, but the test stands alone
    const fresh = createDb(instance.config.databaseUrl, { poolSize: 1 });
    try {
      const before = await fresh.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(before.n)).toBeGreaterThan(0);
      const run = await ruche('search', 'reindex');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^post: \d+\/\d+$/m);
      expect(Number(lastLine(run.stdout))).toBeGreaterThan(Number(before.n) / 2);
      const after = await fresh.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    } finally {
      await fresh.destroy();
    }
  });
});
