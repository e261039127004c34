/**
 * The fused WebAssembly GRU against the op-by-op TensorFlow.js reference
 * (gruSequenceReference, differentiated by tf.grads): outputs within 1e-5 and gradients
 * within 1e-4 relative (to the largest magnitude of the reference tensor), on random
 * shapes and every supported setting; plus shapes and tensor-leak checks.
 * Needs `npm run build` first (it compiles the kernel into dist/models/fused/kernels.wasm).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, gru, ready, type Rng } from '../../../src/index';
import {
  fusedGruSupported, fusedKernelMemory, gruSequenceFused, gruSequenceReference, type GruSequenceArgs, type GruSequenceResult,
  resetFusedKernelPeak,
} from '../../../src/internals';
import { type GruCase, makeGruArgs, randomTensor } from '../../helpers/gru-cases';
import { projectRoot } from '../../helpers/paths';
import { adamStepLosses, withFused } from '../../helpers/train-steps';

type Case = GruCase;
const makeArgs = makeGruArgs;

function inputsOf(args: GruSequenceArgs): tf.Tensor[] {
  const list: Array<tf.Tensor | null | undefined> = [args.x, args.kernel, args.recurrentKernel, args.bias, args.initialState];
  return list.filter((t): t is tf.Tensor => t != null);
}

/** Output and gradients of sum(output * weights) w.r.t. every input tensor. */
function outputAndGrads(
  run: (args: GruSequenceArgs) => GruSequenceResult, args: GruSequenceArgs, weights: tf.Tensor,
): { output: Float32Array; grads: Float32Array[] } {
  const inputs = inputsOf(args);
  const loss = (...ts: tf.Tensor[]): tf.Scalar => {
    const [x, kernel, recurrentKernel] = ts;
    let i = 3;
    const bias = args.bias != null ? ts[i++] : null;
    const initialState = args.initialState != null ? (ts[i++] as tf.Tensor2D) : undefined;
    const out = run({ ...args, x: x as tf.Tensor3D, kernel: kernel as tf.Tensor2D,
      recurrentKernel: recurrentKernel as tf.Tensor2D, bias, initialState }).output;
    return tf.sum(tf.mul(out, weights));
  };
  const grads = tf.grads(loss)(inputs);
  const output = tf.tidy(() => run(args).output.dataSync() as Float32Array);
  const result = { output: Float32Array.from(output), grads: grads.map((g) => Float32Array.from(g.dataSync())) };
  tf.dispose(grads);
  return result;
}

function maxAbs(a: Float32Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

function assertClose(actual: Float32Array, expected: Float32Array, rel: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const scale = Math.max(maxAbs(expected), 1e-6);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  assert.ok(worst <= rel, `${what}: max error ${worst.toExponential(2)} (relative to ${scale.toExponential(2)}) > ${rel}`);
}

const NAMES = ['x', 'kernel', 'recurrentKernel', 'bias', 'initialState'];

function checkCase(rng: Rng, c: Case): void {
  const args = makeArgs(rng, c);
  assert.ok(fusedGruSupported(args), 'fusedGruSupported should accept these arguments');
  const outShape = c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units];
  const weights = randomTensor(rng, outShape, 1);
  const label = JSON.stringify(c);
  let ref: { output: Float32Array; grads: Float32Array[] };
  try {
    ref = outputAndGrads(gruSequenceReference, args, weights);
  } catch (err) {
    throw new Error(`${label}: reference failed: ${String(err)}`);
  }
  const fused = outputAndGrads(gruSequenceFused, args, weights);
  // outputs are O(1): absolute 1e-5 on values bounded by about 1
  assertClose(fused.output, ref.output, 1e-5, `${label} output`);
  const names = NAMES.filter((n) => n === 'x' || n === 'kernel' || n === 'recurrentKernel'
    || (n === 'bias' && c.bias) || (n === 'initialState' && c.initialState));
  fused.grads.forEach((g, i) => assertClose(g, ref.grads[i], 1e-4, `${label} d${names[i]}`));
  tf.dispose([...inputsOf(args), weights]);
  if (args.mask !== undefined) args.mask.dispose();
}

const BASE: Case = {
  batch: 3, steps: 5, inputDim: 2, units: 7, resetAfter: true, returnSequences: true, goBackwards: false,
  activation: 'tanh', recurrentActivation: 'sigmoid', bias: true, initialState: false,
};

