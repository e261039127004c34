/**
 * Host side of the fused LSTM and SimpleRNN kernels (./assembly/lstm.ts, ./assembly/rnn.ts),
 * the same design as the GRU's (./sequence.ts): packs plain arrays into the kernel's padded,
 * time-major layout, splits the batch into one slice per thread and runs the forward and
 * backward calls on them (./slices.ts), and unpacks the results. Knows nothing of tensors; ./cell-fused.ts wires
 * it into TensorFlow.js.
 */
import { type KernelModule } from './kernel-module';
import { slotCount } from './kernel-calls';
import { type Allocations, runSlices, slicesFor, withForwardScratch, withWorkerFallback } from './thread-slices';
import { addUnpackedGates, type BatchSlice, packGates, packRows, packSteps, unpackSteps } from './pack';
import { releaseRun, unpackOutput, type SequenceDims } from './gru-host';

/** Which recurrent cell a run uses: `lstm` (gate blocks i, f, c, o) or `rnn` (SimpleRNN). */
export type CellKind = 'lstm' | 'rnn';

/** Gate blocks per kind: the width of the kernels is `gates * units`. */
export const CELL_GATES: Record<CellKind, number> = { lstm: 4, rnn: 1 };

/** Settings of one run, as kernel codes. */
export interface CellCodes {
  kind: CellKind;
  goBackwards: boolean;
  returnSequences: boolean;
  /** Activation codes: 0 tanh, 1 relu, 2 linear, 3 sigmoid, 4 hardSigmoid. */
  act: number;
  /** Gate activation (LSTM only). */
  ract: number;
}

/** Plain-array inputs of one run (row-major, the tensors' own shapes; Keras layout). */
export interface CellInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
}

/** Plain-array gradients, in the inputs' shapes. */
export interface CellGradients {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
}

type CellPtr = Record<'x' | 'hs' | 'cs' | 'gx' | 'acs', number>;

/** What the forward pass leaves in kernel memory for the backward pass. */
export interface SavedCellRun {
  dims: SequenceDims;
  codes: CellCodes;
  w: number;
  u: number;
  slices: Array<BatchSlice & { ptr: CellPtr }>;
  released: boolean;
  /** Every allocation the run keeps (released together). */
  held: number[];
}

/**
 * Runs the forward pass (the initial state is zero). With `keep`, what the backward pass
 * needs stays in kernel memory (free it with {@link releaseCellRun} if it never comes).
 * @returns the output (`[batch, steps, units]` or `[batch, units]`) and the saved run.
 */
export function forwardCells(
  wasm: KernelModule, dims: SequenceDims, codes: CellCodes, inputs: CellInputs, keep: boolean,
): { output: Float32Array; saved: SavedCellRun } {
  return withForwardScratch(wasm, (held, scratch) => forwardAttempt(wasm, dims, codes, inputs, keep, held, scratch));
}

function forwardAttempt(
  wasm: KernelModule, dims: SequenceDims, codes: CellCodes, inputs: CellInputs, keep: boolean,
  held: Allocations, scratch: Allocations,
): { output: Float32Array; saved: SavedCellRun } {
  const { batch, steps, inputDim, units, dp, up } = dims;
  const gates = CELL_GATES[codes.kind];
  const lstm = codes.kind === 'lstm';
  const gw = gates * up;
  const w = held.alloc(dp * gw);
  const u = held.alloc(up * gw);
  const b = inputs.bias ? scratch.alloc(gw) : 0;
  const slices = slicesFor(wasm, batch).map((s) => {
    const state = (steps + 1) * s.bp * up;
    return {
      ...s,
      ptr: {
        // the LSTM's backward pass reads its gates from gx, so gx is kept; the SimpleRNN's is scratch
        x: held.alloc(steps * s.bp * dp), hs: held.alloc(state), gx: (lstm ? held : scratch).alloc(steps * s.bp * gw),
        cs: lstm ? held.alloc(state) : 0, acs: lstm ? held.alloc((keep ? steps : 1) * s.bp * up) : 0,
      },
      tmp: lstm ? scratch.alloc(s.bp * gw) : 0,
    };
  });
  const heap = wasm.heap;
  const zero = (ptr: number, floats: number): void => void heap.fill(0, ptr >> 2, (ptr >> 2) + floats);
  zero(w, dp * gw);
  zero(u, up * gw);
  packGates(heap, w, inputs.kernel, inputDim, units, up, gates);
  packGates(heap, u, inputs.recurrentKernel, units, units, up, gates);
  if (inputs.bias) {
    zero(b, gw);
    packGates(heap, b, inputs.bias, 1, units, up, gates);
  }
  const calls = slices.map((s) => {
    const { ptr } = s;
    zero(ptr.x, steps * s.bp * dp);
    packSteps(wasm.heap, ptr.x, inputs.x, s, steps, inputDim, dp, codes.goBackwards);
    zero(ptr.hs, s.bp * up);
    if (!lstm) {
      const args = scratch.alloc(slotCount('rnnForward'));
      wasm.writeArgs(args, 'rnnForward', { x: ptr.x, w, u, b, hs: ptr.hs, gx: ptr.gx, steps, bp: s.bp, dp, up, act: codes.act });
      return args;
    }
    zero(ptr.cs, s.bp * up);
    const args = scratch.alloc(slotCount('lstmForward'));
    wasm.writeArgs(args, 'lstmForward', {
      x: ptr.x, hs: ptr.hs, cs: ptr.cs, gx: ptr.gx, acs: ptr.acs, w, u, b, tmp: s.tmp,
      steps, bp: s.bp, dp, up, act: codes.act, ract: codes.ract, keep: keep ? 1 : 0,
    });
    return args;
  });
  runSlices(wasm, lstm ? 'lstmForward' : 'rnnForward', calls);
  const output = unpackOutput(wasm, slices, dims, codes.returnSequences);
  const saved: SavedCellRun = {
    dims, codes, w, u, slices: slices.map(({ b0, batch: n, bp, ptr }) => ({ b0, batch: n, bp, ptr })),
    released: false, held: held.ptrs.splice(0),
  };
  if (!keep) releaseRun(wasm, saved);
  return { output, saved };
}


