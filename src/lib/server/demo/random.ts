// A small seeded random source (mulberry32) for the demo's generated answers: the same demo every
// time it is built, without a dependency. The benchmark has its own (bench/random.ts); the
// application does not import from bench/.
export type DemoRandom = {
  /** A number in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An item by weight: `[item, weight]` pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** The items in a random order, each drawn by its weight among those left (heavier ones come first more often). */
  order<T>(items: readonly (readonly [T, number])[]): T[];
};

export function demoRandom(seed: number): DemoRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let target = next() * total;
    for (const [item, w] of items) {
      target -= w;
      if (target < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return {
    next,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted,
    order: (items) => {
      const left = [...items];
      const out: (typeof items)[number][0][] = [];
      while (left.length > 0) {
        const chosen = weighted(left.map((entry, index) => [index, entry[1]] as const));
        out.push(left[chosen]![0]);
        left.splice(chosen, 1);
      }
      return out;
    }
  };
}