test('fused GRU matches the reference on edge shapes', async () => {
  await ready();
  const rng = createRng('fused-shapes');
  const shapes: Array<Partial<Case>> = [
    { batch: 1, steps: 1, inputDim: 1, units: 1 },
    { batch: 1, steps: 4, inputDim: 1, units: 50 },
    { batch: 2, steps: 1, inputDim: 3, units: 7 },
    { batch: 5, steps: 6, inputDim: 50, units: 50 },
    { batch: 4, steps: 3, inputDim: 9, units: 16 },
    // batches of 8 or more are split across threads: 8 + 5 samples
    { batch: 13, steps: 4, inputDim: 3, units: 10 },
  ];
  for (const shape of shapes) {
    for (const resetAfter of [true, false]) {
      for (const returnSequences of [true, false]) checkCase(rng, { ...BASE, ...shape, resetAfter, returnSequences });
    }
  }
});

test('fused GRU matches the reference for every option', async () => {
  await ready();
  const rng = createRng('fused-options');
  const variants: Array<Partial<Case>> = [
    { goBackwards: true },
    { goBackwards: true, returnSequences: false, resetAfter: false },
    { activation: 'relu' },
    { activation: 'linear', resetAfter: false },
    { recurrentActivation: 'hardSigmoid' },
    { recurrentActivation: 'hardSigmoid', resetAfter: false, activation: 'relu' },
    { bias: false },
    { bias: false, resetAfter: false },
    { initialState: true },
    { initialState: true, resetAfter: false, goBackwards: true },
  ];
  for (const v of variants) checkCase(rng, { ...BASE, ...v });
});

test('fused GRU matches the reference with masks (right-padded and arbitrary), backwards, from a given state', async () => {
  await ready();
  const rng = createRng('fused-masks');
  const variants: Array<Partial<Case>> = [
    { mask: 'lengths' },
    { mask: 'lengths', returnSequences: false },
    { mask: 'lengths', goBackwards: true },
    { mask: 'lengths', goBackwards: true, returnSequences: false, initialState: true },
    { mask: 'lengths', resetAfter: false, initialState: true },
    { mask: 'random', resetAfter: false, goBackwards: true },
    { mask: 'random', initialState: true, activation: 'relu' },
    // split across two threads: 12 + 5 samples
    { mask: 'lengths', batch: 17, steps: 6, units: 9, initialState: true },
    { mask: 'random', batch: 17, steps: 6, units: 9, resetAfter: false, goBackwards: true },
  ];
  for (const v of variants) checkCase(rng, { ...BASE, ...v });
});

test('fused GRU matches the reference on random shapes', async () => {
  await ready();
  const rng = createRng('fused-random');
  for (let i = 0; i < 8; i++) {
    checkCase(rng, {
      ...BASE,
      batch: 1 + rng.int(9), steps: 1 + rng.int(8), inputDim: 1 + rng.int(12), units: 1 + rng.int(20),
      resetAfter: rng.uniform() < 0.5, returnSequences: rng.uniform() < 0.5, goBackwards: rng.uniform() < 0.3,
      initialState: rng.uniform() < 0.3, mask: rng.uniform() < 0.3 ? 'lengths' : undefined,
    });
  }
});

test('fused GRU output shapes', async () => {
  await ready();
  const args = makeArgs(createRng(1), { ...BASE, batch: 2, steps: 4, units: 6 });
  const seq = gruSequenceFused(args);
  assert.deepEqual(seq.output.shape, [2, 4, 6]);
  assert.deepEqual(seq.lastState.shape, [2, 6]);
  const last = gruSequenceFused({ ...args, returnSequences: false });
  assert.deepEqual(last.output.shape, [2, 6]);
  assert.deepEqual(Array.from(last.lastState.dataSync()), Array.from(seq.lastState.dataSync()));
  tf.dispose([seq.output, seq.lastState, last.output, ...inputsOf(args)]);
});

test('fused GRU refuses unsupported arguments', async () => {
  await ready();
  const args = makeArgs(createRng(2), BASE);
  assert.equal(fusedGruSupported({ ...args, x: tf.cast(args.x, 'int32') as tf.Tensor3D }), false);
  assert.equal(fusedGruSupported({ ...args, bias: tf.zeros([3 * BASE.units]) }), false);
  assert.throws(() => gruSequenceFused({ ...args, kernel: tf.zeros([5, 3]) as tf.Tensor2D }), /kernel must be/);
  tf.dispose(inputsOf(args));
});

