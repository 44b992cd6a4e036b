// What every journey needs: a production server of its own (fresh database, SQLite or PostgreSQL,
// emails kept as .eml files; on PostgreSQL, a second web process on request), a headless Chromium,
// an accessibility scan, the outbox to read, and the `ruche` command pointed at the same instance.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { createDb, type DB } from '../../src/lib/server/db';
import { provisionAccount, type NewAccount } from '../../src/lib/server/auth/provision';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../src/lib/i18n';
import { newId } from '../../src/lib/server/ids';
import { ensureProfile } from '../../src/lib/server/profiles';
import type { Actor } from '../../src/lib/server/auth/actor';

const root = fileURLToPath(new URL('../..', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export type Instance = {
  /** The first web process; the one every page opens unless told otherwise. */
  origin: string;
  /** Every web process of the instance, the first one first (two share one PostgreSQL database). */
  origins: string[];
  db: DB;
  /** What the instance's processes were given as DATA_DIR and DATABASE_URL, for `ruche` commands. */
  dataDir: string;
  databaseUrl: string;
  browser: Browser;
  /** A new browser context whose Accept-Language asks for `locale`, on `origin` (the first process by default). */
  newPage(locale: Locale, viewport?: { width: number; height: number }, origin?: string): Promise<Page>;
  /** The same, with JavaScript off: the page as an old phone or a strict browser gets it. */
  noScriptPage(locale: Locale): Promise<Page>;
  /** Runs `ruche <args>` against this instance, as an operator would; resolves with its output, fails on a non-zero exit. */
  ruche(...args: string[]): Promise<string>;
};

export type InstanceOptions = {
  /**
   * Web processes sharing the database (default 1). Two are PostgreSQL's deployment only: two
   * processes on one SQLite file are not what the embedded mode runs, so asking for it there fails.
   * The second runs without the inline worker: the first one's does the background jobs.
   */
  processes?: 1 | 2;
  /**
   * More environment for the instance's processes (MAP_TILES_URL…). A function is called as the
   * instance starts, so it may first start what the value points to (a tile server on a free port).
   */
  env?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function freshDatabase(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DIALECT !== 'postgres' || !adminUrl) {
    return { url: `sqlite:${path.join(dataDir, 'ruche.sqlite')}`, drop: async () => {} };
  }
  const name = `ruche_e2e_${newId().replace(/-/g, '')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  // A copy of the run's migrated template (tests/setup/global.ts): the server finds nothing to migrate.
  const template = inject('pgTemplate');
  await run(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function waitForHealth(origin: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server stopped while starting:\n${output()}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer /healthz within 30 s:\n${output()}`);
}

/** The environment every process of an instance (web, `ruche` commands) is given. */
function instanceEnv(origin: string, dataDir: string, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    ORIGIN: origin,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    WORKER_POLL_MS: '100',
    SMTP_URL: '',
    RUCHE_LOG: 'off'
  };
}

/** Starts a web process and waits until it answers; `started` learns of it at once, to stop it even if it never does. */
async function startServer(env: NodeJS.ProcessEnv, port: number, worker: 'inline' | 'off', started: ChildProcess[], stopping: () => boolean): Promise<void> {
  const origin = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.js')], {
    cwd: root,
    // Each process answers at its own address (behind a real deployment's proxy they would share one).
    env: { ...env, PORT: String(port), ORIGIN: origin, WORKER: worker },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  started.push(server);
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  // A server that stops mid-run says why, so a failing CI log shows the cause and not only refused connections.
  server.on('exit', (code, signal) => {
    if (!stopping()) console.error(`The server under test at ${origin} exited (${code ?? signal}); its last output:\n${output.slice(-4000)}`);
  });
  await waitForHealth(origin, server, () => output);
}

