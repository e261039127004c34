/**
 * The fused GRU kernel's worker thread failing in every way a real one can (failing to
 * start, throwing inside a call, a real WebAssembly trap, exiting mid-call without a word,
 * disabled by GRULAB_FUSED_THREADS=1): training never hangs, goes on on the main thread
 * with one printed warning naming the cause, gives the same losses, and leaves no kernel
 * memory behind. Plus the hang of issue 15 run as a child process, and WebAssembly memory
 * staying flat over a train-and-predict loop.
 * The kernel is plumbing, so this file reaches into src/models/fused/ for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { createRng, gru, ready } from '../../../src/index';
import { gruSequenceFused } from '../../../src/internals';
import { loadKernelModule, type KernelModule } from '../../../src/models/fused/kernel-module';
import { KernelPool, type PoolOptions } from '../../../src/models/fused/worker-pool';
import { slotCount } from '../../../src/models/fused/kernel-calls';
import { projectRoot } from '../../helpers/paths';
import { adamStepLosses } from '../../helpers/train-steps';

const ROOT = projectRoot;

async function kernel(): Promise<KernelModule> {
  await ready();
  const wasm = loadKernelModule();
  assert.ok(wasm !== null, 'run `npm run build` first');
  return wasm;
}

/** Runs `fn` with console.warn captured; returns the warnings. */
async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

/** Losses of 3 Adam steps of GRU(8) -> Dense(1) on a batch of 16 (split across threads). */
function trainLosses(): Promise<number[]> {
  const model = tf.sequential({
    layers: [gru({ units: 8, inputShape: [10, 2], seed: 5 }), tf.layers.dense({ units: 1, kernelInitializer: 'ones' })],
  });
  return adamStepLosses(model, { shape: [16, 10, 2], seed: 'workers', steps: 3 });
}

function assertLossesClose(actual: number[], expected: number[]): void {
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-5 * Math.max(1, Math.abs(expected[i])), `loss ${i}: ${v} vs ${expected[i]}`));
}

/** Trains with a fresh pool made with `options`; returns losses, warnings and the memory left allocated. */
async function trainWith(wasm: KernelModule, options: PoolOptions | undefined): Promise<{ losses: number[]; warned: string[]; leftBytes: number }> {
  wasm.restartWorkers(options);
  const before = wasm.usage().bytesInUse;
  let losses: number[] = [];
  const warned = await warnings(async () => {
    losses = await trainLosses();
  });
  // one more forward pass without a tape frees any pass kept for a gradient
  tf.tidy(() => gruSequenceFused({
    x: tf.ones([1, 1, 1]), kernel: tf.ones([1, 3]), recurrentKernel: tf.ones([1, 3]), bias: null, resetAfter: true,
    activation: 'tanh', recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: false,
  }).output);
  await new Promise((resolve) => setTimeout(resolve, 100)); // let a stalled worker's exit free its memory
  return { losses, warned, leftBytes: wasm.usage().bytesInUse - before };
}

let oneThread: number[];

test('GRULAB_FUSED_THREADS=1 runs on the main thread only, with the same losses as two threads', async () => {
  const wasm = await kernel();
  const saved = process.env.GRULAB_FUSED_THREADS;
  process.env.GRULAB_FUSED_THREADS = '1';
  try {
    wasm.restartWorkers();
    assert.equal(wasm.workers(), null);
    oneThread = (await trainWith(wasm, undefined)).losses;
  } finally {
    if (saved === undefined) delete process.env.GRULAB_FUSED_THREADS;
    else process.env.GRULAB_FUSED_THREADS = saved;
  }
  wasm.restartWorkers();
  const pool = wasm.workers();
  assert.ok(pool !== null && pool.size === 1, 'two threads by default on this machine');
  const two = await trainWith(wasm, undefined);
  assert.deepEqual(two.warned, []);
  assertLossesClose(two.losses, oneThread);
  assert.equal(two.leftBytes, 0);
});

