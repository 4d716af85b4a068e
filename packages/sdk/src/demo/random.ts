/** A small deterministic PRNG (mulberry32): the same seed gives the same portfolio on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Helpers over a PRNG. */
export function randomTools(random: () => number) {
  return {
    random,
    int(min: number, max: number): number {
      return min + Math.floor(random() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(random() * items.length)]!;
    },
    chance(probability: number): boolean {
      return random() < probability;
    },
    /** Log-normal-ish positive value around `median`. */
    skewed(median: number, spread: number): number {
      const gaussian = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      return median * Math.exp(gaussian * spread);
    },
  };
}
