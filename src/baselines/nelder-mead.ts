/**
 * The Nelder-Mead simplex minimiser exactly as R's `optim(method = "Nelder-Mead")` runs it
 * (the function `nmmin` in R's `src/appl/optim.c`, J. C. Nash's "Compact Numerical Methods
 * for Computers" Pascal code as B. D. Ripley converted it), which R's forecast::ets calls
 * directly from C with its own tolerances.
 *
 * Hand-written rather than taken from npm (fmin's `nelderMead` and others differ in the
 * first simplex, the order of reflection / extension / contraction and the stopping rule):
 * ETS models fitted here must land where R's land, and Nelder-Mead's path depends on every
 * one of those details. The steps, their order, the stopping test and the evaluation count
 * are R's, line by line.
 */

/** Options of {@link nelderMead}; the defaults are R's `optim` defaults. */
export interface NelderMeadOptions {
  /** Stop when the best value is at most this. Default `-Infinity` (never). */
  absTol?: number;
  /** Relative tolerance: stop when the simplex's values span at most `relTol * (|f0| + relTol)`, `f0` the value at the start. Default `sqrt(2^-52)` ≈ 1.49e-8. */
  relTol?: number;
  /** Reflection factor. Default 1. */
  alpha?: number;
  /** Contraction factor. Default 0.5. */
  beta?: number;
  /** Expansion factor. Default 2. */
  gamma?: number;
  /** Stop after this many function evaluations (R's `maxit`). Default 500. */
  maxIt?: number;
}

/** What {@link nelderMead} found. */
export interface NelderMeadResult {
  /** The best point found. */
  par: Float64Array;
  /** The objective at `par`. */
  value: number;
  /** R's `convergence` code: 0 converged, 1 `maxIt` reached, 10 the simplex degenerated. */
  fail: 0 | 1 | 10;
  /** Function evaluations used (R's `counts["function"]`). */
  evaluations: number;
}

/** What a non-finite objective value is replaced by (R's `big`). */
const BIG = 1.0e35;

/**
 * Minimises `objective` from `start` by R's Nelder-Mead (`nmmin`): the first simplex steps
 * each coordinate in turn by a tenth of the largest `|start[i]|` (0.1 when all are 0), a
 * non-finite value counts as 1e35, and the search stops when the simplex's values are
 * within the relative tolerance of each other, when the best is below `absTol`, when more
 * than `maxIt` evaluations were used, or when a shrink no longer shrinks the simplex.
 *
 * @param objective the function to minimise; it receives a scratch array it must not keep.
 * @param start the starting point (not changed).
 * @param options tolerances and factors; see {@link NelderMeadOptions}.
 * @throws Error "nelderMead: function cannot be evaluated at initial parameters" when the
 *   objective is not finite at `start` (R's message).
 * @example
 * nelderMead((p) => (p[0] - 1) ** 2 + (p[1] + 2) ** 2, [0, 0], { maxIt: 2000 }).par; // => about [1, -2]
 */
