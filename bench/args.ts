// `npm run bench -- --scale S|M|L --db sqlite|postgres [--keep] [--reuse] [--duration 10] [--only a,b]`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { isScaleName, type ScaleName } from './scales';
import type { DialectName } from './instance';

export type Options = {
  scale: ScaleName;
  dialect: DialectName;
  /** Keep the generated instance afterwards (and print where it is). */
  keep: boolean;
  /** Use the instance a previous `--keep` run left, instead of generating one. */
  reuse: boolean;
  duration: number;
  warmup: number;
  only: string[] | null;
  seed: number;
  verify: boolean;
  /** Run the server under `node --cpu-prof` and summarise where its time went. */
  cpuProf: boolean;
  /** Only build the instance (with --keep), run no scenario. */
  generateOnly: boolean;
  /** Extra flags for the server's node (e.g. V8 heap sizes), to try their effect on memory and speed. */
  nodeOptions: string[];
  /** Print the Markdown of the stored results (targets evaluated again), run nothing. */
  render: boolean;
  /** Serve the working tree's build (as npm start), or a commit (`head`, a hash) built apart. */
  build: string;
  /** Instead of the load scenarios: time each scenario's SQL statements in-process and show their plans. */
  queries: boolean;
};

export const usage = `Usage: npm run bench -- [options]

  --scale S|M|L          size of the generated instance (default S)
  --db sqlite|postgres   database (default sqlite); postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL
  --duration SECONDS     measured time per scenario (default 10), after a warm-up of a third of it
  --only a,b             run only these scenarios (ids or numbers, e.g. --only feed-all,5)
  --build worktree|head|COMMIT
                         serve the working tree's build (default, rebuilt when stale as npm start does)
                         or a commit, exported and built apart (figures that belong to a commit)
  --keep                 keep the generated instance (bench/.data/<scale>-<db>, and its PostgreSQL database)
  --reuse                reuse the instance a previous --keep run left instead of generating one
  --generate-only        build the instance and stop (use with --keep)
  --cpu-prof             run the server under node --cpu-prof and print its hottest functions
  --node-options="FLAGS" node flags for the server only (default: those of npm start in package.json; "" for none)
  --render               print the Markdown of every result in bench/results (targets evaluated again) and stop
  --queries              instead of the load: time each scenario's SQL statements and print their plans
  --seed N               random seed of the generator (default 8)
  --no-verify            skip the invariant checks after generation`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'S' },
      db: { type: 'string', default: 'sqlite' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' },
      only: { type: 'string' },
      seed: { type: 'string', default: '8' },
      'no-verify': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      queries: { type: 'boolean', default: false },
      build: { type: 'string', default: 'worktree' },
      render: { type: 'boolean', default: false },
      'node-options': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const scale = values.scale.toUpperCase();
  if (!isScaleName(scale)) throw new Error(`--scale must be S, M or L, not ${values.scale}`);
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error(`--db must be sqlite or postgres, not ${values.db}`);
  if (!/^[\w./-]+$/.test(values.build)) throw new Error(`--build must be worktree, head or a commit, not ${values.build}`);
  const duration = Number(values.duration);
  if (!(duration > 0)) throw new Error('--duration must be a number of seconds');
  return {
    scale,
    dialect: values.db,
    keep: values.keep || values['generate-only'],
    reuse: values.reuse,
    duration,
    warmup: Math.max(2, Math.round(duration / 3)),
    only: values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null,
    seed: Number(values.seed) || 8,
    verify: !values['no-verify'],
    cpuProf: values['cpu-prof'],
    generateOnly: values['generate-only'],
    queries: values.queries,
    build: values.build,
    render: values.render,
    nodeOptions: (values['node-options'] ?? startFlags()).split(/\s+/).filter(Boolean)
  };
}

/** The node flags `npm start` gives the server (package.json), so the server measured is the one operators run. */
function startFlags(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return (pkg.scripts.start.match(/^node\s+(.*?)\s*scripts\/start\.js/)?.[1] ?? '').trim();
}
