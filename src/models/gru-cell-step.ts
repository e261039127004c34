/**
 * A GRU cell from scratch, on plain number arrays, written to be read next to the lessons'
 * equations. No TensorFlow.js here: every product and gate is a loop you can follow.
 *
 * Glossary (one time step, one sequence):
 * - `x`      the input at this step, `[inputDim]`            (x_t)
 * - `hPrev`  the previous hidden state, `[units]`            (h_{t-1})
 * - `Wz, Wr, Wh`  input weights of the update gate, reset gate and candidate, `[units][inputDim]`
 * - `Uz, Ur, Uh`  recurrent weights of the same, `[units][units]`
 *               (lesson 03 writes `W_z·[h_{t-1}, x_t]`, which is `Uz·hPrev + Wz·x`)
 * - `bz, br, bh`  input biases, `[units]`; `bUz, bUr, bUh` recurrent biases (Keras's second
 *               bias row in the reset-after form; absent in the lessons)
 * - `z`      update gate, `σ(Wz·x + bz + Uz·hPrev + bUz)`, in (0, 1)
 * - `r`      reset gate,  `σ(Wr·x + br + Ur·hPrev + bUr)`, in (0, 1)
 * - `hTilde` candidate state (h~_t):
 *     reset before (lessons 03-05, Cho et al. v3): `tanh(Wh·x + bh + Uh·(r * hPrev) + bUh)`
 *     reset after (lesson 01, Keras's default, PyTorch, cuDNN): `tanh(Wh·x + bh + r * (Uh·hPrev + bUh))`
 * - `h`      the new hidden state:
 *     update 'keras' (lesson 01, Keras, PyTorch): `h = z * hPrev + (1 - z) * hTilde` (z keeps the past)
 *     update 'lesson' (lessons 03-05):            `h = (1 - z) * hPrev + z * hTilde` (z takes the new)
 *   The two are the same cell with z read as 1 - z: negate Wz, Uz, bz, bUz and one becomes the other.
 */

/** One gate's matrices and biases for every gate, in the lessons' orientation (`W·x`). */
export interface GruCellWeights {
  Wz: number[][];
  Wr: number[][];
  Wh: number[][];
  Uz: number[][];
  Ur: number[][];
  Uh: number[][];
  bz: number[];
  br: number[];
  bh: number[];
  /** Recurrent biases (reset-after form, Keras's second bias row); zero when absent. */
  bUz?: number[];
  bUr?: number[];
  bUh?: number[];
}

/** Options of {@link gruCellStep}. */
export interface GruCellStepArgs {
  /** Input at this step, `[inputDim]`. */
  x: number[];
  /** Previous hidden state, `[units]`. */
  hPrev: number[];
  weights: GruCellWeights;
  /** Where the reset gate acts: `'before'` the product with `Uh`, or `'after'` it (Keras default). Default `'after'`. */
  resetPosition?: 'before' | 'after';
  /** Which way the update gate points: `'keras'` (`z` keeps the past) or `'lesson'` (`z` takes the new). Default `'keras'`. */
  update?: 'keras' | 'lesson';
  /** Candidate activation. Default `'tanh'` (lesson 01's Keras code uses `'relu'`). */
  activation?: 'tanh' | 'relu';
}

