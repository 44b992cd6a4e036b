// With PostgreSQL, part of every request's work happens in the database's own processes. This probe
// adds up the CPU time of the backends connected to the instance's database (found through
// pg_stat_activity, read from /proc), so a scenario's cost counts both sides. SQLite needs none: it
// runs inside the server process.
import fs from 'node:fs';
import pg from 'pg';
import type { Instance } from '../instance';

export type DbCpuProbe = { read(): Promise<number | null>; close(): Promise<void> };

const none: DbCpuProbe = { read: async () => null, close: async () => {} };

function processCpuMs(pid: number, ticks: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
  } catch {
    return null;
  }
}

export async function dbCpuProbe(instance: Instance, ticksPerSecond: number): Promise<DbCpuProbe> {
  if (instance.dialect !== 'postgres' || !instance.databaseName || !fs.existsSync('/proc/self/stat')) return none;
  const client = new pg.Client({ connectionString: instance.databaseUrl });
  await client.connect();
  // Backends seen so far and their last reading: one that went away keeps what it had used.
  const last = new Map<number, number>();
  let gone = 0;
  return {
    async read() {
      const result = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      const alive = new Set(result.rows.map((row) => row.pid));
      for (const [pid, ms] of last) {
        if (!alive.has(pid)) {
          gone += ms;
          last.delete(pid);
        }
      }
      for (const pid of alive) {
        const ms = processCpuMs(pid, ticksPerSecond);
        if (ms !== null) last.set(pid, ms);
      }
      return gone + [...last.values()].reduce((a, b) => a + b, 0);
    },
    close: () => client.end()
  };
}
