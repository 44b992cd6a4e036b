#!/usr/bin/env node
// `npm test`: type checks, lint, the unit and integration suite on SQLite and on PostgreSQL, then the
// browser journeys. PostgreSQL comes from TEST_DATABASE_URL, or from a throwaway cluster this script
// starts when the PostgreSQL binaries are on the machine. Ends with one line: "N passed, N failed".
//   npm test                 everything
//   npm test -- --only=unit  one step (check, lint, unit, unit-pg, e2e, e2e-pg), comma-separated
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const inCi = Boolean(process.env.CI);
const runStarted = Date.now();

/** @type {{ name: string, status: 'passed' | 'failed' | 'skipped', tests?: { passed: number, failed: number }, seconds: number, note?: string }[]} */
const steps = [];

/**
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string | undefined>} [env]
 */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** Counts of a Vitest JSON report, or null when the run died before writing it. */
function vitestCounts(/** @type {string} */ file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numFailedTestSuites ?? 0) };
  } catch {
    return null;
  }
}

/**
 * @param {string} name
 * @param {() => boolean | { ok: boolean, tests?: { passed: number, failed: number } | null, note?: string } | 'skipped'} body
 * @param {string} [skipNote]
 */
function step(name, body, skipNote) {
  if (only && !only.has(name)) return;
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const outcome = body();
  const seconds = Math.round((Date.now() - started) / 1000);
  if (outcome === 'skipped') {
    steps.push({ name, status: 'skipped', seconds, note: skipNote });
    console.log(`(skipped: ${skipNote})`);
    return;
  }
  const { ok, tests, note } = typeof outcome === 'boolean' ? { ok: outcome, tests: null, note: undefined } : outcome;
  steps.push({ name, status: ok ? 'passed' : 'failed', tests: tests ?? undefined, seconds, note });
}

const bin = (/** @type {string} */ name) => path.join(root, 'node_modules', '.bin', name);

/** @param {string} reportName @param {string[]} vitestArgs @param {Record<string, string | undefined>} env */
function vitest(reportName, vitestArgs, env) {
  const report = path.join(results, `${reportName}.json`);
  fs.rmSync(report, { force: true });
  const ok = run(bin('vitest'), ['run', ...vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    RUCHE_LOG: 'off',
    ...env
  });
  const tests = vitestCounts(report);
  return { ok: ok && tests !== null && tests.failed === 0, tests };
}

// PostgreSQL: the caller's, or a throwaway cluster on a free loopback port.
let pgUrl = process.env.TEST_DATABASE_URL;
let pgDir = null;
const wantsPg = !only || only.has('unit-pg') || only.has('e2e-pg');
if (!pgUrl && wantsPg && hasInitdb()) {
  pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-pg-'));
  const started = spawnSync('bash', [path.join(root, 'scripts', 'pg-cluster.sh'), 'start', pgDir], { cwd: root, encoding: 'utf8' });
  if (started.status === 0) pgUrl = started.stdout.trim().split('\n').at(-1);
  else console.error(`Could not start a PostgreSQL cluster:\n${started.stderr}`);
}
const noPgNote = 'no PostgreSQL: set TEST_DATABASE_URL or install the PostgreSQL server binaries (initdb)';

function hasInitdb() {
  const found = spawnSync('bash', ['-c', 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '';
}

/**
 * Runs `command` with its output kept, for steps that run side by side: each step's output is printed
 * whole when it ends, never interleaved with the other's.
 * @param {string} command @param {string[]} args
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
function runQuietly(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, output: output + String(error) }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * The type check and the lint side by side: each keeps one core busy, and neither needs the other.
 * Each still counts as its own step, with its own duration.
 * @param {{ name: string, command: string, args: string[] }[]} parallel
 */
async function stepsSideBySide(parallel) {
  const chosen = parallel.filter(({ name }) => !only || only.has(name));
  const outcomes = await Promise.all(
    chosen.map(async ({ name, command, args }) => {
      const started = Date.now();
      const outcome = await runQuietly(command, args);
      return { name, ...outcome, seconds: Math.round((Date.now() - started) / 1000) };
    })
  );
  for (const { name, ok, output, seconds } of outcomes) {
    console.log(`\n── ${name} ──`);
    process.stdout.write(output);
    steps.push({ name, status: ok ? 'passed' : 'failed', seconds });
  }
}

try {
  await stepsSideBySide([
    { name: 'check', command: 'npm', args: ['run', '--silent', 'check'] },
    { name: 'lint', command: bin('eslint'), args: ['.'] }
  ]);
  step('unit', () => vitest('unit-sqlite', [], { TEST_DIALECT: 'sqlite' }));
  step('unit-pg', () => (pgUrl ? vitest('unit-postgres', [], { TEST_DIALECT: 'postgres', TEST_DATABASE_URL: pgUrl }) : 'skipped'), noPgNote);
  step('e2e', () => e2e({ TEST_DIALECT: 'sqlite' }, 'e2e-sqlite'));
  step('e2e-pg', () => (pgUrl ? e2e({ TEST_DIALECT: 'postgres', TEST_DATABASE_URL: pgUrl }, 'e2e-postgres') : 'skipped'), noPgNote);
} finally {
  if (pgDir) {
    spawnSync('bash', [path.join(root, 'scripts', 'pg-cluster.sh'), 'stop', pgDir]);
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
}

/** @param {Record<string, string>} env @param {string} reportName */
function e2e(env, reportName) {
  const report = path.join(results, `${reportName}.json`);
  fs.rmSync(report, { force: true });
  const ok = run('node', [path.join(root, 'scripts', 'e2e.js'), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    RUCHE_LOG: 'off',
    ...env
  });
  const tests = vitestCounts(report);
  return { ok: ok && tests !== null && tests.failed === 0, tests };
}

console.log('\n── summary ──');
let passed = 0;
let failed = 0;
for (const { name, status, tests, seconds, note } of steps) {
  const counts = tests ? ` (${tests.passed} passed, ${tests.failed} failed)` : '';
  console.log(`${status.padEnd(7)} ${name}${counts} ${seconds}s${note ? ` — ${note}` : ''}`);
  if (tests) {
    passed += tests.passed;
    failed += tests.failed;
  }
  if (status === 'passed' && !tests) passed += 1;
  if (status === 'failed' && (!tests || tests.failed === 0)) failed += 1;
}
// In CI, PostgreSQL is required: a skipped database run is a failure, not a pass.
const missingPg = inCi && steps.some((s) => s.status === 'skipped');
if (missingPg) failed += 1;
// The steps' durations add up to more than the run when some ran side by side: the run's own too.
console.log(`whole run ${Math.round((Date.now() - runStarted) / 1000)}s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
