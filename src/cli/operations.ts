// ruche migrate, worker, backup, restore, demo: running and looking after an instance.
import { config } from '../lib/server/config';
import { db, dialectForUrl } from '../lib/server/db';
import { migrateToLatest } from '../lib/server/db/migrate';
import { backupInstance, restoreInstance } from '../lib/server/backup/archive';
import { seedDemo } from '../lib/server/demo';
import { say, type Command } from './command';

const migrate: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (the server also does it at start)',
  usage: 'ruche migrate',
  details: ['Example:', '  DATABASE_URL=postgres://ruche@db/ruche ruche migrate'],
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    const applied = await migrateToLatest(db());
    say(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
  }
};

const worker: Command = {
  name: 'worker',
  summary: 'Run background jobs (emails, digests…) until stopped with Ctrl+C or SIGTERM',
  usage: 'ruche worker',
  details: [
    'Start the web processes with WORKER=off and run one or more workers beside them.',
    'Several workers may share one PostgreSQL database.'
  ],
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    const { runWorker } = await import('../lib/server/jobs/worker');
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runWorker({ signal: controller.signal });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
};

const backup: Command = {
  name: 'backup',
  summary: 'Write a backup of the database and the uploaded files to FILE, while the server runs',
  usage: 'ruche backup FILE',
  details: [
    'FILE is a tar archive: the database (SQLite: an online copy made with SQLite’s backup API;',
    'PostgreSQL: pg_dump --format=custom, which needs the PostgreSQL client tools) and DATA_DIR/uploads.',
    'Example:',
    '  ruche backup backups/ruche-$(date +%F).backup'
  ],
  options: {},
  positionals: { min: 1, max: 1 },
  async run(_values, [file]) {
    await backupInstance(config(), file as string);
    say(`Backup written to ${file}.`);
  }
};

const restore: Command = {
  name: 'restore',
  summary: 'Replace the database and the uploaded files with a backup made by ruche backup',
  usage: 'ruche restore FILE',
  details: [
    'SQLite: stop the server and workers first; the current database is kept beside it.',
    'PostgreSQL: pg_restore --clean --if-exists into DATABASE_URL.',
    'The current uploads are kept beside the restored ones (uploads.before-restore-TIME).',
    'Start the server afterwards: it applies any migration newer than the backup.',
    'Example:',
    '  ruche restore backups/ruche-2025-03-01.backup'
  ],
  options: {},
  positionals: { min: 1, max: 1 },
  async run(_values, [file]) {
    const url = config().databaseUrl;
    if (dialectForUrl(url) === 'sqlite') say('The server and workers must be stopped while the database file is replaced.');
    const { keptDatabase, keptUploads } = await restoreInstance(config(), file as string);
    if (keptDatabase) say(`The previous database is kept at ${keptDatabase}.`);
    if (keptUploads) say(`The previous uploads are kept at ${keptUploads}.`);
    say(`Restored ${file}.`);
  }
};

const demo: Command = {
  name: 'demo',
  summary: 'Fill the instance with a French demo (an administrator, members and three communities); safe to run again',
  usage: 'ruche demo',
  details: ['Example:', '  DATA_DIR=./demo-data ruche demo && DATA_DIR=./demo-data npm start'],
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    const { accounts, created, communities } = await seedDemo(db());
    say(
      created || communities
        ? `Demo ready: ${created} account(s) and ${communities} communit${communities === 1 ? 'y' : 'ies'} created.`
        : 'Demo already present; nothing to add.'
    );
    say('Accounts (email — password):');
    for (const account of accounts) say(`  ${account.email} — ${account.password}${account.role === 'admin' ? ' (administrator)' : ''}`);
  }
};

export const operationCommands: Command[] = [migrate, worker, backup, restore, demo];

/** Commands that would fail on an empty database run the migrations first. */
export const needsMigratedDatabase = new Set(['admin create', 'user create', 'token create', 'worker', 'demo']);