/**
 * Backpropagation through time for a run kept by {@link forwardCells}; frees it, also when
 * the backward pass fails.
 * @param dOutput upstream gradient in the output's shape.
 * @throws Error when the run was already released (its gradient was taken once already).
 */
export function backwardCells(wasm: KernelModule, saved: SavedCellRun, dOutput: Float32Array): CellGradients {
  if (saved.released) {
    throw new Error(`${saved.codes.kind}SequenceFused: the gradient of this forward pass was already computed (it can be taken once)`);
  }
  try {
    // the saved run is only read by the kernel, so a rerun after a worker failure reuses it
    return withWorkerFallback(wasm, (scratch) => backwardAttempt(wasm, saved, dOutput, scratch));
  } finally {
    releaseRun(wasm, saved);
  }
}

function backwardAttempt(wasm: KernelModule, saved: SavedCellRun, dOutput: Float32Array, held: Allocations): CellGradients {
  const { dims, codes } = saved;
  const { batch, steps, inputDim, units, dp, up } = dims;
  const gates = CELL_GATES[codes.kind];
  const lstm = codes.kind === 'lstm';
  const gw = gates * up;
  const scratch = saved.slices.map((s) => {
    const rows = steps * s.bp;
    return {
      wT: held.alloc(gw * dp), uT: held.alloc(gw * up), dhs: held.alloc(rows * up), dg: held.alloc(rows * gw),
      dhn: held.alloc(s.bp * up), dcn: lstm ? held.alloc(s.bp * up) : 0, dx: held.alloc(rows * dp),
      dw: held.alloc(dp * gw), du: held.alloc(up * gw), db: held.alloc(gw),
    };
  });
  const calls = saved.slices.map((s, k) => {
    const p = scratch[k];
    const { ptr } = s;
    const heap = wasm.heap;
    heap.fill(0, p.dhs >> 2, (p.dhs >> 2) + steps * s.bp * up);
    heap.fill(0, p.dhn >> 2, (p.dhn >> 2) + s.bp * up);
    if (codes.returnSequences) packSteps(heap, p.dhs, dOutput, s, steps, units, up, false);
    else packRows(heap, p.dhs + (steps - 1) * s.bp * up * 4, dOutput, s, units, up);
    if (!lstm) {
      const args = held.alloc(slotCount('rnnBackward'));
      wasm.writeArgs(args, 'rnnBackward', {
        x: ptr.x, w: saved.w, wT: p.wT, u: saved.u, uT: p.uT, hs: ptr.hs, dhs: p.dhs, dg: p.dg, dhn: p.dhn,
        dx: p.dx, dw: p.dw, du: p.du, db: p.db, steps, bp: s.bp, dp, up, act: codes.act,
      });
      return args;
    }
    heap.fill(0, p.dcn >> 2, (p.dcn >> 2) + s.bp * up);
    const args = held.alloc(slotCount('lstmBackward'));
    wasm.writeArgs(args, 'lstmBackward', {
      x: ptr.x, w: saved.w, wT: p.wT, u: saved.u, uT: p.uT, hs: ptr.hs, dhs: p.dhs, dg: p.dg, dhn: p.dhn,
      dx: p.dx, dw: p.dw, du: p.du, db: p.db, steps, bp: s.bp, dp, up, act: codes.act,
      cs: ptr.cs, gates: ptr.gx, acs: ptr.acs, dcn: p.dcn, ract: codes.ract,
    });
    return args;
  });
  runSlices(wasm, lstm ? 'lstmBackward' : 'rnnBackward', calls);
  const out = wasm.heap;
  const grads: CellGradients = {
    x: new Float32Array(batch * steps * inputDim),
    kernel: new Float32Array(inputDim * gates * units),
    recurrentKernel: new Float32Array(units * gates * units),
    bias: new Float32Array(gates * units),
  };
  saved.slices.forEach((s, k) => {
    const p = scratch[k];
    unpackSteps(out, p.dx, grads.x, s, steps, inputDim, dp, codes.goBackwards);
    // weight gradients: the sum over the slices
    addUnpackedGates(out, p.dw, inputDim, units, up, grads.kernel, gates);
    addUnpackedGates(out, p.du, units, units, up, grads.recurrentKernel, gates);
    addUnpackedGates(out, p.db, 1, units, up, grads.bias, gates);
  });
  held.releaseAll();
  return grads;
}
