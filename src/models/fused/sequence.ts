/**
 * Host side of the fused GRU: packs plain arrays into the kernel's layout (./pack.ts),
 * splits the batch into one slice per thread (./pool.ts), runs the forward and backward
 * calls, and unpacks the results. Knows nothing of tensors; ./index.ts wires it into
 * TensorFlow.js.
 */
import { GruWasm } from './wasm';
import type { KernelEntry } from './calls';
import {
  addUnpackedGates, BatchSlice, packGates, packRows, packSteps, pad4, splitBatch, unpackRows, unpackSteps,
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
}

type SlicePtr = Record<'x' | 'hs' | 'zs' | 'rs' | 'hhs' | 'rhs', number>;

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
}

/** Plain-array gradients, in the inputs' shapes. */
export interface SequenceGradients {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  initialState: Float32Array;
}

/** Batches smaller than this run on one thread (a wake-up costs more than it saves). */
const MIN_SPLIT_BATCH = 8;

const kernelTime: Partial<Record<KernelEntry, number>> = {};

/**
 * Milliseconds spent in each kernel entry point (the calls and the wait for the worker
 * threads) since the last call of this function, which resets them: `npm run bench` reports
 * the share of a training step spent inside the kernels with it.
 */
export function takeKernelTime(): Partial<Record<KernelEntry, number>> {
  const taken = { ...kernelTime };
  for (const k of Object.keys(kernelTime) as KernelEntry[]) delete kernelTime[k];
  return taken;
}

/** Runs `entry` once per argument block (one per slice): slice 0 on this thread, the others on workers, and waits. */
export function runSlices(wasm: GruWasm, entry: KernelEntry, calls: number[]): void {
  const start = performance.now();
  const pool = calls.length > 1 ? wasm.workers() : null;
  for (let k = 1; k < calls.length; k++) pool?.start(k - 1, entry, calls[k]);
  wasm.exports[entry](calls[0]);
  for (let k = 1; k < calls.length; k++) pool?.wait(k - 1);
  kernelTime[entry] = (kernelTime[entry] ?? 0) + performance.now() - start;
}

/** The batch split into one slice per thread (one slice for small batches). */
export function slicesFor(wasm: GruWasm, batch: number): BatchSlice[] {
  const pool = batch >= MIN_SPLIT_BATCH ? wasm.workers() : null;
  return splitBatch(batch, pool === null ? 1 : pool.size + 1);
}

/**
 * Runs the forward pass. With `keep`, every step's gates stay in kernel memory for
 * {@link backwardSequence} (free them with {@link releaseRun} if it never comes).
 * @returns the output (`[batch, steps, units]` or `[batch, units]`) and the saved run.
 */
export function forwardSequence(
  wasm: GruWasm, dims: SequenceDims, codes: SequenceCodes, inputs: SequenceInputs, keep: boolean,
): { output: Float32Array; saved: SavedRun } {
  const { batch, steps, inputDim, units, dp, up } = dims;
  const g3 = 3 * up;
  const w = wasm.alloc(dp * g3);
  const u = wasm.alloc(up * g3);
  const bx = inputs.bias ? wasm.alloc(g3) : 0;
  const bh = inputs.bias && codes.resetAfter ? wasm.alloc(g3) : 0;
  const slots = keep ? steps : 1;
  const slices = slicesFor(wasm, batch).map((s) => ({
    ...s,
    ptr: {
      x: wasm.alloc(steps * s.bp * dp), hs: wasm.alloc((steps + 1) * s.bp * up),
      zs: wasm.alloc(slots * s.bp * up), rs: wasm.alloc(slots * s.bp * up),
      hhs: wasm.alloc(slots * s.bp * up), rhs: wasm.alloc(slots * s.bp * up),
    },
    gx: wasm.alloc(steps * s.bp * g3),
    tmp: wasm.alloc(s.bp * g3),
  }));
  const heap = wasm.heap;
  const zero = (ptr: number, floats: number): void => void heap.fill(0, ptr >> 2, (ptr >> 2) + floats);
  zero(w, dp * g3);
  zero(u, up * g3);
  packGates(heap, w, inputs.kernel, inputDim, units, up);
  packGates(heap, u, inputs.recurrentKernel, units, units, up);
  if (inputs.bias) {
    zero(bx, g3);
    packGates(heap, bx, inputs.bias, 1, units, up);
    if (bh !== 0) {
      zero(bh, g3);
      packGates(heap, bh, inputs.bias.subarray(3 * units), 1, units, up);
    }
  }
  const calls = slices.map((s) => {
    zero(s.ptr.x, steps * s.bp * dp);
    packSteps(heap, s.ptr.x, inputs.x, s, steps, inputDim, dp, codes.goBackwards);
    zero(s.ptr.hs, s.bp * up);
    if (inputs.initialState) packRows(heap, s.ptr.hs, inputs.initialState, s, units, up);
    return wasm.args('gruForward', {
      ...s.ptr, w, u, bx, bh, gx: s.gx, tmp: s.tmp,
      steps, bp: s.bp, dp, up, resetAfter: codes.resetAfter ? 1 : 0, act: codes.act, ract: codes.ract,
      keep: keep ? 1 : 0, mask: 0,
    });
  });
  runSlices(wasm, 'gruForward', calls);
  for (const p of calls) wasm.release(p);
  const out = wasm.heap;
  const output = new Float32Array(codes.returnSequences ? batch * steps * units : batch * units);
  for (const s of slices) {
    const first = s.ptr.hs + s.bp * up * 4; // hs[1]: the state after the first step
    if (codes.returnSequences) unpackSteps(out, first, output, s, steps, units, up, false);
    else unpackRows(out, s.ptr.hs + steps * s.bp * up * 4, output, s, units, up);
    wasm.release(s.gx);
    wasm.release(s.tmp);
  }
  for (const p of [bx, bh]) if (p !== 0) wasm.release(p);
  const saved: SavedRun = { dims, codes, w, u, slices: slices.map(({ b0, batch: n, bp, ptr }) => ({ b0, batch: n, bp, ptr })), released: false };
  if (!keep) releaseRun(wasm, saved);
  return { output, saved };
}

