// A seeded random source, so that the same scale and seed build the same instance, and the skewed
// distributions (Zipf-like) that make a few communities and members very active and most quiet.

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams.
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** 32 random bits. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Exponentially distributed with this mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normally distributed: exp(N(mu, sigma)). */
  logNormal(mu: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** Up to `count` distinct indices in [0, n), in no particular order. */
  distinct(n: number, count: number): number[] {
    const wanted = Math.min(n, count);
    if (wanted * 3 > n) {
      const all = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < wanted; i++) {
        const j = i + this.int(n - i);
        const swap = all[i] as number;
        all[i] = all[j] as number;
        all[j] = swap;
      }
      return all.slice(0, wanted);
    }
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(this.int(n));
    return [...chosen];
  }
}

/** Cumulative Zipf weights 1/(rank+1)^s over n ranks, for `sample`. */
export function zipf(n: number, s: number): Float64Array {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / Math.pow(rank + 1, s);
    cumulative[rank] = total;
  }
  return cumulative;
}

/** Cumulative sums of arbitrary weights, for `sample`. */
export function cumulate(weights: ArrayLike<number>): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] as number;
    cumulative[i] = total;
  }
  return cumulative;
}

/** An index drawn with the probabilities of a cumulative weight array (binary search). */
export function sample(random: Random, cumulative: Float64Array): number {
  const n = cumulative.length;
  const target = random.next() * (cumulative[n - 1] as number);
  let low = 0;
  let high = n - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cumulative[mid] as number) > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 for a moment in the past, as the application would have made it then (src/lib/server/ids.ts):
 * ids sort by creation time, so indexes on them fill in the same order as in production.
 */
export function uuidv7At(ms: number, random: Random): string {
  const high = Math.floor(ms / 0x10000);
  const low = ms % 0x10000;
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32();
  const time = high.toString(16).padStart(8, '0') + '-' + low.toString(16).padStart(4, '0');
  const version = '7' + (r1 & 0xfff).toString(16).padStart(3, '0');
  const variant = (0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16);
  const node = hex[r2 >>> 24]! + hex[(r2 >>> 16) & 255]! + hex[(r2 >>> 8) & 255]! + hex[r2 & 255]! + hex[r3 >>> 24]! + hex[(r3 >>> 16) & 255]!;
  return `${time}-${version}-${variant}-${node}`;
}
