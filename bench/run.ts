// `npm run bench`: builds (or reuses) an instance at a scale, serves the production build on it, runs
// the load scenarios and writes the results. See bench/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale, root } from '../scripts/build-if-stale.js';
import { parseOptions, type Options } from './args';
import { loadAppModules, type AppModules } from './app-modules';
import { generateInstance } from './generate';
import { MEMBER_PASSWORD } from './generate/accounts';
import { ensureSearchIndex } from './generate/search';
import { benchRoot, instanceFor, readManifest, removeInstance, resetInstance, writeManifest, type Instance, type Manifest } from './instance';
import { dbCpuProbe } from './load/dbcpu';
import { measure, type CpuReading, type Measurement } from './load/measure';
import { runDigests } from './load/digests';
import { digestNames, notBuilt, scenarios as allScenarios, selectScenarios, type Scenario, type ScenarioContext } from './load/scenarios';
import { clockTicks, countInOutput, startServer, type Server } from './load/server';
import { signIn } from './load/session';
import { formatHotspots, summariseProfile } from './profile';
import { formatQueryReports, profileQueries } from './queries';
import { evaluateTargets, latestBaseline, machine, markdown, resultFile, type RunResult, type ScenarioResult } from './report';
import { scales } from './scales';

const resultsDir = path.join(benchRoot, 'results');
const say = (message: string) => console.log(`[bench] ${message}`);

/** Files the benchmark adds to the application: its ceiling routes. */
const benchRoutes = ['src/routes/bench/empty/+page.svelte', 'src/routes/bench/text/+server.ts'];

type App = { dir: string; source: 'worktree' | 'commit'; commit: string | null; dirty: string[]; temporary: boolean };

/**
 * The production build the scenarios run against, in a folder of its own outside the project (where
 * no linter or checker looks), finding the project's packages through a node_modules link:
 * - `worktree` (default): the project's build/, rebuilt first when stale as `npm start` does, then
 *   copied, so that a rebuild by someone else during the run cannot swap files under the server;
 * - `head` or a commit: exported with git archive and built apart (kept per commit for the next
 *   runs), so the figures belong to a commit whatever is being edited in the working tree.
 */
