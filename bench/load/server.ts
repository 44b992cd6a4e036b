// Runs the production build the way `npm start` does (scripts/serve.js), on loopback, and watches
// it: cold start (spawn → /healthz answers), resident memory from /proc, and its output in a file.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Instance } from '../instance';

export type Server = {
  origin: string;
  pid: number;
  coldStartMs: number;
  /** The largest resident set seen since the last call (VmRSS, polled), in bytes. */
  takeRssWindow(): number;
  /** The kernel's high-water mark of the resident set (VmHWM), in bytes. */
  peakRss(): number;
  /** CPU time the server process has used so far (user + system), in ms, or null without /proc. */
  cpuMs(): number | null;
  outputFile: string;
  stop(): Promise<void>;
};

let ticksPerSecond: number | null = null;

export function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

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

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

async function waitForHealth(origin: string, child: ChildProcess, outputFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server stopped while starting:\n${fs.readFileSync(outputFile, 'utf8').slice(-3000)}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not answer /healthz within 60 s:\n${fs.readFileSync(outputFile, 'utf8').slice(-3000)}`);
}

export type StartOptions = {
  /** The folder holding scripts/serve.js and build/ (a snapshot of the project's). */
  appDir: string;
  cwd: string;
  instance: Instance;
  /** RUCHE_LOG on: one line per request and every error, in the output file. */
  requestLog: boolean;
  /** Write a V8 CPU profile into this folder when the server stops. */
  cpuProfDir: string | null;
  /** Extra node flags for the server. */
  nodeOptions: string[];
  outputFile: string;
};

export async function startServer(options: StartOptions): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const output = fs.openSync(options.outputFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ORIGIN: origin,
    DATA_DIR: options.instance.dataDir,
    DATABASE_URL: options.instance.databaseUrl,
    WORKER: 'inline',
    SMTP_URL: ''
  };
  if (options.requestLog) delete env.RUCHE_LOG;
  else env.RUCHE_LOG = 'off';
  const nodeArgs = [...options.nodeOptions, ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(options.appDir, 'scripts', 'serve.js')], { cwd: options.cwd, env, stdio: ['ignore', output, output] });
  fs.closeSync(output);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server did not start');
  await waitForHealth(origin, child, options.outputFile);
  const coldStartMs = performance.now() - started;

  let windowMax = 0;
  let hwm = 0;
  const poll = () => {
    const status = readStatus(pid);
    if (!status) return;
    windowMax = Math.max(windowMax, status.rss);
    hwm = Math.max(hwm, status.hwm);
  };
  poll();
  const timer = setInterval(poll, 200);

  return {
    origin,
    pid,
    coldStartMs,
    outputFile: options.outputFile,
    takeRssWindow() {
      poll();
      const max = windowMax;
      windowMax = readStatus(pid)?.rss ?? 0;
      return max;
    },
    peakRss() {
      poll();
      return hwm;
    },
    cpuMs: () => readCpuMs(pid),
    async stop() {
      poll();
      clearInterval(timer);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      // adapter-node drains connections and the inline worker finishes its job before the process ends
      // (and writes its CPU profile); past 20 s it is stopped for good.
      const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timeout);
    }
  };
}

/** Counts lines of the server's output that match: errors, SQLITE_BUSY. */
export function countInOutput(file: string, pattern: RegExp): number {
  if (!fs.existsSync(file)) return 0;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => pattern.test(line)).length;
}
