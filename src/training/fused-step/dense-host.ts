/**
 * The host side of the dense kernels (`denseForward`, `denseBackward` in
 * models/fused/assembly/dense.ts): copies a dense layer's arrays into the kernel module's
 * memory, padded to multiples of 4 with zeros as the SIMD products need, runs the kernel on
 * this thread and copies the results out. Used by the fused training step for the head and
 * the linear highway, which in plain JavaScript loops took about half of a many-series
 * training step.
 */
import type { KernelModule } from '../../models/fused/kernel-module';
import { addUnpackedGates, pad4, packRows, unpackRows, type BatchSlice } from '../../models/fused/pack';
import { slotCount } from '../../models/fused/kernel-calls';

/** What the backward pass needs of a dense layer's forward: its input, `[rows, inputDim]`. */
export interface DenseInput {
  input: Float32Array;
  rows: number;
  inputDim: number;
}

/** All `rows` of a `[rows, width]` array as one slice of the pack helpers (`bp` the padded row count). */
const allRows = (rows: number): BatchSlice => ({ b0: 0, batch: rows, bp: pad4(rows) });

/** Reads `[rows, width]` out of `[rows, widthPadded]` at `ptr`, into a new array. */
function unpacked(heap: Float32Array, ptr: number, rows: number, width: number, widthPadded: number): Float32Array {
  const out = new Float32Array(rows * width);
  unpackRows(heap, ptr, out, allRows(rows), width, widthPadded);
  return out;
}

/** Runs `fill` on zeroed allocations of the given float counts, then releases them. */
function withBuffers<T>(wasm: KernelModule, floats: number[], fill: (ptrs: number[], heap: Float32Array) => T): T {
  const ptrs = floats.map((n) => wasm.alloc(n));
  try {
    const heap = wasm.heap; // every allocation is made: the view stays valid
    ptrs.forEach((p, i) => heap.fill(0, p >> 2, (p >> 2) + floats[i]));
    return fill(ptrs, heap);
  } finally {
    ptrs.forEach((p) => wasm.release(p));
  }
}

/**
 * `input [rows, inputDim] x kernel [inputDim, units] + bias` in the kernel module.
 *
 * @param kernel `[inputDim, units]` row-major; `bias` `[units]` or null.
 * @returns `[rows, units]` row-major.
 */
export function denseForwardWasm(wasm: KernelModule, x: DenseInput, units: number, kernel: Float32Array, bias: Float32Array | null): Float32Array {
  const { input, rows, inputDim } = x;
  const [rp, ip, up] = [pad4(rows), pad4(inputDim), pad4(units)];
  return withBuffers(wasm, [rp * ip, ip * up, up, rp * up, slotCount('denseForward')], ([px, pw, pb, pout, args], heap) => {
    packRows(heap, px, input, allRows(rows), inputDim, ip);
    packRows(heap, pw, kernel, allRows(inputDim), units, up);
    if (bias !== null) heap.set(bias, pb >> 2);
    wasm.writeArgs(args, 'denseForward', { x: px, w: pw, b: bias === null ? 0 : pb, out: pout, rows: rp, inputDim: ip, units: up });
    wasm.exports.denseForward(args);
    return unpacked(wasm.heap, pout, rows, units, up);
  });
}

/**
 * A dense layer's gradients in the kernel module: adds `inputᵀ d` to `dKernel` and `Σ d` to
 * `dBias`, and returns `d kernelᵀ`, the gradient of its input (empty when not needed).
 */
export function denseBackwardWasm(
  wasm: KernelModule, x: DenseInput, d: Float32Array, units: number,
  kernel: Float32Array, dKernel: Float32Array, dBias: Float32Array | null, needInputGradient: boolean,
): Float32Array {
  const { input, rows, inputDim } = x;
  const [rp, ip, up] = [pad4(rows), pad4(inputDim), pad4(units)];
  const sizes = [rp * ip, ip * up, needInputGradient ? up * ip : 1, rp * up, ip * up, up, needInputGradient ? rp * ip : 1, slotCount('denseBackward')];
  return withBuffers(wasm, sizes, ([px, pw, pwT, pd, pdw, pdb, pdx, args], heap) => {
    packRows(heap, px, input, allRows(rows), inputDim, ip);
    packRows(heap, pw, kernel, allRows(inputDim), units, up);
    packRows(heap, pd, d, allRows(rows), units, up);
    wasm.writeArgs(args, 'denseBackward', {
      x: px, w: pw, wT: pwT, d: pd, dw: pdw, db: dBias === null ? 0 : pdb, dx: needInputGradient ? pdx : 0, rows: rp, inputDim: ip, units: up,
    });
    wasm.exports.denseBackward(args);
    const out = wasm.heap;
    addUnpackedGates(out, pdw, inputDim, units, up, dKernel, 1);
    if (dBias !== null) for (let j = 0; j < units; j++) dBias[j] += out[(pdb >> 2) + j];
    return needInputGradient ? unpacked(out, pdx, rows, inputDim, ip) : new Float32Array(0);
  });
}
