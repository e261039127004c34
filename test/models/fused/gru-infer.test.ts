/**
 * The fused GRU's inference pass (no gradient tape: `model.predict`) against its recorded
 * forward pass (inside `tf.grads`, the pass training uses): the same output and last state
 * to the last bit, for every option, with masks, initial states, batches split across the
 * two threads and unit counts that are not multiples of 4; nothing left in kernel memory
 * and no tensor leaked. (test/fused.test.ts compares both with the op-by-op reference.)
 * Needs `npm run build` first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createRng, gru, ready } from '../../../src/index';
import { fusedKernelMemory, gruSequenceFused, type GruSequenceArgs } from '../../../src/internals';
import { loadKernelModule } from '../../../src/models/fused/kernel-module';
import { type GruCase, makeGruArgs, randomTensor } from '../../helpers/gru-cases';

type Case = GruCase;
const makeArgs = makeGruArgs;

function tensorsOf(args: GruSequenceArgs): tf.Tensor[] {
  return [args.x, args.kernel, args.recurrentKernel, args.bias, args.initialState, args.mask].filter((t): t is tf.Tensor => t != null);
}

/** Output and last state of the pass recorded for a gradient, and of the inference pass. */
function bothPasses(args: GruSequenceArgs): { recorded: Float32Array[]; inferred: Float32Array[] } {
  let recorded: Float32Array[] = [];
  const grad = tf.grad((kernel: tf.Tensor) => {
    const r = gruSequenceFused({ ...args, kernel: kernel as tf.Tensor2D });
    recorded = [r.output.dataSync() as Float32Array, r.lastState.dataSync() as Float32Array].map((a) => Float32Array.from(a));
    return tf.sum(r.output);
  })(args.kernel);
  grad.dispose();
  const inferred = tf.tidy(() => {
    const r = gruSequenceFused(args);
    return [r.output.dataSync() as Float32Array, r.lastState.dataSync() as Float32Array].map((a) => Float32Array.from(a));
  });
  return { recorded, inferred };
}

const BASE: Case = {
  batch: 3, steps: 5, inputDim: 2, units: 7, resetAfter: true, returnSequences: true, goBackwards: false,
  activation: 'tanh', bias: true, initialState: false, 
};

test('fused GRU inference equals the recorded forward pass bit for bit, for every option', async () => {
  await ready();
  const rng = createRng('fused-infer');
  const variants: Array<Partial<Case>> = [
    {},
    { returnSequences: false },
    { resetAfter: false },
    { resetAfter: false, returnSequences: false, goBackwards: true },
    { goBackwards: true, initialState: true },
    { bias: false, activation: 'relu' },
    { mask: 'lengths' },
    { mask: 'lengths', goBackwards: true, returnSequences: false, initialState: true },
    { mask: 'lengths', resetAfter: false, initialState: true },
    // lesson 04's layers: one input, 50 units (not a multiple of 4), split across threads 16 + 16
    { batch: 32, steps: 20, inputDim: 1, units: 50 },
    { batch: 32, steps: 20, inputDim: 50, units: 50, returnSequences: false },
    // 12 + 5 samples, an odd number of steps (the state ends in the second buffer)
    { batch: 17, steps: 7, inputDim: 3, units: 9, mask: 'lengths', resetAfter: false },
    { batch: 9, steps: 1, inputDim: 1, units: 1 },
    { batch: 1, steps: 3, inputDim: 6, units: 8, goBackwards: true },
  ];
  for (const v of variants) {
    const c = { ...BASE, ...v };
    const args = makeArgs(rng, c);
    const { recorded, inferred } = bothPasses(args);
    const label = JSON.stringify(v);
    assert.deepEqual(inferred[0], recorded[0], `${label}: output`);
    assert.deepEqual(inferred[1], recorded[1], `${label}: last state`);
    tf.dispose(tensorsOf(args));
  }
});