/** Frees what a forward pass kept (idempotent). */
export function releaseRun(wasm: GruWasm, saved: SavedRun): void {
  if (saved.released) return;
  saved.released = true;
  wasm.release(saved.w);
  wasm.release(saved.u);
  for (const s of saved.slices) for (const p of Object.values(s.ptr)) wasm.release(p);
}

/**
 * Backpropagation through time for a run kept by {@link forwardSequence}; frees it.
 * @param dOutput upstream gradient in the output's shape.
 * @throws Error when the run was already released (its gradient was taken once already).
 */
export function backwardSequence(wasm: GruWasm, saved: SavedRun, dOutput: Float32Array): SequenceGradients {
  if (saved.released) {
    throw new Error('gruSequenceFused: the gradient of this forward pass was already computed (it can be taken once)');
  }
  const { dims, codes } = saved;
  const { batch, steps, inputDim, units, dp, up } = dims;
  const g3 = 3 * up;
  const scratch = saved.slices.map((s) => {
    const rows = steps * s.bp;
    return {
      wT: wasm.alloc(g3 * dp), uT: wasm.alloc(g3 * up), dhs: wasm.alloc(rows * up),
      dgx: wasm.alloc(rows * g3), dgrec: codes.resetAfter ? wasm.alloc(rows * g3) : 0,
      dhn: wasm.alloc(s.bp * up), tmp: wasm.alloc(s.bp * up), dx: wasm.alloc(rows * dp),
      dw: wasm.alloc(dp * g3), du: wasm.alloc(up * g3), dbx: wasm.alloc(g3), dbh: wasm.alloc(g3),
    };
  });
  const heap = wasm.heap;
  const calls = saved.slices.map((s, k) => {
    const p = scratch[k];
    heap.fill(0, p.dhs >> 2, (p.dhs >> 2) + steps * s.bp * up);
    heap.fill(0, p.dhn >> 2, (p.dhn >> 2) + s.bp * up);
    if (codes.returnSequences) packSteps(heap, p.dhs, dOutput, s, steps, units, up, false);
    else packRows(heap, p.dhs + (steps - 1) * s.bp * up * 4, dOutput, s, units, up);
    return wasm.args('gruBackward', {
      ...s.ptr, w: saved.w, u: saved.u, wT: p.wT, uT: p.uT, dhs: p.dhs,
      dgx: p.dgx, dgrec: codes.resetAfter ? p.dgrec : p.dgx, dhn: p.dhn, tmp: p.tmp,
      dx: p.dx, dw: p.dw, du: p.du, dbx: p.dbx, dbh: p.dbh,
      steps, bp: s.bp, dp, up, resetAfter: codes.resetAfter ? 1 : 0, act: codes.act, ract: codes.ract, mask: 0,
    });
  });
  runSlices(wasm, 'gruBackward', calls);
  for (const p of calls) wasm.release(p);
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
    for (const q of Object.values(p)) if (q !== 0) wasm.release(q);
  });
  releaseRun(wasm, saved);
  return grads;
}
