/**
 * Lesson 04's full training with the fused GRU (grulab's `fit`, batch 32, as notebook 04 trains), run by `npm run bench`
 * in a process of its own so its peak memory is its own: the TensorFlow.js wasm backend's
 * memory never shrinks, so in the benchmark's process it would still hold the peak of the
 * op-by-op rows measured before. Prints one JSON line: wall time and peak memory (RSS, the
 * fused kernels' WebAssembly memory, the backend's), sampled after every batch.
 *
 * Usage: node --import tsx test/bench/lesson04-training.ts [epochs]
 */
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../src/index';
import { loadKernelModule } from '../../src/models/fused/kernel-module';
import { LESSON04, lesson04Data, lesson04Model, memoryNow, timeFit } from './models';

async function main(): Promise<void> {
  await ready();
  const wasm = loadKernelModule();
  if (wasm === null) throw new Error('lesson04-training: the fused kernel is not available');
  const epochs = Number(process.argv[2] ?? LESSON04.epochs);
  const data = lesson04Data();
  const kernelBytes = (): number => wasm.memory.buffer.byteLength;
  const peak = memoryNow(kernelBytes);
  const sample = (): void => {
    const now = memoryNow(kernelBytes);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.kernelWasm = Math.max(peak.kernelWasm, now.kernelWasm);
    peak.backendWasm = Math.max(peak.backendWasm, now.backendWasm);
  };
  const model = lesson04Model('fused');
  const wallMs = await timeFit(model, data.x, data.y, epochs, LESSON04.batch, { sample }, 'grulab.fit');
  model.dispose();
  tf.dispose([data.x, data.y]);
  console.log(JSON.stringify({ epochs, wallMs, peakMemoryBytes: peak }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
