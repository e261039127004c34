/**
 * The host side of the dense kernels (`denseForward`, `denseBackward` in
 * models/fused/assembly/dense.ts): copies a dense layer's arrays into the kernel module's
 * memory, padded to multiples of 4 with zeros as the SIMD products need, runs the kernel on
 * this thread and copies the results out. Used by the fused training step for the head and
 * the linear highway, which in plain JavaScript loops took about half of a many-series
 * training step.
 */
import type { KernelModule } from '../../models/fused/kernel-module';
import { pad4 } from '../../models/fused/pack';
import { slotCount } from '../../models/fused/kernel-calls';

/** What the backward pass needs of a dense layer's forward: its input, `[rows, inputDim]`. */
export interface DenseInput {
  input: Float32Array;
  rows: number;
  inputDim: number;
}

/** Copies `rows x cols` row-major values into the heap at `ptr` with `stride` floats per row (the pads already zero). */
function putRows(heap: Float32Array, ptr: number, values: Float32Array, rows: number, cols: number, stride: number): void {
  const base = ptr >> 2;
  if (cols === stride) heap.set(values.subarray(0, rows * cols), base);
  else for (let r = 0; r < rows; r++) heap.set(values.subarray(r * cols, (r + 1) * cols), base + r * stride);
}

/** Reads `rows x cols` values at `ptr` (rows `stride` floats apart) into a new array. */
function takeRows(heap: Float32Array, ptr: number, rows: number, cols: number, stride: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const base = ptr >> 2;
  if (cols === stride) out.set(heap.subarray(base, base + rows * cols));
  else for (let r = 0; r < rows; r++) out.set(heap.subarray(base + r * stride, base + r * stride + cols), r * cols);
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
    putRows(heap, px, input, rows, inputDim, ip);
    putRows(heap, pw, kernel, inputDim, units, up);
    if (bias !== null) heap.set(bias, pb >> 2);
    wasm.writeArgs(args, 'denseForward', { x: px, w: pw, b: bias === null ? 0 : pb, out: pout, rows: rp, inputDim: ip, units: up });
    wasm.exports.denseForward(args);
    return takeRows(wasm.heap, pout, rows, units, up);
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
    putRows(heap, px, input, rows, inputDim, ip);
    putRows(heap, pw, kernel, inputDim, units, up);
    putRows(heap, pd, d, rows, units, up);
    wasm.writeArgs(args, 'denseBackward', {
      x: px, w: pw, wT: pwT, d: pd, dw: pdw, db: dBias === null ? 0 : pdb, dx: needInputGradient ? pdx : 0, rows: rp, inputDim: ip, units: up,
    });
    wasm.exports.denseBackward(args);
    const out = wasm.heap;
    const dw = takeRows(out, pdw, inputDim, units, up);
    for (let q = 0; q < dw.length; q++) dKernel[q] += dw[q];
    if (dBias !== null) for (let j = 0; j < units; j++) dBias[j] += out[(pdb >> 2) + j];
    return needInputGradient ? takeRows(out, pdx, rows, inputDim, ip) : new Float32Array(0);
  });
}
