/**
 * The dense kernels the fused training step runs for the head and the highway, on sizes
 * that are not multiples of 4 (the host pads them): forward, the kernel's, bias's and
 * input's gradients against plain double-precision loops, and no kernel memory left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/index';
import { loadKernelModule } from '../../../src/models/fused/kernel-module';
import { denseBackwardWasm, denseForwardWasm } from '../../../src/training/fused-step/dense-host';

const random = (n: number, rng: { uniform: () => number }): Float32Array => Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);

test('denseForwardWasm and denseBackwardWasm match plain loops on odd sizes, and release their memory', () => {
  const loaded = loadKernelModule();
  if (loaded === null) throw new Error('the kernel module does not load');
  const wasm = loaded;
  const rng = createRng(3);
  for (const [rows, inputDim, units] of [[5, 7, 3], [64, 168, 48], [1, 1, 1], [9, 13, 10]]) {
    const input = random(rows * inputDim, rng);
    const kernel = random(inputDim * units, rng);
    const bias = random(units, rng);
    const d = random(rows * units, rng);
    const before: number = wasm.usage().bytesInUse;
    const out = denseForwardWasm(wasm, { input, rows, inputDim }, units, kernel, bias);
    const dKernel = new Float32Array(inputDim * units).fill(0.5); // accumulated into
    const dBias = new Float32Array(units).fill(0.25);
    const dInput = denseBackwardWasm(wasm, { input, rows, inputDim }, d, units, kernel, dKernel, dBias, true);
    assert.equal(wasm.usage().bytesInUse, before, `${rows}x${inputDim}x${units}: no kernel memory left behind`);
    const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b)), `${rows}x${inputDim}x${units} ${what}: ${a} against ${b}`);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < units; j++) {
        let s = bias[j];
        for (let i = 0; i < inputDim; i++) s += input[r * inputDim + i] * kernel[i * units + j];
        close(out[r * units + j], s, `out[${r}, ${j}]`);
      }
      for (let i = 0; i < inputDim; i++) {
        let s = 0;
        for (let j = 0; j < units; j++) s += d[r * units + j] * kernel[i * units + j];
        close(dInput[r * inputDim + i], s, `dInput[${r}, ${i}]`);
      }
    }
    for (let i = 0; i < inputDim; i++) {
      for (let j = 0; j < units; j++) {
        let s = 0.5;
        for (let r = 0; r < rows; r++) s += input[r * inputDim + i] * d[r * units + j];
        close(dKernel[i * units + j], s, `dKernel[${i}, ${j}]`);
      }
    }
    for (let j = 0; j < units; j++) {
      let s = 0.25;
      for (let r = 0; r < rows; r++) s += d[r * units + j];
      close(dBias[j], s, `dBias[${j}]`);
    }
    assert.equal(denseBackwardWasm(wasm, { input, rows, inputDim }, d, units, kernel, new Float32Array(inputDim * units), null, false).length, 0, 'no input gradient when not asked');
  }
});