export function nelderMead(
  objective: (par: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.absTol ?? -Infinity;
  const intol = options.relTol ?? Math.sqrt(Number.EPSILON);
  const alpha = options.alpha ?? 1;
  const bet = options.beta ?? 0.5;
  const gamm = options.gamma ?? 2;
  const maxit = options.maxIt ?? 500;
  const n = start.length;
  const bvec = Float64Array.from(start);
  if (maxit <= 0) {
    return { par: bvec, value: objective(Float64Array.from(start)), fail: 0, evaluations: 0 };
  }
  // P[i][j]: row i < n holds coordinate i of vertex j; row n holds the vertex's value;
  // column n + 1 (R's C - 1) is the centroid.
  const n1 = n + 1;
  const c = n + 2;
  const p: Float64Array[] = [];
  for (let i = 0; i <= n; i++) p.push(new Float64Array(n + 2));
  let fail: 0 | 1 | 10 = 0;
  let f = objective(bvec);
  if (!Number.isFinite(f)) throw new Error('nelderMead: function cannot be evaluated at initial parameters');
  let funcount = 1;
  const convtol = intol * (Math.abs(f) + intol);
  p[n1 - 1][0] = f;
  for (let i = 0; i < n; i++) p[i][0] = bvec[i];
  let L = 1;
  let size = 0;
  let step = 0;
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]) > step) step = 0.1 * Math.abs(bvec[i]);
  if (step === 0) step = 0.1;
  for (let j = 2; j <= n1; j++) {
    for (let i = 0; i < n; i++) p[i][j - 1] = bvec[i];
    let trystep = step;
    while (p[j - 2][j - 1] === bvec[j - 2]) {
      p[j - 2][j - 1] = bvec[j - 2] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  const value = (point: Float64Array): number => {
    const v = objective(point);
    funcount++;
    return Number.isFinite(v) ? v : BIG;
  };
  do {
    if (calcvert) {
      for (let j = 0; j < n1; j++) {
        if (j + 1 !== L) {
          for (let i = 0; i < n; i++) bvec[i] = p[i][j];
          p[n1 - 1][j] = value(bvec);
        }
      }
      calcvert = false;
    }
    let VL = p[n1 - 1][L - 1];
    let VH = VL;
    let H = L;
    for (let j = 1; j <= n1; j++) {
      if (j !== L) {
        const fj = p[n1 - 1][j - 1];
        if (fj < VL) {
          L = j;
          VL = fj;
        }
        if (fj > VH) {
          H = j;
          VH = fj;
        }
      }
    }
    if (VH <= VL + convtol || VL <= abstol) break;
    // centroid of all vertices but the highest
    for (let i = 0; i < n; i++) {
      let temp = -p[i][H - 1];
      for (let j = 0; j < n1; j++) temp += p[i][j];
      p[i][c - 1] = temp / n;
    }
    for (let i = 0; i < n; i++) bvec[i] = (1.0 + alpha) * p[i][c - 1] - alpha * p[i][H - 1];
    f = value(bvec); // reflection
    const VR = f;
    if (VR < VL) {
      p[n1 - 1][c - 1] = f;
      for (let i = 0; i < n; i++) {
        f = gamm * bvec[i] + (1 - gamm) * p[i][c - 1];
        p[i][c - 1] = bvec[i];
        bvec[i] = f;
      }
      f = value(bvec); // extension
      if (f < VR) {
        for (let i = 0; i < n; i++) p[i][H - 1] = bvec[i];
        p[n1 - 1][H - 1] = f;
      } else {
        for (let i = 0; i < n; i++) p[i][H - 1] = p[i][c - 1];
        p[n1 - 1][H - 1] = VR;
      }
    } else {
      if (VR < VH) {
        for (let i = 0; i < n; i++) p[i][H - 1] = bvec[i];
        p[n1 - 1][H - 1] = VR;
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - bet) * p[i][H - 1] + bet * p[i][c - 1];
      f = value(bvec); // contraction
      if (f < p[n1 - 1][H - 1]) {
        for (let i = 0; i < n; i++) p[i][H - 1] = bvec[i];
        p[n1 - 1][H - 1] = f;
      } else if (VR >= VH) {
        // shrink towards the lowest vertex
        calcvert = true;
        size = 0.0;
        for (let j = 0; j < n1; j++) {
          if (j + 1 !== L) {
            for (let i = 0; i < n; i++) {
              p[i][j] = bet * (p[i][j] - p[i][L - 1]) + p[i][L - 1];
              size += Math.abs(p[i][j] - p[i][L - 1]);
            }
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          fail = 10;
          break;
        }
      }
    }
  } while (funcount <= maxit);
  const par = new Float64Array(n);
  for (let i = 0; i < n; i++) par[i] = p[i][L - 1];
  if (funcount > maxit) fail = 1;
  return { par, value: p[n1 - 1][L - 1], fail, evaluations: funcount };
}
