// Instance configuration, read once from the environment (see the README's table).
// Plain Node code: the CLI, the worker and the tests import it without SvelteKit.
import path from 'node:path';
import { z } from 'zod';

export type Config = {
  port: number;
  host: string;
  origin: string;
  dataDir: string;
  databaseUrl: string;
  smtpUrl: string | null;
  worker: 'inline' | 'off';
  instanceName: string;
  secret: string | null;
  /** Header holding the client address behind a trusted proxy (e.g. X-Forwarded-For); unset: the socket address. */
  addressHeader: string | null;
  /** Largest file a member may attach to a publication, in bytes (UPLOAD_MAX_MB). */
  uploadMaxBytes: number;
  /** The time zone events are planned in unless their organisers choose another (RUCHE_TIME_ZONE). */
  timeZone: string;
  /** Emails a member receives in a week before the non-urgent ones wait for their digest (RUCHE_EMAIL_BUDGET). */
  emailBudget: number;
  /**
   * Tile server of the initiative map, a Leaflet address template such as
   * `https://tile.openstreetmap.org/{z}/{x}/{y}.png` (MAP_TILES_URL); null: no map, the lists alone.
   */
  mapTilesUrl: string | null;
  /** The credit the tile server asks for, shown on the map as plain text (MAP_ATTRIBUTION). */
  mapAttribution: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    origin: (env.ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'ruche.sqlite')}`,
    smtpUrl: env.SMTP_URL || null,
    worker: env.WORKER === 'off' ? 'off' : 'inline',
    instanceName: env.RUCHE_NAME ?? 'Ruche',
    secret: env.RUCHE_SECRET || env.BETTER_AUTH_SECRET || null,
    addressHeader: env.ADDRESS_HEADER || null,
    uploadMaxBytes: megabytes(env.UPLOAD_MAX_MB, 10),
    timeZone: validZone(env.RUCHE_TIME_ZONE) ?? 'America/Toronto',
    emailBudget: wholeNumber(env.RUCHE_EMAIL_BUDGET, 10),
    mapTilesUrl: tileTemplate(env.MAP_TILES_URL),
    mapAttribution: (env.MAP_ATTRIBUTION ?? '').trim().slice(0, 500)
  };
}

// An http(s) address that names the tile's {z}, {x} and {y}; anything else would draw a broken
// map, so it is ignored and the pages show their lists alone.
const tileTemplateSchema = z
  .string()
  .trim()
  .refine((value) => ['{z}', '{x}', '{y}'].every((part) => value.includes(part)))
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));

function tileTemplate(value: string | undefined): string | null {
  const parsed = tileTemplateSchema.safeParse(value ?? '');
  return parsed.success ? parsed.data : null;
}

/**
 * The origins the map's tiles come from, for the Content-Security-Policy: one, or one per
 * subdomain when the template uses Leaflet's `{s}` (a, b and c by default).
 */
export function tileOrigins(template: string | null): string[] {
  if (!template) return [];
  const hosts = template.includes('{s}') ? ['a', 'b', 'c'].map((s) => template.replaceAll('{s}', s)) : [template];
  return [...new Set(hosts.map((url) => new URL(url).origin))];
}

function validZone(name: string | undefined): string | null {
  if (!name) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name;
  } catch {
    return null;
  }
}

function wholeNumber(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

function megabytes(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Math.round((value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback) * 1024 * 1024);
}

let current: Config | null = null;

export function config(): Config {
  current ??= readConfig();
  return current;
}

/** Tests and the CLI point the process at another instance. */
export function setConfig(next: Config): void {
  current = next;
}

/** What the map needs in the browser, or null when no tile server is configured (the lists alone). */
export function mapTiles(): { url: string; attribution: string } | null {
  const { mapTilesUrl, mapAttribution } = config();
  return mapTilesUrl ? { url: mapTilesUrl, attribution: mapAttribution } : null;
}
