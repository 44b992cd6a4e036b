// Summarises a V8 CPU profile (node --cpu-prof): where the server's time went, by function, both
// self time and time including callees, with the application's own code told apart.
import fs from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };

export type Hotspot = { name: string; where: string; selfMs: number; selfShare: number; totalMs: number; totalShare: number };

function place(url: string, line: number): string {
  if (!url) return '(native)';
  const short = url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/build\//, 'build/');
  return `${short}:${line + 1}`;
}

export function summariseProfile(file: string, top = 25): { totalMs: number; self: Hotspot[]; inclusive: Hotspot[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfTime.set(samples[i]!, (selfTime.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (node: Node) => `${node.callFrame.functionName || '(anonymous)'}\u0000${place(node.callFrame.url, node.callFrame.lineNumber)}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfTime) {
    const node = byId.get(id)!;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    // Each function on the stack counts once, however deep its recursion.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const k = key(byId.get(current)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  const totalMs = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const idle = self.get(`(idle)\u0000(native)`) ?? 0;
  const busy = Math.max(1, totalMs - idle);
  const list = (map: Map<string, number>, skip: (name: string) => boolean): Hotspot[] =>
    [...map]
      .filter(([k]) => !skip(k.split('\u0000')[0]!))
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([k]) => {
        const [name, where] = k.split('\u0000') as [string, string];
        return { name, where, selfMs: self.get(k) ?? 0, selfShare: (self.get(k) ?? 0) / busy, totalMs: inclusive.get(k) ?? 0, totalShare: (inclusive.get(k) ?? 0) / busy };
      });
  const structural = new Set(['(root)', '(idle)', '(program)', '(anonymous)', 'processTicksAndRejections', 'runMicrotasks']);
  return { totalMs, self: list(self, (name) => name === '(idle)'), inclusive: list(inclusive, (name) => structural.has(name)) };
}

export function formatHotspots(title: string, summary: ReturnType<typeof summariseProfile>): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const lines = [`${title} — ${(summary.totalMs / 1000).toFixed(1)} s profiled`, '', 'Self time (busy time, idle excluded):'];
  for (const h of summary.self) lines.push(`  ${pct(h.selfShare).padStart(7)}  ${h.name}  ${h.where}`);
  lines.push('', 'Including callees:');
  for (const h of summary.inclusive) lines.push(`  ${pct(h.totalShare).padStart(7)}  ${h.name}  ${h.where}`);
  return lines.join('\n');
}