test('fused GRU inference keeps nothing in kernel memory and leaks no tensor', async () => {
  await ready();
  const args = makeArgs(createRng('fused-infer-memory'), { ...BASE, batch: 12, mask: 'lengths', initialState: true });
  const kernelBefore = fusedKernelMemory()!.inUseBytes;
  const tensorsBefore = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.dispose(tf.tidy(() => gruSequenceFused(args).output));
    const r = gruSequenceFused({ ...args, returnSequences: false });
    tf.dispose([r.output, r.lastState]);
  }
  assert.equal(fusedKernelMemory()!.inUseBytes, kernelBefore);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  tf.dispose(tensorsOf(args));
});

test('model.predict through the inference pass gives what a recorded call of the same model gives', async () => {
  await ready();
  const model = tf.sequential({
    layers: [
      gru({ units: 50, returnSequences: true, inputShape: [30, 1], seed: 1 }),
      gru({ units: 50, seed: 2 }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const x = randomTensor(createRng('fused-infer-model'), [32, 30, 1], 1);
  const predicted = tf.tidy(() => Float32Array.from((model.predict(x) as tf.Tensor).dataSync()));
  let recorded = new Float32Array(0);
  const grads = tf.variableGrads(() => {
    const y = model.apply(x) as tf.Tensor;
    recorded = Float32Array.from(y.dataSync());
    return tf.sum(y) as tf.Scalar;
  });
  tf.dispose([grads.value, ...Object.values(grads.grads)]);
  assert.deepEqual(predicted, recorded);
  tf.dispose(x);
  model.dispose();
});

test('fused GRU inference reads and makes tensors on the cpu backend too (copies there, views only on wasm)', async () => {
  await ready();
  const c = { ...BASE, batch: 10, steps: 6, units: 9, initialState: true };
  const args = makeArgs(createRng('fused-infer-cpu'), c);
  const onWasm = tf.tidy(() => Float32Array.from(gruSequenceFused(args).output.dataSync()));
  const values = tensorsOf(args).map((t) => ({ values: Float32Array.from(t.dataSync()), shape: t.shape }));
  tf.dispose(tensorsOf(args));
  await tf.setBackend('cpu');
  try {
    const [x, kernel, recurrentKernel, bias, initialState] = values.map((v) => tf.tensor(v.values, v.shape));
    const cpuArgs = { ...args, x: x as tf.Tensor3D, kernel: kernel as tf.Tensor2D, recurrentKernel: recurrentKernel as tf.Tensor2D, bias, initialState: initialState as tf.Tensor2D };
    const first = gruSequenceFused(cpuArgs);
    // a second run reuses the kernel memory the first one's outputs came from: they must be copies
    const second = gruSequenceFused({ ...cpuArgs, x: tf.zerosLike(x) as tf.Tensor3D });
    assert.deepEqual(Float32Array.from(first.output.dataSync()), onWasm);
    assert.notDeepEqual(Float32Array.from(second.output.dataSync()), onWasm);
    tf.dispose([x, kernel, recurrentKernel, bias, initialState, first.output, first.lastState, second.output, second.lastState]);
  } finally {
    await tf.setBackend('wasm');
  }
});

test('a worker that throws in the inference pass: the pass reruns on this thread, same output, memory given back', async (t) => {
  await ready();
  const wasm = loadKernelModule()!;
  const args = makeArgs(createRng('fused-infer-worker'), { ...BASE, batch: 16, steps: 6, units: 9 });
  const run = (): Float32Array => tf.tidy(() => Float32Array.from(gruSequenceFused(args).output.dataSync()));
  const expected = run();
  const before = wasm.usage().bytesInUse;
  const warned: string[] = [];
  t.mock.method(console, 'warn', (message: string) => void warned.push(message));
  wasm.restartWorkers({ faults: { throwOnCall: 1 }, takeBack: false });
  try {
    assert.deepEqual(run(), expected);
    assert.equal(warned.length, 1);
    assert.match(warned[0], /worker 0 threw in gruInfer: Error: injected failure in kernel call 1/);
  } finally {
    wasm.restartWorkers();
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the failed worker's exit frees what it may have written
  assert.equal(wasm.usage().bytesInUse, before);
  tf.dispose(tensorsOf(args));
});
