// The results of a run: a JSON file in bench/results/<date>-<scale>-<db>.json and a Markdown table,
// every figure beside its ratio to the empty-page ceiling of the same run, and the targets of issue 8.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DigestRunResult } from './load/digests';
import type { Measurement } from './load/measure';
import type { GenerationSummary } from './instance';
import type { ScaleName } from './scales';

export type ScenarioResult = Measurement & {
  id: string;
  number: string;
  title: string;
  route: string;
  phase: 'read' | 'write';
  /** Throughput relative to the empty page measured on the same server process. */
  ratio: number | null;
  /** p50 relative to the empty page's p50 on the same server: the latency normalised for the machine. */
  latencyRatio: number | null;
  /** Server CPU time per request relative to the empty page's: what a request costs, whatever the load. */
  costRatio: number | null;
  /** For the empty page: req/s of each of its measurements between scenarios. */
  ceilingSamples?: number[];
  rssPeakBytes: number;
  /** SQLite: lines of the server's output naming SQLITE_BUSY / "database is locked" (write phase, log on). */
  busy: number | null;
  /** Error lines in the server's output (write phase, log on). */
  serverErrors: number | null;
};

export type Target = { name: string; goal: string; measured: string; met: boolean | null; note?: string };

export type RunResult = {
  date: string;
  scale: ScaleName;
  db: 'sqlite' | 'postgres';
  commit: string | null;
  /** What was served: the working tree's build (with its uncommitted files) or a commit built apart. */
  build: { source: 'worktree' | 'commit'; commit: string | null; dirty: string[] } | null;
  machine: { cpus: number; node: string; loadBefore: number[]; loadAfter: number[] };
  options: { duration: number; warmup: number; only: string[] | null; seed: number; reused: boolean; nodeOptions?: string[] };
  generation: GenerationSummary & { reused: boolean };
  server: { coldStartMs: number[]; peakRssBytes: number; peakRssByPhase: Record<string, number> };
  ceiling: { pageRps: number[]; meanPageRps: number | null };
  scenarios: ScenarioResult[];
  notBuilt: { number: string; title: string }[];
  targets: Target[];
  profiles: string[];
  /** Scenario 8, when it ran (absent from results older than it). */
  digests?: DigestRunResult | null;
};

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function evaluateTargets(run: RunResult, baseline: RunResult | null): Target[] {
  const targets: Target[] = [];
  const byId = (id: string) => run.scenarios.find((s) => s.id === id);
  const atM = run.scale === 'M' ? undefined : `the target is set at scale M; this run is at ${run.scale}`;
  for (const id of ['feed-all', 'feed-mine', 'api-feed']) {
    const s = byId(id);
    if (!s) continue;
    targets.push({
      name: `home feed (${id}) ≥ 50 % of the ceiling, p99 < 50 ms at 50 connections, 0 errors`,
      goal: '≥ 0.50 × ceiling; p99 < 50 ms; 0 errors',
      measured: `${s.ratio === null ? '?' : s.ratio.toFixed(2)} × ceiling; p99 ${ms(s.p99)} ms; ${s.errors + s.non2xx} errors`,
      met: s.ratio !== null && s.ratio >= 0.5 && s.p99 < 50 && s.errors + s.non2xx === 0,
      note: atM
    });
  }
  const comment = byId('comment');
  if (comment) {
    targets.push({
      name: 'posting a comment: p99 < 100 ms at 20 connections, 0 errors, 0 SQLITE_BUSY',
      goal: 'p99 < 100 ms; 0 errors; 0 SQLITE_BUSY',
      measured: `p99 ${ms(comment.p99)} ms; ${comment.errors + comment.non2xx} errors; ${run.db === 'sqlite' ? `${comment.busy ?? '?'} SQLITE_BUSY` : 'no SQLITE_BUSY on PostgreSQL'}; ${comment.serverErrors ?? '?'} errors logged`,
      met: comment.p99 < 100 && comment.errors + comment.non2xx === 0 && (comment.busy ?? 0) === 0 && (comment.serverErrors ?? 0) === 0,
      note: atM
    });
  }
  // A run of the digests alone starts no server.
  if (run.server.coldStartMs.length > 0) targets.push({
    name: 'server memory under load < 250 MB resident',
    goal: '< 250 MB',
    measured: mb(run.server.peakRssBytes),
    met: run.server.peakRssBytes < 250 * 1024 * 1024,
    note: atM
  });
  // Growth from S: CPU per request relative to the ceiling (steady on a busy machine), and p50 relative
  // to the ceiling's p50 as a second view.
  for (const id of ['feed-all', 'feed-mine', 'feed-mine-few', 'api-feed', 'thread-anon', 'thread-member']) {
    const now = byId(id);
    const before = baseline?.scenarios.find((s) => s.id === id);
    if (run.scale === 'S' || !now || !before || now.costRatio === null || before.costRatio === null) continue;
    const growth = now.costRatio / before.costRatio;
    const latency = now.latencyRatio !== null && before.latencyRatio !== null ? now.latencyRatio / before.latencyRatio : null;
    targets.push({
      name: `${id}: cost grows < 1.5× from S to ${run.scale}`,
      goal: '< 1.5×',
      measured: `${growth.toFixed(2)}× CPU per request${latency === null ? '' : `, ${latency.toFixed(2)}× p50`} (both relative to the ceiling; S run of ${baseline!.date.slice(0, 16)})`,
      met: growth < 1.5,
      note: run.scale === 'L' ? undefined : 'the target compares S with L; this compares S with M'
    });
  }
  targets.push(...searchTargets(run, baseline));
  const results = byId('survey-results');
  if (results) {
    // Issue 18: reading 2,000 responses' results costs a few grouped queries, not a walk over them.
    targets.push({
      name: 'survey results page (survey-results) < 3× the empty page',
      goal: 'cost × ceiling < 3',
      measured: `${results.costRatio === null ? '?' : results.costRatio.toFixed(2)} × CPU per request, ${results.latencyRatio === null ? '?' : results.latencyRatio.toFixed(2)} × p50, ${results.ratio === null ? '?' : results.ratio.toFixed(2)} × req/s`,
      met: results.costRatio === null ? null : results.costRatio < 3,
      note: atM
    });
  }
  targets.push(...pollTargets(run));
  const digestTarget = 'Digest run at scale M: all 5,000 digests built in under 60 s, peak memory under 300 MB';
  const d = run.digests;
  if (!d) targets.push({ name: digestTarget, goal: '< 60 s; < 300 MB', measured: 'not run', met: null });
  else {
    targets.push({
      name: digestTarget,
      goal: 'all due built; < 60 s; < 300 MB',
      measured: `${d.built} of ${d.due} built (${d.failed} failed) in ${d.seconds.toFixed(1)} s; peak ${mb(d.peakRssBytes)}`,
      met: d.built === d.due && d.failed === 0 && d.seconds < 60 && d.peakRssBytes < 300 * 1024 * 1024,
      note: atM
    });
  }
  return targets;
}

