// One load measurement with autocannon on loopback: a warm-up, then a fixed duration at a fixed number
// of connections. Each connection sends its own request (its member's cookie or token, its publication),
// or its own requests in turn.
import autocannon, { type Request, type Result } from 'autocannon';

export type Measurement = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors, timeouts included. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  bytesPerResponse: number;
  /** CPU time the server process spent (user + system) per request, in ms: steadier than req/s on a shared machine. */
  cpuMsPerRequest: number | null;
  /** Share of one core the server used while measured: under 1 with requests waiting, the machine was busy elsewhere. */
  cpuShare: number | null;
  /** PostgreSQL only: CPU time of the database's backends per request, in ms. */
  dbCpuMsPerRequest: number | null;
};

export type CpuReading = { server: number | null; db: number | null };

export type LoadSpec = {
  origin: string;
  /** Request of connection k is requests[k % length]; a list is sent in turn, over and over (a member changing a vote back and forth). */
  requests: (Request | Request[])[];
  connections: number;
  duration: number;
};

async function fire(spec: LoadSpec, duration: number): Promise<Result> {
  let next = 0;
  const first = spec.requests[0];
  if (!first) throw new Error('a scenario needs at least one request');
  return autocannon({
    url: spec.origin,
    connections: spec.connections,
    duration,
    timeout: 30,
    setupClient: (client) => {
      const request = spec.requests[next++ % spec.requests.length]!;
      client.setRequests(Array.isArray(request) ? request : [request]);
    }
  });
}

/**
 * `cpu` reads the CPU time used so far (server, database); `settle` waits until the server has no work
 * left. The measured window starts on an idle server (the warm-up's last requests done) and its CPU
 * time runs until the server is idle again: the requests still in flight when autocannon stops (one
 * per connection) are finished by the server, so they count among the requests served. Without that,
 * slow scenarios (a few requests per connection) would be charged for work they did not finish, or
 * leave it to the next measurement.
 */
export async function measure(spec: LoadSpec, warmup: number, cpu: () => Promise<CpuReading>, settle: () => Promise<void>): Promise<Measurement> {
  if (warmup > 0) {
    await fire(spec, warmup);
    await settle();
  }
  const before = await cpu();
  const result = await fire(spec, spec.duration);
  const atEnd = await cpu();
  await settle();
  const after = await cpu();
  const requests = result.latency.totalCount;
  const served = requests + spec.connections;
  const diff = (a: number | null, b: number | null) => (a !== null && b !== null ? b - a : null);
  const serverMs = diff(before.server, after.server);
  const dbMs = diff(before.db, after.db);
  const windowMs = diff(before.server, atEnd.server);
  return {
    connections: spec.connections,
    seconds: result.duration,
    requests,
    rps: requests / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
    bytesPerResponse: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
    cpuMsPerRequest: serverMs === null ? null : serverMs / served,
    cpuShare: windowMs === null ? null : windowMs / 1000 / result.duration,
    dbCpuMsPerRequest: dbMs === null ? null : dbMs / served
  };
}
