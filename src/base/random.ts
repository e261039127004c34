/**
 * Seeded random numbers, so that a run with the same seed gives the same data, initial
 * weights and shuffling. Built on `seedrandom` (the generator TensorFlow.js itself uses).
 *
 * Porting note: tfjs initializers and `model.fit` shuffling ignore seeds (tfjs issue
 * 7104), so grulab draws its own random numbers from here.
 */
import seedrandom from 'seedrandom';

/** A seeded source of random numbers. */
export interface Rng {
  /** Uniform in `[0, 1)`. */
  uniform(): number;
  /** Standard normal (mean 0, standard deviation 1), by the Box-Muller transform. */
  normal(): number;
  /** A uniformly random integer in `[0, n)`. */
  int(n: number): number;
  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * Creates a seeded random number generator (`seedrandom`'s Alea).
 *
 * @param seed any number or string; the same seed gives the same sequence.
 * @example
 * const rng = createRng(42);
 * rng.uniform(); // => the same number on every run
 */
export function createRng(seed: number | string): Rng {
  const next = seedrandom.alea(String(seed));
  let spare: number | undefined;
  const rng: Rng = {
    uniform: () => next(),
    normal: () => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      // Box-Muller: two uniforms give two independent normals; keep the second.
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    int: (n: number) => Math.floor(next() * n),
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
  return rng;
}