test('a call the worker has not taken yet runs on the main thread instead of waiting for it', async (t) => {
  const wasm = await kernel();
  // a worker that takes 300 ms to pick up each call, as one whose core is busy elsewhere: 3 steps (6 calls) would wait about 2 s for it
  const t0 = Date.now();
  const run = await trainWith(wasm, { faults: { slowClaimMs: 300 } });
  const elapsed = Date.now() - t0;
  const pool = wasm.workers();
  t.diagnostic(`3 training steps with a worker slow to wake: ${elapsed} ms, ${pool?.takenBack} calls taken back`);
  assert.deepEqual(run.warned, []);
  assertLossesClose(run.losses, oneThread);
  assert.equal(run.leftBytes, 0);
  assert.ok((pool?.takenBack ?? 0) >= 6, `calls taken back: ${pool?.takenBack}`);
  assert.ok(elapsed < 1_500, `took ${elapsed} ms`);
  // the worker, once awake, finds its calls done and carries on: it still takes a call it finds waiting
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.equal(pool?.broken, undefined);
  // without taking calls back, the same steps wait for the worker every time
  const t1 = Date.now();
  const waited = await trainWith(wasm, { faults: { slowClaimMs: 300 }, takeBack: false });
  assert.ok(Date.now() - t1 >= 6 * 300, `waiting for the worker took ${Date.now() - t1} ms`);
  assertLossesClose(waited.losses, oneThread);
  wasm.restartWorkers();
});

test('a worker that fails to start: one warning naming the cause, training goes on', async (t) => {
  const wasm = await kernel();
  const t0 = Date.now();
  const run = await trainWith(wasm, { faults: { start: true }, takeBack: false });
  t.diagnostic(`3 training steps with a worker that failed to start: ${Date.now() - t0} ms`);
  assert.equal(run.warned.length, 1, `warnings: ${run.warned.join(' | ')}`);
  assert.match(run.warned[0], /worker 0 failed to start: Error: injected start-up failure/);
  assert.match(run.warned[0], /main thread only/);
  assertLossesClose(run.losses, oneThread);
  assert.equal(run.leftBytes, 0);
  assert.ok(Date.now() - t0 < 20_000);
});

test('a worker that throws inside a kernel call: the call reruns on the main thread', async (t) => {
  const wasm = await kernel();
  const t0 = Date.now();
  const run = await trainWith(wasm, { faults: { throwOnCall: 2 }, takeBack: false }); // the first backward pass
  t.diagnostic(`3 training steps with a worker that threw in its second call: ${Date.now() - t0} ms`);
  assert.equal(run.warned.length, 1, `warnings: ${run.warned.join(' | ')}`);
  assert.match(run.warned[0], /worker 0 threw in gruBackward: Error: injected failure in kernel call 2/);
  assertLossesClose(run.losses, oneThread);
  assert.equal(run.leftBytes, 0);
});

test('a worker that exits mid-call without a word is detected by its stalled progress', async (t) => {
  const wasm = await kernel();
  const stallTimeoutMs = 300;
  const t0 = Date.now();
  const run = await trainWith(wasm, { faults: { exitOnCall: 3 }, stallTimeoutMs, takeBack: false });
  const elapsed = Date.now() - t0;
  assert.equal(run.warned.length, 1, `warnings: ${run.warned.join(' | ')}`);
  assert.match(run.warned[0], /worker 0 (made no progress for \d+ ms in gruForward|exited with code 3)/);
  assertLossesClose(run.losses, oneThread);
  assert.equal(run.leftBytes, 0, 'the stalled call\'s memory is freed once the worker has exited');
  t.diagnostic(`dead worker detected and training finished in ${elapsed} ms (stall bound ${stallTimeoutMs} ms): ${run.warned[0]}`);
});

test('a real WebAssembly trap in a worker comes back as an error with its message', async (t) => {
  const wasm = await kernel();
  const pool = new KernelPool(wasm.module, wasm.memory, 1);
  const args = wasm.alloc(slotCount('gruForward'));
  try {
    // a block whose input pointer lies 1 GiB past the memory's end
    wasm.writeArgs(args, 'gruForward', {
      x: 0x7ff00000, w: 0, u: 0, bx: 0, bh: 0, hs: 0, zs: 0, rs: 0, hhs: 0, rhs: 0, gx: 0, tmp: 0,
      steps: 1, bp: 4, dp: 4, up: 4, resetAfter: 1, act: 0, ract: 3, keep: 0, mask: 0,
    });
    const warned = await warnings(async () => {
      const t0 = Date.now();
      pool.start(0, 'gruForward', args);
      assert.throws(() => pool.wait(0), /worker 0 threw in gruForward: RuntimeError: memory access out of bounds/);
      t.diagnostic(`trap reported in ${Date.now() - t0} ms (worker start included)`);
    });
    assert.equal(warned.length, 1);
    assert.ok(pool.broken !== undefined);
  } finally {
    pool.terminate();
    wasm.release(args);
  }
});