/** Call at the top of a journey file (or of the describe that needs it): starts the server(s) and the browser before its tests. */
export function useInstance(options: InstanceOptions = {}): Instance {
  const processes = options.processes ?? 1;
  const instance = {} as Instance;
  const servers: ChildProcess[] = [];
  let dataDir = '';
  let drop = async () => {};
  const contexts: BrowserContext[] = [];
  let stopping = false;

  beforeAll(async () => {
    if (processes > 1 && process.env.TEST_DIALECT !== 'postgres') {
      throw new Error('Several web processes share a PostgreSQL database only: run with TEST_DIALECT=postgres, or skip this journey on SQLite');
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-e2e-'));
    const database = await freshDatabase(dataDir);
    drop = database.drop;
    const ports = [];
    for (let i = 0; i < processes; i++) ports.push(await freePort());
    const origins = ports.map((port) => `http://127.0.0.1:${port}`);
    // The first process's address is the one the instance's emails (and `ruche` commands) link to.
    const extra = typeof options.env === 'function' ? await options.env() : (options.env ?? {});
    const env = { ...instanceEnv(origins[0]!, dataDir, database.url), ...extra };
    // The first starts alone: it migrates the database before the second opens it.
    await startServer(env, ports[0]!, 'inline', servers, () => stopping);
    for (const port of ports.slice(1)) await startServer(env, port, 'off', servers, () => stopping);

    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    Object.assign(instance, {
      origin: origins[0]!,
      origins,
      db: createDb(database.url, { poolSize: 2 }),
      dataDir,
      databaseUrl: database.url,
      browser,
      async newPage(locale: Locale, viewport = { width: 1280, height: 900 }, origin = origins[0]!, javaScriptEnabled = true) {
        const context = await browser.newContext({
          baseURL: origin,
          javaScriptEnabled,
          // axe is injected as an inline script, which our Content-Security-Policy rightly forbids.
          bypassCSP: true,
          viewport,
          locale: locale === 'fr' ? 'fr-CA' : 'en-CA',
          extraHTTPHeaders: { 'Accept-Language': locale === 'fr' ? 'fr-CA,fr;q=0.9' : 'en-CA,en;q=0.9' }
        });
        context.setDefaultTimeout(10_000);
        contexts.push(context);
        return context.newPage();
      },
      noScriptPage(locale: Locale) {
        return this.newPage(locale, undefined, undefined, false);
      },
      ruche(...args: string[]) {
        return new Promise<string>((resolve, reject) => {
          const command = spawn(process.execPath, [path.join(root, 'bin', 'ruche.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          command.stdout.on('data', (chunk) => (output += chunk));
          command.stderr.on('data', (chunk) => (output += chunk));
          command.on('error', reject);
          command.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`ruche ${args.join(' ')} exited with ${code}:\n${output}`))));
        });
      }
    });
  });

  // Keeps a picture of every page left open by a failed test, for the CI log to point at.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      const folder = path.join(root, 'test-results', 'e2e');
      fs.mkdirSync(folder, { recursive: true });
      let index = 0;
      for (const browserContext of contexts) {
        for (const page of browserContext.pages()) {
          const file = path.join(folder, `${context.task.name.replace(/\W+/g, '-')}-${index++}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => {});
        }
      }
    }
    await Promise.all(contexts.splice(0).map((browserContext) => browserContext.close()));
  });

  afterAll(async () => {
    stopping = true;
    await instance.browser?.close();
    await instance.db?.destroy();
    await Promise.all(
      servers
        .filter((server) => server.exitCode === null)
        .map((server) => {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          server.kill('SIGTERM');
          return exited;
        })
    );
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return instance;
}

const axeSource = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** Fails on every serious or critical accessibility problem axe finds on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is the script just injected
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
  );
  expect(serious.length, `accessibility problems on ${page.url()}:\n${report.join('\n')}`).toBe(0);
}

/** The translated text of a key, as the page shows it. */
export function text(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return translate(locale, key, params);
}

/** An account made directly in the database, as `ruche user create` does. */
export async function createAccount(
  db: DB,
  account: Partial<NewAccount> & { role?: 'admin' | 'member' } = {}
): Promise<{ id: string; email: string; password: string; name: string }> {
  const email = account.email ?? `${newId()}@example.org`;
  const password = account.password ?? 'une phrase assez longue';
  const name = account.name ?? 'Mireille Tremblay';
  const { id } = await provisionAccount(db, { email, name, password, role: account.role ?? 'member', locale: account.locale });
  return { id, email, password, name };
}

export type Member = Awaited<ReturnType<typeof createAccount>> & { actor: Actor; handle: string };

/** A member with a profile, its handle, and the actor that domain calls take — who a journey is about. */
export async function createMember(db: DB, name: string, locale: Locale): Promise<Member> {
  const account = await createAccount(db, { name, locale });
  await ensureProfile(db, account.id, name);
  const { handle } = await db.selectFrom('profiles').select('handle').where('user_id', '=', account.id).executeTakeFirstOrThrow();
  return { ...account, handle, actor: { id: account.id, name, email: account.email, role: 'member', locale, emailVerified: true } };
}

/** The newest email sent to an address, once its delivery job has run (polls the outbox). */
export async function latestEmail(db: DB, to: string): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const row = await db
      .selectFrom('emails')
      .select(['subject', 'text_body', 'status'])
      .where('to_address', '=', to)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (row && row.status === 'sent') return { subject: row.subject, text: row.text_body };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No email was sent to ${to} within 15 s`);
}

/** The first link of an email's text that starts with the instance's origin. */
export function linkIn(emailText: string, origin: string): string {
  const found = emailText.match(new RegExp(`${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+`));
  if (!found) throw new Error(`No link to ${origin} in:\n${emailText}`);
  return found[0];
}

/** Signs in through the login form and waits for the page that follows. */
export async function signIn(page: Page, locale: Locale, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(text(locale, 'auth.email_label'), { exact: true }).fill(email);
  await page.getByLabel(text(locale, 'auth.password_label'), { exact: true }).fill(password);
  await page.getByRole('button', { name: text(locale, 'auth.login.submit'), exact: true }).click();
  await page.waitForLoadState('load');
}

/** The width of the picture an <img> shows once it has loaded (0 if it could not be shown). */
export async function shownWidth(image: Locator): Promise<number> {
  await image.scrollIntoViewIfNeeded();
  return image.evaluate(async (img: HTMLImageElement) => {
    await img.decode().catch(() => {});
    return img.complete ? img.naturalWidth : 0;
  });
}