/**
 * Issue 18's "a bench scenario measures a poll vote and the results page at M (p50 under 3 × the
 * empty page's latency)": the page of a publication carrying the poll, for a member who voted, by its
 * p50 beside the empty page's and — as survey-results is judged — its CPU per request, both under 3×
 * (beside the same publication without its poll, to tell the poll's share from the thread's);
 * the vote with its figures, judged by the same p50 ratio (at its 6 connections against the empty
 * page's 50: its p50 is the vote's own time more than a queue's) and no errors or SQLITE_BUSY.
 */
function pollTargets(run: RunResult): Target[] {
  const targets: Target[] = [];
  const atM = run.scale === 'M' ? undefined : `the target is set at scale M; this run is at ${run.scale}`;
  const fixed = (value: number | null) => (value === null ? '?' : value.toFixed(2));
  const page = run.scenarios.find((s) => s.id === 'poll-results');
  if (page) {
    const ceilingP50 = page.latencyRatio ? page.p50 / page.latencyRatio : null;
    const plain = run.scenarios.find((s) => s.id === 'poll-thread-plain');
    const cpu = (s: ScenarioResult) => (s.cpuMsPerRequest === null ? null : s.cpuMsPerRequest + (s.dbCpuMsPerRequest ?? 0));
    const added = plain && cpu(page) !== null && cpu(plain) !== null ? cpu(page)! - cpu(plain)! : null;
    targets.push({
      name: 'poll results page (poll-results: the publication with its poll, for a member who voted) < 3× the empty page',
      goal: 'p50 < 3 × ceiling; cost × ceiling < 3; 0 errors',
      measured:
        `p50 ${fixed(page.latencyRatio)} × ceiling (${ms(page.p50)} ms, empty page ${ceilingP50 === null ? '?' : ms(ceilingP50)} ms), ${fixed(page.costRatio)} × CPU per request, ${fixed(page.ratio)} × req/s; ${page.errors + page.non2xx} errors` +
        (plain ? `; the same page without its poll (poll-thread-plain): p50 ${fixed(plain.latencyRatio)} ×, ${fixed(plain.costRatio)} × CPU${added === null ? '' : `, so the poll adds ${added.toFixed(2)} ms of CPU per page`}` : ''),
      met: page.latencyRatio === null || page.costRatio === null ? null : page.latencyRatio < 3 && page.costRatio < 3 && page.errors + page.non2xx === 0,
      note: atM
    });
  }
  const vote = run.scenarios.find((s) => s.id === 'poll-vote');
  if (vote) {
    const ceilingP50 = vote.latencyRatio ? vote.p50 / vote.latencyRatio : null;
    targets.push({
      name: `a poll vote (poll-vote: a member changing their vote, ${vote.connections} connections) p50 < 3× the empty page's, 0 errors${run.db === 'sqlite' ? ', 0 SQLITE_BUSY' : ''}`,
      goal: `p50 < 3 × ceiling; 0 errors${run.db === 'sqlite' ? '; 0 SQLITE_BUSY' : ''}`,
      measured:
        `p50 ${fixed(vote.latencyRatio)} × ceiling (${ms(vote.p50)} ms, p99 ${ms(vote.p99)} ms, empty page ${ceilingP50 === null ? '?' : ms(ceilingP50)} ms); ${vote.rps.toFixed(0)} votes/s; ` +
        `${fixed(vote.costRatio)} × CPU per request (${vote.cpuMsPerRequest === null ? '?' : vote.cpuMsPerRequest.toFixed(2)}${vote.dbCpuMsPerRequest == null ? '' : ` + ${vote.dbCpuMsPerRequest.toFixed(2)}`} ms); ` +
        `${vote.errors + vote.non2xx} errors; ${run.db === 'sqlite' ? `${vote.busy ?? '?'} SQLITE_BUSY; ` : ''}${vote.serverErrors ?? '?'} errors logged`,
      met: vote.latencyRatio === null ? null : vote.latencyRatio < 3 && vote.errors + vote.non2xx === 0 && (vote.busy ?? 0) === 0 && (vote.serverErrors ?? 0) === 0,
      note: atM
    });
  }
  return targets;
}

