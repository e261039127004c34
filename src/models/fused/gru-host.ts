/**
 * Host side of the fused GRU: packs plain arrays into the kernel's layout (./pack.ts),
 * splits the batch into one slice per thread and runs the forward and backward calls on
 * them (./slices.ts), and unpacks the results. Knows nothing of tensors; ./index.ts wires it into
 * TensorFlow.js.
 */
import { type KernelModule } from './kernel-module';
import { slotCount } from './kernel-calls';
import { type Allocations, runSlices, slicesFor, withForwardScratch, withWorkerFallback } from './thread-slices';
import {
  addUnpackedGates, type BatchSlice, packGruWeights, packMask, packRows, packSteps, pad4, unpackRows, unpackSteps,
} from './pack';

export { pad4 };

/** Sizes of one run; `dp` and `up` are the padded sizes the kernel uses. */
export interface SequenceDims {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  dp: number;
  up: number;
}

/** Settings of one run, as kernel codes. */
export interface SequenceCodes {
  resetAfter: boolean;
  goBackwards: boolean;
  returnSequences: boolean;
  /** Activation codes (`Activation` in ./convention.ts). */
  act: number;
  ract: number;
}

/** Plain-array inputs of one run (row-major, the tensors' own shapes). */
export interface SequenceInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
  initialState: Float32Array | null;
  /** `[batch, steps]` in time order, nonzero where a step is real, 0 where it is padding; `null` without a mask. */
  mask: ArrayLike<number> | null;
}

/** A slice's buffers kept for the backward pass (`mask` is 0 without a mask). */
type SlicePtr = Record<'x' | 'hs' | 'zs' | 'rs' | 'hhs' | 'rhs' | 'mask', number>;

/** What the forward pass leaves in kernel memory for the backward pass. */
export interface SavedRun {
  dims: SequenceDims;
  codes: SequenceCodes;
  /** Byte offsets of the packed weights, shared by all slices. */
  w: number;
  u: number;
  slices: Array<BatchSlice & { ptr: SlicePtr }>;
  /** Set once the memory went back to the allocator. */
  released: boolean;
  /** Every byte range the run holds (released together). */
  held: number[];
}

/** Plain-array gradients, in the inputs' shapes. */
export interface SequenceGradients {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  initialState: Float32Array;
}

/**
 * Runs the forward pass. With `keep`, every step's gates stay in kernel memory for
 * {@link backwardSequence} (free them with {@link releaseRun} if it never comes).
 * @returns the output (`[batch, steps, units]` or `[batch, units]`) and the saved run.
 */
export function forwardSequence(
  wasm: KernelModule, dims: SequenceDims, codes: SequenceCodes, inputs: SequenceInputs, keep: boolean,
): { output: Float32Array; saved: SavedRun } {
  return withForwardScratch(wasm, (held, scratch) => forwardAttempt(wasm, dims, codes, inputs, keep, held, scratch));
}

function forwardAttempt(
  wasm: KernelModule, dims: SequenceDims, codes: SequenceCodes, inputs: SequenceInputs, keep: boolean,
  held: Allocations, scratch: Allocations,
): { output: Float32Array; saved: SavedRun } {
  const { batch, steps, inputDim, units, dp, up } = dims;
  const g3 = 3 * up;
  const w = held.alloc(dp * g3);
  const u = held.alloc(up * g3);
  const bx = inputs.bias ? scratch.alloc(g3) : 0;
  const bh = inputs.bias && codes.resetAfter ? scratch.alloc(g3) : 0;
  const slots = keep ? steps : 1;
  const slices = slicesFor(wasm, batch).map((s) => ({
    ...s,
    ptr: {
      x: held.alloc(steps * s.bp * dp), hs: held.alloc((steps + 1) * s.bp * up),
      zs: held.alloc(slots * s.bp * up), rs: held.alloc(slots * s.bp * up),
      hhs: held.alloc(slots * s.bp * up), rhs: held.alloc(slots * s.bp * up),
      mask: inputs.mask ? held.alloc(steps * s.bp) : 0,
    },
    gx: scratch.alloc(steps * s.bp * g3),
    tmp: scratch.alloc(s.bp * g3),
  }));
  const heap = wasm.heap;
  const zero = (ptr: number, floats: number): void => void heap.fill(0, ptr >> 2, (ptr >> 2) + floats);
  packGruWeights(heap, { w, wRows: dp, u, bx, bh }, inputs, inputDim, units, up);
  const calls = slices.map((s) => {
    zero(s.ptr.x, steps * s.bp * dp);
    packSteps(wasm.heap, s.ptr.x, inputs.x, s, steps, inputDim, dp, codes.goBackwards);
    zero(s.ptr.hs, s.bp * up);
    if (inputs.initialState) packRows(wasm.heap, s.ptr.hs, inputs.initialState, s, units, up);
    if (inputs.mask) packMask(wasm.heap32, s.ptr.mask, inputs.mask, s, steps, codes.goBackwards);
    const args = scratch.alloc(slotCount('gruForward'));
    wasm.writeArgs(args, 'gruForward', {
      x: s.ptr.x, hs: s.ptr.hs, zs: s.ptr.zs, rs: s.ptr.rs, hhs: s.ptr.hhs, rhs: s.ptr.rhs, mask: s.ptr.mask,
      w, u, bx, bh, gx: s.gx, tmp: s.tmp,
      steps, bp: s.bp, dp, up, resetAfter: codes.resetAfter ? 1 : 0, act: codes.act, ract: codes.ract,
      keep: keep ? 1 : 0,
    });
    return args;
  });
  runSlices(wasm, 'gruForward', calls);
  const output = unpackOutput(wasm, slices, dims, codes.returnSequences);
  const saved: SavedRun = {
    dims, codes, w, u, slices: slices.map(({ b0, batch: n, bp, ptr }) => ({ b0, batch: n, bp, ptr })),
    released: false, held: held.ptrs.splice(0),
  };
  if (!keep) releaseRun(wasm, saved);
  return { output, saved };
}