test('the command from issue 15 prints "trained" instead of hanging', () => {
  const code = `
const L = await import("grulab"); const tf = await import("@tensorflow/tfjs");
const m = tf.sequential({ layers: [L.gru({ units: 16, inputShape: [20, 1] }), tf.layers.dense({ units: 1 })] });
m.compile({ optimizer: "adam", loss: "meanSquaredError" });
await m.trainOnBatch(tf.randomNormal([32, 20, 1]), tf.randomNormal([32, 1])); console.log("trained");`;
  for (const threads of [undefined, '1']) {
    const env = { ...process.env };
    if (threads === undefined) delete env.GRULAB_FUSED_THREADS;
    else env.GRULAB_FUSED_THREADS = threads;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.signal, null, `timed out (GRULAB_FUSED_THREADS=${threads}): ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^trained$/m);
    assert.doesNotMatch(run.stderr, /grulab: the fused GRU kernel/);
  }
});

test('WebAssembly memory stays flat over a train-and-predict loop, and a pass whose gradient is never taken is freed', async (t) => {
  const wasm = await kernel();
  wasm.restartWorkers();
  const model = tf.sequential({ layers: [gru({ units: 12, returnSequences: true, inputShape: [15, 3], seed: 1 }), gru({ units: 6, seed: 2 }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const rng = createRng('flat');
  const x = tf.tensor3d(Float32Array.from({ length: 24 * 15 * 3 }, () => rng.normal()), [24, 15, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: 24 }, () => rng.normal()), [24, 1]);
  const step = async (): Promise<void> => {
    await model.trainOnBatch(x, y);
    tf.dispose(model.predict(x) as tf.Tensor);
  };
  for (let i = 0; i < 3; i++) await step();
  const start = wasm.usage();
  for (let i = 0; i < 40; i++) await step();
  const end = wasm.usage();
  t.diagnostic(`after 3 and 43 iterations: memory ${start.memoryBytes} -> ${end.memoryBytes} bytes, high-water ${start.highWaterBytes} -> ${end.highWaterBytes}, in use ${start.bytesInUse} -> ${end.bytesInUse}`);
  assert.equal(end.memoryBytes, start.memoryBytes);
  assert.equal(end.highWaterBytes, start.highWaterBytes);
  assert.equal(end.bytesInUse, start.bytesInUse);

  // a forward pass recorded for a gradient that is never taken (its output is not in the loss)
  const layer = model.layers[0];
  const inUse = wasm.usage().bytesInUse;
  const grads = tf.variableGrads(() => {
    layer.apply(x); // kept for a backward pass that never comes
    return tf.sum(model.layers[2].getWeights()[0]) as tf.Scalar;
  });
  tf.dispose(grads.grads);
  tf.dispose(grads.value);
  assert.ok(wasm.usage().bytesInUse > inUse, 'the pass is kept while its tape may still be replayed');
  tf.dispose(model.predict(x) as tf.Tensor); // the next kernel call frees it, no garbage collection needed
  assert.equal(wasm.usage().bytesInUse, inUse);
  model.dispose();
  tf.dispose([x, y]);
});

test('a forward pass that fails part-way (kernel memory limit) gives back what it had allocated', async () => {
  const wasm = await kernel();
  const inUse = wasm.usage().bytesInUse;
  const units = 2048;
  const args = {
    x: tf.zeros([16, 2000, 1]) as tf.Tensor3D, kernel: tf.zeros([1, 3 * units]) as tf.Tensor2D,
    recurrentKernel: tf.zeros([units, 3 * units]) as tf.Tensor2D, bias: null, resetAfter: true,
    activation: 'tanh' as const, recurrentActivation: 'sigmoid' as const, goBackwards: false, returnSequences: false,
  };
  // with a tape recording, the gates of 2000 steps x 16 x 2048 units need more than the 1 GiB limit
  assert.throws(() => tf.grads((k: tf.Tensor) => tf.sum(gruSequenceFused({ ...args, kernel: k as tf.Tensor2D }).output))([args.kernel]),
    /the kernel needs \d+ more bytes, beyond its \d+ byte limit; use smaller batches/);
  assert.equal(wasm.usage().bytesInUse, inUse);
  tf.dispose([args.x, args.kernel, args.recurrentKernel]);
});