/** The search scenarios (issue 17) the targets judge. */
export const searchScenarioIds = ['search-common', 'search-rare', 'search-two-words', 'search-prefix', 'search-api'];

/**
 * Issue 17's targets, as ratios of one run: at M a search answers in under 5 × the empty page's p50
 * and, on SQLite, at 100 searches per second or more (50 connections); its cost grows under 2× from
 * S to L; the index of M is rebuilt by reindexAll in under 2 minutes.
 */
function searchTargets(run: RunResult, baseline: RunResult | null): Target[] {
  const targets: Target[] = [];
  const atM = run.scale === 'M' ? undefined : `the target is set at scale M; this run is at ${run.scale}`;
  for (const id of searchScenarioIds) {
    const s = run.scenarios.find((r) => r.id === id);
    if (!s) continue;
    const sqlite = run.db === 'sqlite';
    const ceilingP50 = s.latencyRatio ? s.p50 / s.latencyRatio : null;
    const errors = s.errors + s.non2xx;
    targets.push({
      name: `search (${id}): p50 < 5 × the empty page's, ≥ 100 searches per second on SQLite, at 50 connections, 0 errors`,
      goal: `p50 < 5 × ceiling; ${sqlite ? '≥ 100 req/s' : 'req/s not judged on PostgreSQL'}; 0 errors`,
      measured: `p50 ${s.latencyRatio === null ? '?' : s.latencyRatio.toFixed(2)} × ceiling (${ms(s.p50)} ms, empty page ${ceilingP50 === null ? '?' : ms(ceilingP50)} ms); ${s.rps.toFixed(0)} req/s; ${errors} errors`,
      met: s.latencyRatio !== null && s.latencyRatio < 5 && (!sqlite || s.rps >= 100) && errors === 0,
      note: atM
    });
    const before = baseline?.scenarios.find((r) => r.id === id);
    if (run.scale !== 'S' && before && s.costRatio !== null && before.costRatio !== null) {
      const growth = s.costRatio / before.costRatio;
      const latency = s.latencyRatio !== null && before.latencyRatio !== null ? s.latencyRatio / before.latencyRatio : null;
      targets.push({
        name: `${id}: cost grows < 2× from S to ${run.scale}`,
        goal: '< 2×',
        measured: `${growth.toFixed(2)}× CPU per request${latency === null ? '' : `, ${latency.toFixed(2)}× p50`} (both relative to the ceiling; S run of ${baseline!.date.slice(0, 16)})`,
        met: growth < 2,
        note: run.scale === 'L' ? undefined : 'the target compares S with L; this compares S with M'
      });
    }
  }
  const index = run.generation.search;
  const name = 'search index of scale M rebuilt by reindexAll in under 2 minutes';
  if (!index) targets.push({ name, goal: '< 120 s', measured: 'not run', met: null });
  else
    targets.push({
      name,
      goal: '< 120 s',
      measured: `${index.seconds.toFixed(1)} s for ${index.documents.toLocaleString('en')} documents (${(index.documents / index.seconds).toFixed(0)} per second; built on ${index.builtOn === 'reuse' ? 'reuse of a kept instance' : 'generation'})`,
      met: index.seconds < 120,
      note: atM
    });
  return targets;
}