test('fused GRU leaks no tensors (forward, gradients, training step)', async () => {
  await ready();
  const args = makeArgs(createRng(3), { ...BASE, initialState: true });
  const before = tf.memory().numTensors;
  tf.dispose(tf.tidy(() => gruSequenceFused(args).output));
  tf.dispose(tf.tidy(() => gruSequenceFused(args).lastState));
  const grads = tf.grads((k: tf.Tensor) => tf.sum(gruSequenceFused({ ...args, kernel: k as tf.Tensor2D }).output))([args.kernel]);
  tf.dispose(grads);
  const kernel = tf.variable(args.kernel);
  const optimizer = tf.train.adam(0.01);
  const afterVariable = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    optimizer.minimize(() => tf.sum(gruSequenceFused({ ...args, kernel }).output) as tf.Scalar)?.dispose();
  }
  // Adam keeps two slots (first and second moments) for the one variable; a tensor leaked
  // per step would make this 3 or more.
  const optimizerState = tf.memory().numTensors - afterVariable;
  optimizer.dispose();
  kernel.dispose();
  assert.equal(optimizerState, 2);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(inputsOf(args));
});

/** Losses of 4 Adam steps of GRU(7, returnSequences) -> GRU(5) -> Dense(1) with fixed seeds. */
function trainLosses(fused: boolean): Promise<number[]> {
  return withFused(fused, () => {
    const model = tf.sequential();
    model.add(gru({ units: 7, returnSequences: true, inputShape: [6, 2], seed: 11 }));
    model.add(gru({ units: 5, seed: 12 }));
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.constant({ value: 0.1 }) }));
    return adamStepLosses(model, { shape: [10, 6, 2], seed: 'fused-fit', steps: 4 });
  });
}

test('model training with the fused kernel follows the reference path', async () => {
  await ready();
  const before = tf.memory().numTensors;
  const fused = await trainLosses(true);
  const reference = await trainLosses(false);
  assert.ok(fused[3] < fused[0], `loss should fall: ${fused}`);
  assertClose(Float32Array.from(fused), Float32Array.from(reference), 1e-4, 'losses');
  assert.equal(tf.memory().numTensors, before);
});

test('fusedKernelMemory: a training step keeps every step\'s gates in kernel memory and frees them after', async () => {
  await ready();
  const rng = createRng('memory');
  const [batch, steps, inputDim, units] = [4, 10, 3, 4];
  const x = randomTensor(rng, [batch, steps, inputDim], 1);
  const kernel = randomTensor(rng, [inputDim, 3 * units], 0.5);
  const recurrentKernel = randomTensor(rng, [units, 3 * units], 0.5);
  const before = fusedKernelMemory();
  assert.ok(before !== null, 'the kernel loads');
  resetFusedKernelPeak();
  const grad = tf.grad((k: tf.Tensor) => {
    const { output } = gruSequenceFused({
      x: x as tf.Tensor3D, kernel: k as tf.Tensor2D, recurrentKernel: recurrentKernel as tf.Tensor2D, bias: null, resetAfter: true, activation: 'tanh',
      recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: false,
    });
    return output.sum();
  })(kernel);
  const after = fusedKernelMemory()!;
  // At least the four saved gate arrays (z, r, candidate, reset product) of every step, in float32.
  assert.ok(after.peakBytes - before.inUseBytes >= 4 * steps * batch * units * 4, `peak ${after.peakBytes}, before ${before.inUseBytes}`);
  assert.equal(after.inUseBytes, before.inUseBytes, 'the backward pass frees what the forward pass kept');
  assert.ok(after.reservedBytes >= after.peakBytes);
  tf.dispose([x, kernel, recurrentKernel, grad]);
});

test('kernel argument blocks are checked by the compiler: a missing, foreign or kernel-written slot does not compile', () => {
  // test/fixtures/fused/argument-blocks.ts marks each wrong block with @ts-expect-error;
  // tsc fails on any marked line that compiles, and on the correct block if it does not
  const root = projectRoot;
  const run = spawnSync(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--skipLibCheck', '--target', 'ES2022',
    '--module', 'commonjs', '--moduleResolution', 'node', '--types', 'node', join(root, 'test', 'fixtures', 'fused', 'argument-blocks.ts'),
  ], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