/** What one step computes: the new state and the gates (for charts). */
export interface GruCellStepResult {
  h: number[];
  z: number[];
  r: number[];
  hTilde: number[];
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** `M·v` for `M` `[rows][cols]` and `v` `[cols]`. */
function matVec(M: number[][], v: number[]): number[] {
  return M.map((row) => row.reduce((sum, m, j) => sum + m * v[j], 0));
}

/** Elementwise sum of vectors (missing ones count as zero). */
function add(...vs: (number[] | undefined)[]): number[] {
  const present = vs.filter((v): v is number[] => v !== undefined);
  return present[0].map((_, i) => present.reduce((sum, v) => sum + v[i], 0));
}

/**
 * One GRU time step from the lesson equations (see the glossary at the top of this file).
 *
 * @param args `x` `[inputDim]`, `hPrev` `[units]`, `weights`, `resetPosition` (default
 *   `'after'`), `update` (default `'keras'`), `activation` (default `'tanh'`).
 * @returns `{ h, z, r, hTilde }`, each `[units]`.
 * @throws Error naming `x` or `hPrev` when its length does not fit the weights.
 * @example
 * gruCellStep({ x: [1], hPrev: [0], weights: { Wz: [[0]], Wr: [[0]], Wh: [[1]], Uz: [[0]], Ur: [[0]], Uh: [[0]], bz: [0], br: [0], bh: [0] } });
 * // => { z: [0.5], r: [0.5], hTilde: [0.7616], h: [0.3808] }
 * @see notebooks/03-understanding-gru.ipynb
 */
export function gruCellStep(args: GruCellStepArgs): GruCellStepResult {
  const { x, hPrev, weights: w } = args;
  const resetPosition = args.resetPosition ?? 'after';
  const update = args.update ?? 'keras';
  const act = args.activation === 'relu' ? (v: number) => Math.max(0, v) : Math.tanh;
  if (x.length !== w.Wz[0]?.length) {
    throw new Error(`gruCellStep: x must have length inputDim = ${w.Wz[0]?.length}, got ${x.length}`);
  }
  if (hPrev.length !== w.Uz.length) {
    throw new Error(`gruCellStep: hPrev must have length units = ${w.Uz.length}, got ${hPrev.length}`);
  }
  // Update gate: how much of the past to keep ('keras') or to replace ('lesson').
  const z = add(matVec(w.Wz, x), w.bz, matVec(w.Uz, hPrev), w.bUz).map(sigmoid);
  // Reset gate: how much of hPrev the candidate sees.
  const r = add(matVec(w.Wr, x), w.br, matVec(w.Ur, hPrev), w.bUr).map(sigmoid);
  // Candidate state.
  let recurrent: number[];
  if (resetPosition === 'before') {
    const rTimesH = r.map((ri, i) => ri * hPrev[i]);
    recurrent = add(matVec(w.Uh, rTimesH), w.bUh);
  } else {
    recurrent = add(matVec(w.Uh, hPrev), w.bUh).map((v, i) => r[i] * v);
  }
  const hTilde = add(matVec(w.Wh, x), w.bh, recurrent).map(act);
  // New state: previous and candidate state mixed by the update gate.
  const h =
    update === 'keras'
      ? z.map((zi, i) => zi * hPrev[i] + (1 - zi) * hTilde[i])
      : z.map((zi, i) => (1 - zi) * hPrev[i] + zi * hTilde[i]);
  return { h, z, r, hTilde };
}

/** Keras-layout GRU weights as plain arrays (what `layer.getWeights().map(w => w.arraySync())` gives). */
export interface KerasGruArrays {
  /** `[inputDim][3 * units]`, gate blocks z, r, h. */
  kernel: number[][];
  /** `[units][3 * units]`. */
  recurrentKernel: number[][];
  /** `[2][3 * units]` (reset after) or `[3 * units]` (reset before); absent without bias. */
  bias?: number[][] | number[];
}

/**
 * Splits Keras-layout GRU weights into the per-gate matrices of {@link gruCellStep}.
 *
 * @param weights `kernel`, `recurrentKernel`, `bias` as plain arrays.
 * @returns the per-gate weights `Wz ... Uh` (as `[units][...]`) and biases.
 * @throws Error naming `recurrentKernel` when it is not `[units][3 * units]`.
 * @example
 * const [kernel, recurrentKernel, bias] = layer.getWeights().map((w) => w.arraySync());
 * cellWeightsFromKeras({ kernel, recurrentKernel, bias }).Wz.length; // => units
 */
export function cellWeightsFromKeras(weights: KerasGruArrays): GruCellWeights {
  const units = weights.recurrentKernel.length;
  if (weights.recurrentKernel[0]?.length !== 3 * units) {
    throw new Error(`cellWeightsFromKeras: recurrentKernel must be [units][3 * units], got [${units}][${weights.recurrentKernel[0]?.length}]`);
  }
  // Block g of a [n][3u] matrix, transposed to [u][n] so that the product reads W·x.
  const block = (m: number[][], g: number) =>
    Array.from({ length: units }, (_, j) => m.map((rowOfM) => rowOfM[g * units + j]));
  const slice = (v: number[], g: number) => v.slice(g * units, (g + 1) * units);
  const bias = weights.bias;
  const inputBias = bias === undefined ? new Array<number>(3 * units).fill(0) : Array.isArray(bias[0]) ? (bias as number[][])[0] : (bias as number[]);
  const recurrentBias = bias !== undefined && Array.isArray(bias[0]) ? (bias as number[][])[1] : undefined;
  const result: GruCellWeights = {
    Wz: block(weights.kernel, 0),
    Wr: block(weights.kernel, 1),
    Wh: block(weights.kernel, 2),
    Uz: block(weights.recurrentKernel, 0),
    Ur: block(weights.recurrentKernel, 1),
    Uh: block(weights.recurrentKernel, 2),
    bz: slice(inputBias, 0),
    br: slice(inputBias, 1),
    bh: slice(inputBias, 2),
  };
  if (recurrentBias !== undefined) {
    result.bUz = slice(recurrentBias, 0);
    result.bUr = slice(recurrentBias, 1);
    result.bUh = slice(recurrentBias, 2);
  }
  return result;
}