function prepareApp(build: string): App {
  if (build !== 'worktree') {
    const commit = commitOf(build === 'head' ? 'HEAD' : build);
    if (!commit) throw new Error(`--build ${build}: no such commit`);
    const dir = path.join(os.tmpdir(), `ruche-bench-build-${commit.slice(0, 12)}`);
    if (!fs.existsSync(path.join(dir, 'build', 'index.js'))) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$0"', dir, commit], { cwd: root });
      for (const file of benchRoutes) {
        if (fs.existsSync(path.join(dir, file))) continue;
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(root, file), path.join(dir, file));
      }
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      say(`building ${commit.slice(0, 7)} in ${dir}…`);
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' });
    }
    return { dir, source: 'commit', commit, dirty: [], temporary: false };
  }
  const commit = commitOf('HEAD');
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-bench-app-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.cpSync(path.join(root, 'build'), path.join(dir, 'build'), { recursive: true });
  fs.copyFileSync(path.join(root, 'scripts', 'serve.js'), path.join(dir, 'scripts', 'serve.js'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const dirty = execFileSync('git', ['status', '--short', '--', 'src', 'messages'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  return { dir, source: 'worktree', commit, dirty, temporary: true };
}

async function prepareInstance(options: Options, app: AppModules): Promise<{ instance: Instance; manifest: Manifest; reused: boolean }> {
  const instance = instanceFor(options.scale, options.dialect);
  if (options.reuse) {
    const manifest = readManifest(instance);
    if (!manifest) throw new Error(`--reuse: no kept instance in ${instance.dataDir}; run once with --keep`);
    say(`reusing the ${options.scale} instance in ${instance.dataDir} (generated ${manifest.generatedAt})`);
    // An instance kept before search (or with an incomplete index) gets its index built now, timed.
    const search = await ensureSearchIndex(app, instance, manifest, (m) => say(`  ${m}`));
    if (search) {
      if (search.violations.length > 0) throw new Error(`the search index of the kept instance breaks invariants: ${JSON.stringify(search.violations)}`);
      manifest.generation.search = search.summary;
      writeManifest(instance, manifest);
    }
    return { instance, manifest, reused: true };
  }
  await resetInstance(instance);
  say(`generating scale ${options.scale} on ${options.dialect} (seed ${options.seed})…`);
  const manifest = await generateInstance(instance, { scale: scales[options.scale], seed: options.seed, verify: options.verify, app, progress: (m) => say(`  ${m}`) });
  writeManifest(instance, manifest);
  const g = manifest.generation;
  say(`generated in ${g.seconds.toFixed(1)} s, database ${(g.sizeBytes / 1024 / 1024).toFixed(0)} MB`);
  if (g.violations.length > 0) throw new Error(`the generated instance breaks invariants: ${JSON.stringify(g.violations)}`);
  return { instance, manifest, reused: false };
}

async function check(scenario: Scenario, ctx: ScenarioContext): Promise<void> {
  await scenario.prepare?.(ctx);
  const first = scenario.requests(ctx)[0]!;
  const request = Array.isArray(first) ? first[0]! : first;
  const response = await fetch(ctx.origin + request.path, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual' });
  const body = await response.text();
  let ok: boolean;
  try {
    ok = response.status === scenario.expectStatus && scenario.check(body, ctx);
  } catch {
    ok = false;
  }
  if (!ok) throw new Error(`${scenario.id}: ${request.method} ${request.path} answered ${response.status}, not what the scenario expects:\n${body.slice(0, 600)}`);
}

type Phase = { name: 'read' | 'write'; server: Server; ceilings: Measurement[]; cpu: () => Promise<CpuReading> };

/**
 * Waits until the server (and PostgreSQL) has finished the requests still queued when the load stopped:
 * autocannon closes its connections at the end, but the server completes what it had accepted, and
 * that work must not be counted in the next measurement.
 */
async function settle(phase: Phase): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = await phase.cpu();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await phase.cpu();
    const used = (now.server ?? 0) - (last.server ?? 0) + ((now.db ?? 0) - (last.db ?? 0));
    last = now;
    // Under 5 % of a core over half a second: only the worker's polling is left.
    if (used < 25) return;
  }
}

async function runScenario(scenario: Scenario, phase: Phase, ctx: ScenarioContext, options: Options, duration: number, warmup: number): Promise<Measurement & { rssPeakBytes: number }> {
  await check(scenario, ctx);
  phase.server.takeRssWindow();
  const result = await measure({ origin: ctx.origin, requests: scenario.requests(ctx), connections: scenario.connections, duration }, warmup, phase.cpu, () => settle(phase));
  const rssPeakBytes = phase.server.takeRssWindow();
  // A scenario that expects a 304 (autocannon counts it among non-2xx) reports only the other answers.
  if (scenario.expectStatus >= 300) result.non2xx -= result.statusCodes[String(scenario.expectStatus)] ?? 0;
  const db = result.dbCpuMsPerRequest === null ? '' : ` + ${result.dbCpuMsPerRequest.toFixed(2)} in PostgreSQL`;
  const cpu = result.cpuMsPerRequest === null ? '' : `  CPU ${result.cpuMsPerRequest.toFixed(2)}${db} ms/req (server: ${((result.cpuShare ?? 0) * 100).toFixed(0)} % of a core)`;
  say(`  ${scenario.id.padEnd(15)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms${cpu}  errors ${result.errors}  non-2xx ${result.non2xx}  RSS ${(rssPeakBytes / 1048576).toFixed(0)} MB`);
  return { ...result, rssPeakBytes };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** A scenario's figures beside the empty page measured just before and just after it on the same server. */
function toResult(scenario: Scenario, m: Measurement & { rssPeakBytes: number }, around: Measurement[]): ScenarioResult {
  const ceilingRps = around.length ? mean(around.map((c) => c.rps)) : null;
  const ceilingP50 = around.length ? mean(around.map((c) => c.p50)) : null;
  const cost = (c: Measurement) => (c.cpuMsPerRequest === null ? null : c.cpuMsPerRequest + (c.dbCpuMsPerRequest ?? 0));
  const ceilingCpu = around.length && around.every((c) => cost(c) !== null) ? mean(around.map((c) => cost(c)!)) : null;
  return {
    ...m,
    id: scenario.id,
    number: scenario.number,
    title: scenario.title,
    route: scenario.route,
    phase: scenario.phase,
    ratio: ceilingRps ? m.rps / ceilingRps : null,
    latencyRatio: ceilingP50 ? m.p50 / ceilingP50 : null,
    costRatio: ceilingCpu && cost(m) !== null ? cost(m)! / ceilingCpu : null,
    busy: null,
    serverErrors: null
  };
}

/** The empty page's figures over a phase, as one row: the mean of its measurements between scenarios. */
function ceilingRow(scenario: Scenario, ceilings: Measurement[], rssPeakBytes: number): ScenarioResult {
  const avg = (pick: (m: Measurement) => number) => mean(ceilings.map(pick));
  const cpu = ceilings.every((c) => c.cpuMsPerRequest !== null) ? avg((c) => c.cpuMsPerRequest!) : null;
  const combined: Measurement & { rssPeakBytes: number } = {
    connections: scenario.connections,
    seconds: ceilings.reduce((sum, c) => sum + c.seconds, 0),
    requests: ceilings.reduce((sum, c) => sum + c.requests, 0),
    rps: avg((c) => c.rps),
    p50: avg((c) => c.p50),
    p90: avg((c) => c.p90),
    p99: avg((c) => c.p99),
    max: Math.max(...ceilings.map((c) => c.max)),
    errors: ceilings.reduce((sum, c) => sum + c.errors, 0),
    non2xx: ceilings.reduce((sum, c) => sum + c.non2xx, 0),
    statusCodes: {},
    bytesPerResponse: avg((c) => c.bytesPerResponse),
    cpuMsPerRequest: cpu,
    cpuShare: ceilings.every((c) => c.cpuShare !== null) ? avg((c) => c.cpuShare!) : null,
    dbCpuMsPerRequest: ceilings.every((c) => c.dbCpuMsPerRequest !== null) ? avg((c) => c.dbCpuMsPerRequest!) : null,
    rssPeakBytes
  };
  return { ...toResult(scenario, combined, ceilings), ceilingSamples: ceilings.map((c) => Math.round(c.rps)) };
}

function commitOf(revision = 'HEAD'): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Prints every full run's Markdown again (by date, then S, M, L, then database), targets evaluated against its S baseline. */
function renderResults(): void {
  const order = (file: string) => file.slice(0, 10) + 'SML'.indexOf(file.charAt(11)) + file.slice(13);
  const files = fs.existsSync(resultsDir)
    ? fs
        .readdirSync(resultsDir)
        .filter((f) => /^\d{4}-\d\d-\d\d-[SML]-(sqlite|postgres)\.json$/.test(f))
        .sort((a, b) => order(a).localeCompare(order(b)))
    : [];
  for (const file of files) {
    const full = path.join(resultsDir, file);
    const run = JSON.parse(fs.readFileSync(full, 'utf8')) as RunResult;
    if (run.db === 'postgres') for (const scenario of run.scenarios) scenario.busy = null;
    run.notBuilt = notBuilt;
    run.targets = evaluateTargets(run, run.scale === 'S' ? null : latestBaseline(resultsDir, run.db, full));
    fs.writeFileSync(full, `${JSON.stringify(run, null, 2)}\n`);
    console.log(`${markdown(run)}\n`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.render) return renderResults();
  const selected = selectScenarios(options.only);
  const loadBefore = machine().load;
  // `head` needs its export even without a server: the instance is migrated by that commit's code.
  const app = (options.generateOnly || options.queries) && options.build === 'worktree' ? null : prepareApp(options.build);
  const appDir = options.generateOnly || options.queries ? null : (app?.dir ?? null);
  const modules = await loadAppModules(app?.source === 'commit' ? app.dir : root);
  const { instance, manifest, reused } = await prepareInstance(options, modules);
  if (options.queries) {
    try {
      const reports = await profileQueries(modules, instance, manifest);
      console.log(formatQueryReports(reports));
      const file = path.join(resultsDir, `${new Date().toISOString().slice(0, 10)}-${options.scale}-${options.dialect}-queries.json`);
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`);
      say(`query timings written to ${path.relative(root, file)}`);
    } finally {
      if (options.keep) say(`instance kept in ${instance.dataDir}`);
      else await removeInstance(instance);
    }
    return;
  }
  const date = new Date().toISOString();
  const stamp = `${date.slice(0, 10)}-${options.scale}-${options.dialect}`;
  const profileDir = path.join(resultsDir, 'profiles', stamp);
  const run: RunResult = {
    date,
    scale: options.scale,
    db: options.dialect,
    commit: commitOf(),
    build: app ? { source: app.source, commit: app.commit, dirty: app.dirty } : null,
    machine: { cpus: machine().cpus, node: machine().node, loadBefore, loadAfter: [] },
    options: { duration: options.duration, warmup: options.warmup, only: options.only, seed: manifest.seed, reused, nodeOptions: options.nodeOptions },
    generation: { ...manifest.generation, reused },
    server: { coldStartMs: [], peakRssBytes: 0, peakRssByPhase: {} },
    ceiling: { pageRps: [], meanPageRps: null },
    scenarios: [],
    notBuilt,
    targets: [],
    profiles: [],
    digests: null
  };
  try {
    if (!appDir) return;
    const ceilingScenario = allScenarios.find((s) => s.id === 'ceiling-page')!;
    // With --cpu-prof and --only, only what was asked runs, so the profile shows that alone.
    const withCeiling = !(options.cpuProf && options.only);
    const ceilingSeconds = Math.max(3, Math.round(options.duration / 2));
    for (const phaseName of ['read', 'write'] as const) {
      const chosen = selected.filter((s) => s.phase === phaseName && s.id !== 'ceiling-page');
      if (chosen.length === 0 && !(phaseName === 'read' && selected.some((s) => s.id === 'ceiling-page'))) continue;
      if (options.cpuProf) fs.mkdirSync(path.join(profileDir, phaseName), { recursive: true });
      const server = await startServer({
        appDir,
        cwd: root,
        instance,
        requestLog: phaseName === 'write',
        cpuProfDir: options.cpuProf ? path.join(profileDir, phaseName) : null,
        nodeOptions: options.nodeOptions,
        outputFile: path.join(instance.dataDir, `server-${phaseName}.log`)
      });
      say(`${phaseName} phase: server ${server.origin} (pid ${server.pid}) answered /healthz after ${server.coldStartMs.toFixed(0)} ms${phaseName === 'write' ? ', request log on' : ''}`);
      run.server.coldStartMs.push(server.coldStartMs);
      const probe = await dbCpuProbe(instance, clockTicks());
      const phase: Phase = { name: phaseName, server, ceilings: [], cpu: async () => ({ server: server.cpuMs(), db: await probe.read() }) };
      let ceilingRss = 0;
      try {
        const ctx: ScenarioContext = { origin: server.origin, manifest, cookies: new Map(), found: new Map() };
        for (const reader of manifest.readers) ctx.cookies.set(reader.email, await signIn(server.origin, reader));
        // The survey's animators are generated members: they sign in with the members' password, when a scenario needs them.
        if (chosen.some((s) => s.id === 'survey-results')) {
          for (const { email } of manifest.targets.survey?.animators ?? []) ctx.cookies.set(email, await signIn(server.origin, { email, password: MEMBER_PASSWORD }));
        }
        // The empty page is measured between every two scenarios (the machine is shared and its load
        // drifts): each scenario's ratios use the measurements just before and just after it.
        const ceiling = async (warmup: number) => {
          const m = await runScenario(ceilingScenario, phase, ctx, options, ceilingSeconds, warmup);
          ceilingRss = Math.max(ceilingRss, m.rssPeakBytes);
          phase.ceilings.push(m);
          return m;
        };
        let before = withCeiling ? await ceiling(options.warmup) : null;
        for (const scenario of chosen) {
          const measured = await runScenario(scenario, phase, ctx, options, options.duration, options.warmup);
          const after = withCeiling ? await ceiling(0) : null;
          run.scenarios.push(toResult(scenario, measured, [before, after].filter((m): m is NonNullable<typeof m> => m !== null)));
          before = after;
        }
        if (phase.ceilings.length > 0) {
          const row = ceilingRow(ceilingScenario, phase.ceilings, ceilingRss);
          row.phase = phaseName;
          run.scenarios.splice(run.scenarios.length - chosen.length, 0, row);
          if (phaseName === 'read') run.ceiling = { pageRps: phase.ceilings.map((c) => c.rps), meanPageRps: row.rps };
        }
      } finally {
        run.server.peakRssByPhase[phaseName] = server.peakRss();
        await probe.close();
        await server.stop();
      }
      if (phaseName === 'write') {
        for (const result of run.scenarios.filter((s) => s.phase === 'write' && s.id !== 'ceiling-page')) {
          result.busy = instance.dialect === 'sqlite' ? countInOutput(server.outputFile, /SQLITE_BUSY|database is locked/i) : null;
          result.serverErrors = countInOutput(server.outputFile, /"event":"error"/);
        }
      }
    }
    // Scenario 8 last: it changes the instance's digest watermarks and choices (and clears the emails it queued).
    if (!options.only || options.only.some((name) => digestNames.includes(name))) {
      if (!modules.digests) say('digests: this source tree has none, skipped');
      else {
        const probe = await dbCpuProbe(instance, clockTicks());
        try {
          run.digests = await runDigests({
            app: modules,
            sourceRoot: app?.source === 'commit' ? app.dir : root,
            instance,
            seed: options.seed,
            profileDir: options.cpuProf ? path.join(profileDir, 'digests') : null,
            nodeOptions: options.nodeOptions,
            dbCpu: () => probe.read(),
            say
          });
        } finally {
          await probe.close();
        }
        const d = run.digests;
        say(`  digests: ${d.built} built of ${d.due} due (${d.sent} emails, ${d.failed} failed) in ${d.seconds.toFixed(1)} s, ${d.digestsPerSecond.toFixed(0)}/s, peak RSS ${(d.peakRssBytes / 1048576).toFixed(0)} MB`);
      }
    }
    run.server.peakRssBytes = Math.max(0, ...Object.values(run.server.peakRssByPhase));
    run.machine.loadAfter = machine().load;
    const file = resultFile(resultsDir, run, options.only !== null || options.cpuProf);
    run.targets = evaluateTargets(run, options.scale === 'S' ? null : latestBaseline(resultsDir, options.dialect, file));
    if (options.cpuProf) {
      for (const phaseName of ['read', 'write', 'digests']) {
        const dir = path.join(profileDir, phaseName);
        if (!fs.existsSync(dir)) continue;
        for (const profile of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
          const full = path.join(dir, profile);
          run.profiles.push(path.relative(root, full));
          console.log(`\n${formatHotspots(`CPU profile of the ${phaseName} phase (${path.relative(root, full)})`, summariseProfile(full))}`);
        }
      }
    }
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
    console.log(`\n${markdown(run)}\n`);
    say(`results written to ${path.relative(root, file)}`);
  } finally {
    if (app?.temporary) fs.rmSync(app.dir, { recursive: true, force: true });
    if (options.keep) say(`instance kept in ${instance.dataDir}${instance.databaseName ? ` and database ${instance.databaseName}` : ''}; run again with --reuse`);
    else await removeInstance(instance);
  }
}

try {
  await main();
} catch (error) {
  console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