/**
 * The layer's output, read from the slices' state buffers `hs` (`[steps + 1, bp, up]`, the
 * initial state first): every step's state (`[batch, steps, units]`) or the last (`[batch, units]`).
 * Shared by the GRU, LSTM and SimpleRNN hosts, whose kernels lay out `hs` alike.
 */
export function unpackOutput(wasm: KernelModule, slices: Array<BatchSlice & { ptr: { hs: number } }>, dims: SequenceDims, returnSequences: boolean): Float32Array {
  const { batch, steps, units, up } = dims;
  const out = wasm.heap;
  const output = new Float32Array(returnSequences ? batch * steps * units : batch * units);
  for (const s of slices) {
    const first = s.ptr.hs + s.bp * up * 4; // hs[1]: the state after the first step
    if (returnSequences) unpackSteps(out, first, output, s, steps, units, up, false);
    else unpackRows(out, s.ptr.hs + steps * s.bp * up * 4, output, s, units, up);
  }
  return output;
}

/** Frees what a forward pass of any fused kernel kept (idempotent). */
export function releaseRun(wasm: KernelModule, saved: { released: boolean; held: number[] }): void {
  if (saved.released) return;
  saved.released = true;
  for (const p of saved.held) wasm.release(p);
}

/**
 * Backpropagation through time for a run kept by {@link forwardSequence}; frees it, also
 * when the backward pass fails.
 * @param dOutput upstream gradient in the output's shape.
 * @throws Error when the run was already released (its gradient was taken once already).
 */
export function backwardSequence(wasm: KernelModule, saved: SavedRun, dOutput: Float32Array): SequenceGradients {
  if (saved.released) {
    throw new Error('gruSequenceFused: the gradient of this forward pass was already computed (it can be taken once)');
  }
  try {
    // the saved run is only read by the kernel, so a rerun after a worker failure reuses it
    return withWorkerFallback(wasm, (scratch) => backwardAttempt(wasm, saved, dOutput, scratch));
  } finally {
    releaseRun(wasm, saved);
  }
}

function backwardAttempt(wasm: KernelModule, saved: SavedRun, dOutput: Float32Array, held: Allocations): SequenceGradients {
  const { dims, codes } = saved;
  const { batch, steps, inputDim, units, dp, up } = dims;
  const g3 = 3 * up;
  const scratch = saved.slices.map((s) => {
    const rows = steps * s.bp;
    return {
      wT: held.alloc(g3 * dp), uT: held.alloc(g3 * up), dhs: held.alloc(rows * up),
      dgx: held.alloc(rows * g3), dgrec: codes.resetAfter ? held.alloc(rows * g3) : 0,
      dhn: held.alloc(s.bp * up), tmp: held.alloc(s.bp * up), dx: held.alloc(rows * dp),
      dw: held.alloc(dp * g3), du: held.alloc(up * g3), dbx: held.alloc(g3), dbh: held.alloc(g3),
    };
  });
  const calls = saved.slices.map((s, k) => {
    const p = scratch[k];
    const heap = wasm.heap;
    heap.fill(0, p.dhs >> 2, (p.dhs >> 2) + steps * s.bp * up);
    heap.fill(0, p.dhn >> 2, (p.dhn >> 2) + s.bp * up);
    if (codes.returnSequences) packSteps(heap, p.dhs, dOutput, s, steps, units, up, false);
    else packRows(heap, p.dhs + (steps - 1) * s.bp * up * 4, dOutput, s, units, up);
    const args = held.alloc(slotCount('gruBackward'));
    wasm.writeArgs(args, 'gruBackward', {
      x: s.ptr.x, hs: s.ptr.hs, zs: s.ptr.zs, rs: s.ptr.rs, hhs: s.ptr.hhs, rhs: s.ptr.rhs, mask: s.ptr.mask,
      w: saved.w, u: saved.u, wT: p.wT, uT: p.uT, dhs: p.dhs,
      dgx: p.dgx, dgrec: codes.resetAfter ? p.dgrec : p.dgx, dhn: p.dhn, tmp: p.tmp,
      dx: p.dx, dw: p.dw, du: p.du, dbx: p.dbx, dbh: p.dbh,
      steps, bp: s.bp, dp, up, resetAfter: codes.resetAfter ? 1 : 0, act: codes.act, ract: codes.ract,
    });
    return args;
  });
  runSlices(wasm, 'gruBackward', calls);
  const out = wasm.heap;
  const grads: SequenceGradients = {
    x: new Float32Array(batch * steps * inputDim),
    kernel: new Float32Array(inputDim * 3 * units),
    recurrentKernel: new Float32Array(units * 3 * units),
    bias: new Float32Array((codes.resetAfter ? 2 : 1) * 3 * units),
    initialState: new Float32Array(batch * units),
  };
  saved.slices.forEach((s, k) => {
    const p = scratch[k];
    unpackSteps(out, p.dx, grads.x, s, steps, inputDim, dp, codes.goBackwards);
    unpackRows(out, p.dhn, grads.initialState, s, units, up);
    // weight gradients: the sum over the slices
    addUnpackedGates(out, p.dw, inputDim, units, up, grads.kernel);
    addUnpackedGates(out, p.du, units, units, up, grads.recurrentKernel);
    addUnpackedGates(out, p.dbx, 1, units, up, grads.bias);
    if (codes.resetAfter) addUnpackedGates(out, p.dbh, 1, units, up, grads.bias.subarray(3 * units));
  });
  held.releaseAll();
  return grads;
}
