/**
 * The fused kernels' calling convention, defined once and compiled twice: by AssemblyScript
 * into the WebAssembly module (./assembly/) and by TypeScript into the host (./calls.ts,
 * ./sequence.ts, ./pool.ts). This file may hold only integer enums, the one construct both
 * compilers read the same way.
 *
 * Every kernel entry point takes ONE argument: the byte offset of its argument block in
 * the shared memory. The block is an array of int32 slots; the enum below names each slot,
 * in order (a pointer is a byte offset, a size an element count, a flag 0 or 1). The kernel
 * reads a slot by name (`argPtr(args, GruForwardArg.x)`), the host writes all slots from
 * an object typed by the same enum (`writeArgs(heap, GruForwardArg, { x, w, ... })`), so
 * a missing, misspelled or extra argument does not compile, and two arguments cannot be
 * swapped by position because there are no positions.
 *
 * The last slot of every block, `progress`, is written by the kernel (the time steps done
 * so far) so the host can tell a slow worker thread from a dead one.
 *
 * How to add a kernel entry point (an LSTM, a SimpleRNN):
 *   1. here: an `enum LstmForwardArg { ..., progress }` listing its slots (end with `progress`);
 *   2. in ./assembly/: `export function lstmForward(args: usize): void`, reading its slots
 *      with `argPtr` / `argInt` from ./assembly/args.ts, and exporting it from ./assembly/index.ts;
 *   3. in ./calls.ts: one line in `KERNEL_ENTRIES` (`lstmForward: LstmForwardArg`). The
 *      worker threads, the wasm exports' type and `writeArgs`'s typing follow from that table;
 *   4. the host code allocates one block per batch slice (`slotCount(entry)` int32s), fills it
 *      with `wasm.writeArgs(ptr, 'lstmForward', { ... })` and runs the slices with `runSlices`
 *      inside `withWorkerFallback` (./slices.ts), as ./sequence.ts does for the GRU.
 */

/** Activation codes (the candidate/cell activation and the gate activation). */
export enum Activation {
  tanh = 0,
  relu = 1,
  linear = 2,
  sigmoid = 3,
  hardSigmoid = 4,
}

/**
 * `gruForward`: a whole sequence forward. Layout in ./assembly/gru.ts's opening comment.
 * With `keep` 1 the gates of every step stay in `zs, rs, hhs, rhs` for the backward pass.
 * `mask` is 0 (no mask) or a `[steps, bp]` int32 array, 1 where a step is real, 0 where it
 * is padding (the state carries over, as Keras masking).
 */
export enum GruForwardArg {
  x, w, u, bx, bh,
  hs, zs, rs, hhs, rhs, gx, tmp,
  steps, bp, dp, up,
  resetAfter, act, ract, keep,
  mask,
  progress,
}

/**
 * `gruInfer`: a whole sequence forward for inference (no gradient), reading the input and
 * writing the output in the tensors' batch-major layout. Layout in ./assembly/gru-infer.ts's
 * opening comment; `mask` as `gruForward`'s.
 */
export enum GruInferArg {
  x, w, u, bx, bh,
  h, zs, rhs, gx, tmp, out, last,
  steps, n, bp, inputDim, up, units,
  resetAfter, act, ract, goBackwards, returnSequences,
  mask,
  progress,
}

/** `gruBackward`: backpropagation through time over what `gruForward` kept (same `mask`). */
export enum GruBackwardArg {
  x, w, wT, u, uT,
  hs, zs, rs, hhs, rhs, dhs,
  dgx, dgrec, dhn, tmp,
  dx, dw, du, dbx, dbh,
  steps, bp, dp, up,
  resetAfter, act, ract,
  mask,
  progress,
}

/**
 * `lstmForward`: a whole LSTM sequence forward. Layout in ./assembly/lstm.ts's opening
 * comment. With `keep` 1, `acs` holds act(c) of every step for the backward pass.
 */
export enum LstmForwardArg {
  x, w, u, b, hs, cs, gx, acs, tmp,
  steps, bp, dp, up,
  act, ract, keep,
  progress,
}

/** `lstmBackward`: backpropagation through time over what `lstmForward` kept (`gates` = its `gx`). */
export enum LstmBackwardArg {
  x, w, wT, u, uT,
  hs, cs, gates, acs, dhs,
  dg, dhn, dcn, dx, dw, du, db,
  steps, bp, dp, up,
  act, ract,
  progress,
}

/** `rnnForward`: a whole SimpleRNN sequence forward. Layout in ./assembly/rnn.ts's opening comment. */
export enum RnnForwardArg {
  x, w, u, b, hs, gx,
  steps, bp, dp, up,
  act,
  progress,
}

/** `rnnBackward`: backpropagation through time over `rnnForward`'s states. */
export enum RnnBackwardArg {
  x, w, wT, u, uT, hs, dhs,
  dg, dhn, dx, dw, du, db,
  steps, bp, dp, up,
  act,
  progress,
}

/**
 * `denseForward`: `out[rows, units] = x[rows, inputDim] @ w[inputDim, units] + b[units]`
 * (no bias when `b` is 0). Every size is padded to a multiple of 4 by the host, the pads
 * zero; rows are `inputDim` (x) and `units` (w, out) floats apart.
 */
export enum DenseForwardArg {
  x, w, b, out,
  rows, inputDim, units,
  progress,
}

/**
 * `denseBackward`: from `d[rows, units]`, the gradient of `out`: `dw = xᵀ d`, `db = Σ d`
 * (skipped when `db` is 0) and `dx = d wᵀ` (skipped when `dx` is 0; `wT` holds
 * `[units, inputDim]` floats of scratch). Sizes padded as `denseForward`'s.
 */
export enum DenseBackwardArg {
  x, w, wT, d, dw, db, dx,
  rows, inputDim, units,
  progress,
}
