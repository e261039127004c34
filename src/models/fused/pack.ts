/**
 * Copies between the tensors' row-major layouts and the kernel's padded, time-major one
 * (see ./assembly/index.ts): gate matrices with each gate block padded to `up` columns,
 * and batch slices `[steps, bp, width]` holding rows `b0 .. b0 + batch` of a
 * `[fullBatch, steps, width]` array.
 */

/**
 * Copies `n` floats from `src[from]` to `dst[to]`. A plain loop: the rows are short (a
 * sample's units at one time step), and `set(subarray(...))` costs an object per row, which
 * made the copies of a 32 x 100 x 50 sequence a tenth of a forward pass.
 */
function copy(src: Float32Array, from: number, dst: Float32Array, to: number, n: number): void {
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i];
}

/** Rounds up to a multiple of 4 (the kernel's SIMD width). */
export function pad4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** A contiguous run of samples that one thread processes: rows `b0 .. b0 + batch`, padded to `bp`. */
export interface BatchSlice {
  b0: number;
  batch: number;
  bp: number;
}

/**
 * Splits `batch` samples into at most `parts` slices whose sizes are multiples of 4
 * (except the last), so no thread computes padding it could avoid.
 */
export function splitBatch(batch: number, parts: number): BatchSlice[] {
  const slices: BatchSlice[] = [];
  const per = pad4(Math.ceil(batch / parts));
  for (let b0 = 0; b0 < batch; b0 += per) {
    const size = Math.min(per, batch - b0);
    slices.push({ b0, batch: size, bp: pad4(size) });
  }
  return slices;
}

/**
 * Copies a `[rows, gates * units]` gate matrix to `ptr` as `[rows, gates * up]` (padding
 * columns untouched); `gates` is 3 for the GRU, 4 for the LSTM, 1 for the SimpleRNN.
 */
export function packGates(heap: Float32Array, ptr: number, src: Float32Array, rows: number, units: number, up: number, gates = 3): void {
  const base = ptr >> 2;
  for (let i = 0; i < rows; i++) {
    for (let g = 0; g < gates; g++) {
      copy(src, i * gates * units + g * units, heap, base + i * gates * up + g * up, units);
    }
  }
}

/** Adds the `[rows, gates * up]` gate matrix at `ptr` into `out` `[rows, gates * units]`. */
export function addUnpackedGates(heap: Float32Array, ptr: number, rows: number, units: number, up: number, out: Float32Array, gates = 3): void {
  const base = ptr >> 2;
  for (let i = 0; i < rows; i++) {
    for (let g = 0; g < gates; g++) {
      const from = base + i * gates * up + g * up;
      const to = i * gates * units + g * units;
      for (let j = 0; j < units; j++) out[to + j] += heap[from + j];
    }
  }
}

/**
 * Copies `src` `[fullBatch, steps, width]` rows of `slice` to `ptr` as `[steps, bp, widthPadded]`;
 * with `reverse`, step `s` of the kernel reads time step `steps - 1 - s`.
 */
export function packSteps(
  heap: Float32Array, ptr: number, src: Float32Array, slice: BatchSlice,
  steps: number, width: number, widthPadded: number, reverse: boolean,
): void {
  const base = ptr >> 2;
  for (let b = 0; b < slice.batch; b++) {
    for (let s = 0; s < steps; s++) {
      const t = reverse ? steps - 1 - s : s;
      const from = ((slice.b0 + b) * steps + t) * width;
      const to = base + (s * slice.bp + b) * widthPadded;
      copy(src, from, heap, to, width);
    }
  }
}

/** The inverse of {@link packSteps}: `[steps, bp, widthPadded]` at `ptr` into rows of `out`. */
export function unpackSteps(
  heap: Float32Array, ptr: number, out: Float32Array, slice: BatchSlice,
  steps: number, width: number, widthPadded: number, reverse: boolean,
): void {
  const base = ptr >> 2;
  for (let b = 0; b < slice.batch; b++) {
    for (let s = 0; s < steps; s++) {
      const t = reverse ? steps - 1 - s : s;
      copy(heap, base + (s * slice.bp + b) * widthPadded, out, ((slice.b0 + b) * steps + t) * width, width);
    }
  }
}

/** Copies rows of `slice` between `[fullBatch, width]` and `[bp, widthPadded]` at `ptr`. */
export function packRows(heap: Float32Array, ptr: number, src: Float32Array, slice: BatchSlice, width: number, widthPadded: number): void {
  for (let b = 0; b < slice.batch; b++) {
    copy(src, (slice.b0 + b) * width, heap, (ptr >> 2) + b * widthPadded, width);
  }
}

/** The inverse of {@link packRows}. */
export function unpackRows(heap: Float32Array, ptr: number, out: Float32Array, slice: BatchSlice, width: number, widthPadded: number): void {
  for (let b = 0; b < slice.batch; b++) {
    copy(heap, (ptr >> 2) + b * widthPadded, out, (slice.b0 + b) * width, width);
  }
}

/**
 * Writes the mask rows of `slice` (`src` `[fullBatch, steps]`, nonzero = real step) to `ptr`
 * as int32 `[steps, bp]` of 1 and 0 in the kernel's step order (reversed with `reverse`);
 * padding rows are 0.
 */
export function packMask(
  heap32: Int32Array, ptr: number, src: ArrayLike<number>, slice: BatchSlice, steps: number, reverse: boolean,
): void {
  const base = ptr >> 2;
  heap32.fill(0, base, base + steps * slice.bp);
  for (let b = 0; b < slice.batch; b++) {
    for (let s = 0; s < steps; s++) {
      const t = reverse ? steps - 1 - s : s;
      heap32[base + s * slice.bp + b] = src[(slice.b0 + b) * steps + t] !== 0 ? 1 : 0;
    }
  }
}

/** Where a GRU's packed weights go: the input kernel `w` (`wRows` rows), the recurrent kernel `u`, the input and recurrent biases (0 when absent). */
export interface GruWeightSlots {
  w: number;
  wRows: number;
  u: number;
  bx: number;
  bh: number;
}

/**
 * Writes a GRU's kernel, recurrent kernel and bias (Keras layout, gate blocks z, r, h) into
 * the kernel's padded layout at `slots`, zeroing the padding first; the recurrent bias (the
 * bias's second row with `resetAfter`) goes to `slots.bh` when it is not 0.
 */
export function packGruWeights(
  heap: Float32Array, slots: GruWeightSlots,
  weights: { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array | null },
  inputDim: number, units: number, up: number,
): void {
  const g3 = 3 * up;
  const zero = (ptr: number, floats: number): void => void heap.fill(0, ptr >> 2, (ptr >> 2) + floats);
  zero(slots.w, slots.wRows * g3);
  zero(slots.u, up * g3);
  packGates(heap, slots.w, weights.kernel, inputDim, units, up);
  packGates(heap, slots.u, weights.recurrentKernel, units, units, up);
  if (weights.bias === null) return;
  zero(slots.bx, g3);
  packGates(heap, slots.bx, weights.bias, 1, units, up);
  if (slots.bh !== 0) {
    zero(slots.bh, g3);
    packGates(heap, slots.bh, weights.bias.subarray(3 * units), 1, units, up);
  }
}
