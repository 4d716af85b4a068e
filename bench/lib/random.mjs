/**
 * Deterministic random numbers for benchmark data: the same seed gives the
 * same data on every machine, so ours and the baseline see identical inputs.
 *
 * @module
 */

/**
 * mulberry32: a small, fast 32-bit PRNG.
 *
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1) with 32-bit resolution
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Helpers over a PRNG.
 *
 * @param {() => number} random
 */
export function randomTools(random) {
  /** Uniform in (0, 1) with 53-bit resolution, so a million draws practically never tie. */
  const fine = () =>
    (Math.floor(random() * 2 ** 21) * 2 ** 32 + Math.floor(random() * 2 ** 32) + 0.5) / 2 ** 53;
  const gaussian = () => Math.sqrt(-2 * Math.log(fine())) * Math.cos(2 * Math.PI * fine());
  return {
    random,
    fine,
    gaussian,
    /** Integer in [min, max]. */
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    /** Log-normal value around `median`. */
    skewed: (median, spread) => median * Math.exp(gaussian() * spread),
  };
}
