/**
 * Host side of the fused GRU's inference pass (`gruInfer`, ./assembly/gru-infer.ts): the
 * forward pass when no gradient tape records (`model.predict`, `evaluate`, generation).
 * It keeps nothing for a backward pass, and reads and writes the tensors' own batch-major
 * layout, so the host copies whole blocks (a memcpy each) instead of the per-row packing
 * and unpacking of ./sequence.ts, which were a fifth of a lesson-04 `predict`.
 */
import { type KernelModule } from './kernel-module';
import { slotCount } from './kernel-calls';
import { runSlices, slicesFor, withForwardScratch } from './thread-slices';
import { packGruWeights, packMask, packRows } from './pack';
import { type SequenceCodes, type SequenceDims, type SequenceInputs } from './gru-host';

/** The outputs of an inference pass, as views of the kernel's memory in the tensors' layouts. */
export interface InferResult {
  /** `[batch, steps, units]` when `returnSequences`, else `[batch, units]` (then the same array as `lastState`). */
  output: Float32Array;
  /** The final state, `[batch, units]`. */
  lastState: Float32Array;
}

/**
 * Runs the GRU over the whole sequence for inference: the same arithmetic as
 * `forwardSequence` (same results to the last bit), nothing kept.
 * @param take gets the output and the final state as views of the kernel's memory, valid
 *   only while it runs (it copies them, into tensors for instance); its result is returned.
 */
export function inferSequence<T>(
  wasm: KernelModule, dims: SequenceDims, codes: SequenceCodes, inputs: SequenceInputs, take: (result: InferResult) => T,
): T {
  return withForwardScratch(wasm, (_held, scratch) => take(inferAttempt(wasm, dims, codes, inputs, scratch)));
}

function inferAttempt(
  wasm: KernelModule, dims: SequenceDims, codes: SequenceCodes, inputs: SequenceInputs,
  scratch: { alloc(floats: number): number },
): InferResult {
  const { batch, steps, inputDim, units, up } = dims;
  const g3 = 3 * up;
  const w = scratch.alloc(inputDim * g3);
  const u = scratch.alloc(up * g3);
  const bx = inputs.bias ? scratch.alloc(g3) : 0;
  const bh = inputs.bias && codes.resetAfter ? scratch.alloc(g3) : 0;
  const out = codes.returnSequences ? scratch.alloc(batch * steps * units) : 0;
  const last = scratch.alloc(batch * units);
  const slices = slicesFor(wasm, batch).map((s) => {
    const rows = Math.ceil((s.batch * steps) / 4) * 4;
    return {
      ...s, rows,
      x: scratch.alloc(rows * inputDim), h: scratch.alloc(2 * s.bp * up),
      zs: codes.resetAfter ? 0 : scratch.alloc(s.bp * up), rhs: codes.resetAfter ? 0 : scratch.alloc(s.bp * up),
      gx: scratch.alloc(rows * g3), tmp: scratch.alloc(s.bp * g3),
      mask: inputs.mask ? scratch.alloc(steps * s.bp) : 0,
      args: scratch.alloc(slotCount('gruInfer')),
    };
  });
  // every allocation is made: the views stay valid from here on
  const heap = wasm.heap;
  const zero = (ptr: number, floats: number): void => void heap.fill(0, ptr >> 2, (ptr >> 2) + floats);
  packGruWeights(heap, { w, wRows: inputDim, u, bx, bh }, inputs, inputDim, units, up);
  const calls = slices.map((s) => {
    // the slice's samples are contiguous in the tensor's [batch, steps, inputDim] layout
    const from = s.b0 * steps * inputDim;
    const floats = s.batch * steps * inputDim;
    heap.set(inputs.x.subarray(from, from + floats), s.x >> 2);
    zero(s.x + floats * 4, (s.rows - s.batch * steps) * inputDim);
    zero(s.h, 2 * s.bp * up);
    if (inputs.initialState) packRows(heap, s.h, inputs.initialState, s, units, up);
    if (s.zs !== 0) {
      zero(s.zs, s.bp * up);
      zero(s.rhs, s.bp * up);
    }
    if (inputs.mask) packMask(wasm.heap32, s.mask, inputs.mask, s, steps, codes.goBackwards);
    wasm.writeArgs(s.args, 'gruInfer', {
      x: s.x, w, u, bx, bh, h: s.h, zs: s.zs, rhs: s.rhs, gx: s.gx, tmp: s.tmp,
      out: out === 0 ? 0 : out + s.b0 * steps * units * 4, last: last + s.b0 * units * 4,
      steps, n: s.batch, bp: s.bp, inputDim, up, units,
      resetAfter: codes.resetAfter ? 1 : 0, act: codes.act, ract: codes.ract,
      goBackwards: codes.goBackwards ? 1 : 0, returnSequences: codes.returnSequences ? 1 : 0,
      mask: s.mask,
    });
    return s.args;
  });
  runSlices(wasm, 'gruInfer', calls);
  const result = wasm.heap;
  const lastState = result.subarray(last >> 2, (last >> 2) + batch * units);
  const output = out === 0 ? lastState : result.subarray(out >> 2, (out >> 2) + batch * steps * units);
  return { output, lastState };
}
