// Seeded randomness: each player gets its own stream derived from --seed and its index, so a
// player's choices (what to submit, how fast to type) repeat from run to run whatever the timing
// of the others. Math.random is never used for anything a run's outcome depends on.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A key picked with probability proportional to its weight (weights sum to > 0; a missing key weighs 0). */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K;
}

/** sfc32, seeded through splitmix32: small, fast and well distributed. */
export function createRng(seed: number, stream = 0): Rng {
  let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a freshly seeded sfc32 are weakly mixed; skip them.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    weighted<K extends string>(weights: Partial<Record<K, number>>): K {
      const keys = Object.keys(weights) as K[];
      const weight = (k: K) => weights[k] ?? 0;
      const total = keys.reduce((sum, k) => sum + weight(k), 0);
      let r = next() * total;
      for (const k of keys) {
        r -= weight(k);
        if (r < 0 && weight(k) > 0) return k;
      }
      // Rounding left r at 0: the last key with any weight.
      const last = keys.filter((k) => weight(k) > 0).at(-1);
      if (last === undefined) throw new Error("weighted(): every weight is 0");
      return last;
    },
  };
}
