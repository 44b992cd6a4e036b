// Where a generated instance lives: a DATA_DIR under bench/.data and, for PostgreSQL, a database of
// its own in the cluster named by BENCH_DATABASE_URL (or TEST_DATABASE_URL), dropped afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ScaleName } from './scales';
import type { BenchReader, Targets } from './generate/model';
import type { SearchIndexSummary } from './generate/search';

export type DialectName = 'sqlite' | 'postgres';

export type Instance = {
  scale: ScaleName;
  dialect: DialectName;
  dataDir: string;
  databaseUrl: string;
  /** PostgreSQL only: the database's name in the cluster. */
  databaseName: string | null;
};

/** What the generator leaves for the scenarios, kept beside the data (bench-only secrets). */
export type Manifest = {
  scale: ScaleName;
  dialect: DialectName;
  seed: number;
  generatedAt: string;
  generation: GenerationSummary;
  admin: { email: string; password: string };
  readers: BenchReader[];
  targets: Targets;
};

export type GenerationSummary = {
  seconds: number;
  steps: { name: string; seconds: number; status: 'built' | 'not built yet' }[];
  rows: Record<string, number>;
  indexesRebuilt: number;
  sizeBytes: number;
  violations: { rule: string; rows: number }[];
  verified: boolean;
  /** The search index built by reindexAll after the load (absent from instances and results older than search). */
  search?: SearchIndexSummary;
};

export const benchRoot = path.dirname(fileURLToPath(import.meta.url));
export const dataRoot = path.join(benchRoot, '.data');

function adminUrl(): string {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('PostgreSQL needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a superuser URL of a cluster where the bench may create a database');
  return url;
}

async function onCluster(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function instanceFor(scale: ScaleName, dialect: DialectName): Instance {
  const dataDir = path.join(dataRoot, `${scale}-${dialect}`);
  if (dialect === 'sqlite') return { scale, dialect, dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ruche.sqlite')}`, databaseName: null };
  const databaseName = `ruche_bench_${scale.toLowerCase()}`;
  const url = new URL(adminUrl());
  url.pathname = `/${databaseName}`;
  return { scale, dialect, dataDir, databaseUrl: url.toString(), databaseName };
}

/** Empties the instance's place: a new DATA_DIR and, on PostgreSQL, a new database. */
export async function resetInstance(instance: Instance): Promise<void> {
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
  fs.mkdirSync(instance.dataDir, { recursive: true });
  if (instance.databaseName) {
    await onCluster(`DROP DATABASE IF EXISTS ${instance.databaseName} WITH (FORCE)`);
    await onCluster(`CREATE DATABASE ${instance.databaseName}`);
  }
}

export async function removeInstance(instance: Instance): Promise<void> {
  if (instance.databaseName) await onCluster(`DROP DATABASE IF EXISTS ${instance.databaseName} WITH (FORCE)`);
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
}

export async function databaseSize(instance: Instance): Promise<number> {
  if (instance.dialect === 'sqlite') {
    const file = instance.databaseUrl.replace(/^sqlite:/, '');
    return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (fs.statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
  }
  const client = new pg.Client({ connectionString: instance.databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
    return Number(result.rows[0]?.size ?? 0);
  } finally {
    await client.end();
  }
}

const manifestFile = (instance: Instance) => path.join(instance.dataDir, 'bench-instance.json');

export function writeManifest(instance: Instance, manifest: Manifest): void {
  fs.writeFileSync(manifestFile(instance), JSON.stringify(manifest, null, 2));
}

export function readManifest(instance: Instance): Manifest | null {
  const file = manifestFile(instance);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest) : null;
}
