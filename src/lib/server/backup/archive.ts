// A whole instance in one file: `ruche backup FILE` writes a tar archive holding the database (as
// backupDatabase makes it), the uploaded files, and a small manifest; `ruche restore FILE` puts both
// back. A plain database backup (the format before uploads existed) still restores, database only.
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { dialectForUrl } from '../db';
import { BackupError, backupDatabase, isPostgresBackup, isSqliteBackup, restoreDatabase } from './index';

const MANIFEST = 'ruche-backup.json';
type Manifest = { format: 1; dialect: 'sqlite' | 'postgres'; database: string; createdAt: string };

export type Instance = { databaseUrl: string; dataDir: string };

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** True for a tar archive (the ustar magic at byte 257). */
function isArchive(file: string): boolean {
  const handle = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(262);
    const read = fs.readSync(handle, header, 0, 262, 0);
    return read === 262 && header.subarray(257, 262).toString('latin1') === 'ustar';
  } finally {
    fs.closeSync(handle);
  }
}

/**
 * Writes the database, then the uploads, to `file` (which must not exist). Files uploaded while it
 * runs may be included without their rows; a row never points at a file the archive lacks unless the
 * file was deleted in between.
 */
export async function backupInstance(instance: Instance, file: string): Promise<void> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupError(`${file} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.staging-`);
  const partial = `${target}.partial`;
  try {
    const dialect = dialectForUrl(instance.databaseUrl);
    const database = dialect === 'postgres' ? 'database.pgdump' : 'database.sqlite';
    await backupDatabase(instance.databaseUrl, path.join(staging, database));
    const manifest: Manifest = { format: 1, dialect, database, createdAt: new Date().toISOString() };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    await tar.create({ file: partial, cwd: staging, portable: true }, [MANIFEST, database]);
    if (fs.existsSync(path.join(instance.dataDir, 'uploads'))) {
      // Appended from the data folder itself: no second copy of the files on disk.
      await tar.replace({ file: partial, cwd: instance.dataDir, portable: true }, ['uploads']);
    }
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

export type Restored = { keptDatabase: string | null; keptUploads: string | null };

/** Puts a backup back: the database, and the uploads as they were (the current ones are kept aside). */
export async function restoreInstance(instance: Instance, file: string): Promise<Restored> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`${file} does not exist`);
  if (!isArchive(source)) {
    if (!isSqliteBackup(source) && !isPostgresBackup(source)) throw new BackupError(`${file} is not a backup made by ruche backup`);
    const { kept } = await restoreDatabase(instance.databaseUrl, source);
    return { keptDatabase: kept, keptUploads: null };
  }
  fs.mkdirSync(instance.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(instance.dataDir, '.restoring-'));
  try {
    // Only the names a backup holds; tar itself refuses absolute paths and `..`.
    await tar.extract({
      file: source,
      cwd: staging,
      strict: true,
      filter: (entry) => entry === MANIFEST || /^database\.(sqlite|pgdump)$/.test(entry) || entry === 'uploads' || entry.startsWith('uploads/')
    });
    const manifest = readManifest(path.join(staging, MANIFEST), file);
    const dialect = dialectForUrl(instance.databaseUrl);
    if (manifest.dialect !== dialect) {
      throw new BackupError(`${file} is a ${manifest.dialect} backup; this instance runs on ${dialect}`);
    }
    const { kept } = await restoreDatabase(instance.databaseUrl, path.join(staging, manifest.database));
    const uploads = path.join(instance.dataDir, 'uploads');
    let keptUploads: string | null = null;
    if (fs.existsSync(uploads)) {
      keptUploads = `${uploads}.before-restore-${stamp()}`;
      fs.renameSync(uploads, keptUploads);
    }
    if (fs.existsSync(path.join(staging, 'uploads'))) fs.renameSync(path.join(staging, 'uploads'), uploads);
    return { keptDatabase: kept, keptUploads };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function readManifest(file: string, name: string): Manifest {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    if (manifest.format === 1 && /^database\.(sqlite|pgdump)$/.test(manifest.database)) return manifest;
  } catch {
    // falls through to the refusal below
  }
  throw new BackupError(`${name} is not a backup made by ruche backup`);
}