export function markdown(run: RunResult): string {
  const lines: string[] = [];
  const g = run.generation;
  lines.push(`### ${run.date.slice(0, 10)} — scale ${run.scale}, ${run.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  lines.push('');
  lines.push(
    `${run.machine.cpus} CPUs (shared), Node ${run.machine.node}, load average ${run.machine.loadBefore.map((l) => l.toFixed(1)).join(' ')} before; ` +
      `${run.options.duration} s per scenario after ${run.options.warmup} s of warm-up; ` +
      (run.build?.source !== 'worktree' && run.build
        ? `commit ${run.build.commit?.slice(0, 7) ?? '?'} built apart`
        : `working tree of ${run.commit?.slice(0, 7) ?? '?'}${run.build?.dirty.length ? ` with ${run.build.dirty.length} uncommitted files in src/` : ''}`) +
      `${run.options.reused ? '; instance reused' : ''}${run.options.nodeOptions?.length ? `; server flags ${run.options.nodeOptions.join(' ')}` : ''}.`
  );
  lines.push('');
  const rows = Object.entries(g.rows);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  lines.push(
    `Generation: ${g.reused ? 'reused (built earlier in ' : ''}${g.seconds.toFixed(1)} s${g.reused ? ')' : ''}, ${total.toLocaleString('en')} rows, database ${mb(g.sizeBytes)}; ` +
      `invariants ${g.verified ? (g.violations.length === 0 ? 'all hold' : `BROKEN: ${g.violations.map((v) => `${v.rule} (${v.rows})`).join('; ')}`) : 'not checked'}. ` +
      (run.server.coldStartMs.length ? `Server: cold start ${run.server.coldStartMs.map((v) => `${Math.round(v)} ms`).join(' / ')}, peak RSS ${mb(run.server.peakRssBytes)}.` : 'No server (digests only).')
  );
  if (g.search) {
    const kinds = Object.entries(g.search.byKind)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, n]) => `${n.toLocaleString('en')} ${kind}`)
      .join(', ');
    lines.push('');
    lines.push(
      `Search index: ${g.search.documents.toLocaleString('en')} documents (${kinds}) built by the application's reindexAll in ${g.search.seconds.toFixed(1)} s` +
        ` (${g.search.builtOn === 'reuse' ? `on reuse of the kept instance, ${g.search.builtAt.slice(0, 16)}` : 'after generation'}). ` +
        `Documents each query matches for a member of most communities: ${g.search.matches.map((m) => `“${m.q}” ${m.matches.toLocaleString('en')} (${(m.share * 100).toFixed(1)} %)`).join(', ')}.`
    );
  }
  lines.push('');
  lines.push('| # | scenario | conns | req/s | × ceiling | p50 ms | p99 ms | CPU ms/req | cost × ceiling | core used | errors | non-2xx | RSS |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  for (const s of run.scenarios) {
    const extra = s.serverErrors == null ? '' : ` (${s.busy == null ? '' : `${s.busy} SQLITE_BUSY, `}${s.serverErrors} logged)`;
    const name = s.id === 'ceiling-page' ? `${s.id} (${s.phase} phase, mean of ${s.ceilingSamples?.length ?? 1})` : s.id;
    lines.push(
      `| ${s.number} | ${name}: ${s.title} | ${s.connections} | ${s.rps.toFixed(0)} | ${ratio(s.ratio)} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.cpuMsPerRequest == null ? '—' : s.cpuMsPerRequest.toFixed(2)}${s.dbCpuMsPerRequest == null ? '' : ` + ${s.dbCpuMsPerRequest.toFixed(2)}`} | ${ratio(s.costRatio)} | ${s.cpuShare == null ? '—' : `${Math.round(s.cpuShare * 100)} %`} | ${s.errors}${extra} | ${s.non2xx} | ${mb(s.rssPeakBytes)} |`
    );
  }
  if (run.digests) {
    const d = run.digests;
    lines.push(
      `| 8 | digests: a digest run for every member due (${d.due}), the real send path in a process of its own | — | ${d.digestsPerSecond.toFixed(0)} digests/s | — | — | — | ${d.built ? (d.cpuMs / d.built).toFixed(2) : '—'}${d.dbCpuMs == null || !d.built ? '' : ` + ${(d.dbCpuMs / d.built).toFixed(2)}`} per digest | — | — | ${d.failed} | — | ${mb(d.peakRssBytes)} |`
    );
  }
  if (g.search) {
    const index = g.search;
    lines.push(
      `| 17 | reindex: reindexAll, every searchable thing indexed again (${index.documents.toLocaleString('en')} documents; ${index.builtOn === 'reuse' ? 'on reuse' : 'after generation'}) | — | ${(index.documents / index.seconds).toFixed(0)} documents/s | — | — | — | ${index.seconds.toFixed(1)} s in all | — | — | — | — | — |`
    );
  }
  for (const n of run.notBuilt) lines.push(`| ${n.number} | ${n.title} | — | — | not built yet | — | — | — | — | — | — | — | — |`);
  lines.push('');
  lines.push(
    `The empty page is measured between every two scenarios (${run.ceiling.pageRps.map((r) => r.toFixed(0)).join(', ')} req/s in the read phase); ` +
      'each ratio uses the measurements just before and after the scenario. CPU ms/req is the server process’s own CPU time' +
      (run.db === 'postgres' ? ' + the CPU time of PostgreSQL’s backends for this database (both count in the cost)' : ' (SQLite runs inside it)') +
      '; “core used” is the share of one core the server got while measured — below 100 % with requests queued, other work on the machine took the rest, ' +
      'so req/s ratios are only as steady as that share, while “cost × ceiling” (CPU per request) does not depend on it.'
  );
  lines.push('');
  if (run.digests) {
    const d = run.digests;
    lines.push(
      `Digest run (scenario 8): ${d.built} digests built of ${d.due} due (${d.sent} emails queued, the others had nothing new; ${d.failed} failed) in ${d.seconds.toFixed(1)} s, ` +
        `${d.digestsPerSecond.toFixed(0)} digests per second; CPU ${(d.cpuMs / 1000).toFixed(1)} s in the sending process${d.dbCpuMs == null ? '' : ` + ${(d.dbCpuMs / 1000).toFixed(1)} s in PostgreSQL`}; ` +
        `resident memory ${mb(d.rssBeforeBytes)} once loaded, peak ${mb(d.peakRssBytes)}. Set up as a week into digests: ${d.setup.daily} daily and ${d.setup.none} "none" choices per community, ${d.setup.ownSchedule} members with their own day and hour, ${d.setup.watermarks} watermarks at the previous slot.`
    );
    lines.push('');
  }
  lines.push('| target | goal | measured | met |');
  lines.push('|---|---|---|---|');
  for (const t of run.targets) lines.push(`| ${t.name}${t.note ? ` (${t.note})` : ''} | ${t.goal} | ${t.measured} | ${t.met === null ? 'not built yet' : t.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

export function machine(): { cpus: number; node: string; load: number[] } {
  return { cpus: os.cpus().length, node: process.versions.node, load: os.loadavg() };
}

/** Runs of a few scenarios (--only, --cpu-prof) are kept apart: they must not replace a full run's figures. */
export function resultFile(resultsDir: string, run: Pick<RunResult, 'date' | 'scale' | 'db' | 'options'>, partial: boolean): string {
  return path.join(resultsDir, `${run.date.slice(0, 10)}-${run.scale}-${run.db}${partial ? '-partial' : ''}.json`);
}

/** The latest earlier S result of the same database, for the S → M/L growth targets. */
export function latestBaseline(resultsDir: string, db: string, exclude: string): RunResult | null {
  if (!fs.existsSync(resultsDir)) return null;
  const files = fs
    .readdirSync(resultsDir)
    .filter((f) => f.endsWith(`-S-${db}.json`) && path.join(resultsDir, f) !== exclude)
    .sort();
  const last = files[files.length - 1];
  return last ? (JSON.parse(fs.readFileSync(path.join(resultsDir, last), 'utf8')) as RunResult) : null;
}
