/**
 * The fused LSTM and SimpleRNN kernels against TF.js's op-by-op layers on every option the
 * kernels take, the cases that must fall back to the op-by-op path, training, leaks (tensors
 * and the kernel's WebAssembly memory) and serialization. Expected values come from the same
 * layer run op by op (`setFused(false)`); PyTorch parity is in models-parity-cells.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createRng, lstm, ready, type RecurrentActivation, simpleRNN, withSeed } from '../../../src/index';
import { setFused } from '../../../src/internals';
import { loadKernelModule, kernelUsesFma } from '../../../src/models/fused/kernel-module';
import { adamStepLosses, withFused } from '../../helpers/train-steps';

type Kind = 'lstm' | 'rnn';

interface Options {
  units: number;
  returnSequences?: boolean;
  goBackwards?: boolean;
  returnState?: boolean;
  useBias?: boolean;
  activation?: RecurrentActivation;
  recurrentActivation?: RecurrentActivation;
  dropout?: number;
  inputShape: number[];
}

function layerOf(kind: Kind, options: Options, seed: number): tf.RNN {
  return withSeed(seed, () => {
    if (kind === 'lstm') return lstm(options);
    const { recurrentActivation: _unused, ...rest } = options;
    return simpleRNN(rest);
  });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

/** Outputs and gradients (x and every weight) of sum(outputs * ramp), with the fused kernels on or off. */
function outputsAndGrads(model: tf.LayersModel, x: tf.Tensor, fused: boolean, training = true): Float32Array[] {
  setFused(fused);
  try {
    return tf.tidy(() => {
      const loss = (xs: tf.Tensor): tf.Scalar => {
        const outs = [model.apply(xs, { training })].flat() as tf.Tensor[];
        return tf.addN(outs.map((o) => tf.sum(tf.mul(o, tf.reshape(tf.linspace(-1, 1, o.size), o.shape))))) as tf.Scalar;
      };
      const outs = [model.predict(x)].flat() as tf.Tensor[];
      const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => loss(x), vars);
      const dx = tf.grad(loss)(x);
      return [...outs, dx, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
    });
  } finally {
    setFused(true);
  }
}

function compare(kind: Kind, options: Options, batch: number, label: string, training = true, scale = 1, gradTolerance = 1e-5): void {
  const [steps, inputDim] = options.inputShape;
  const input = tf.input({ shape: [steps, inputDim] });
  // the functional API, as a layer with returnState has several outputs
  const model = tf.model({ inputs: input, outputs: layerOf(kind, options, 5).apply(input) as tf.SymbolicTensor[] });
  const rng = createRng(label);
  const x = tf.tensor3d(Float32Array.from({ length: batch * steps * inputDim }, () => scale * rng.normal()), [batch, steps, inputDim]);
  const fused = outputsAndGrads(model, x, true, training);
  const reference = outputsAndGrads(model, x, false, training);
  assert.equal(fused.length, reference.length);
  const outputs = model.outputs.length;
  fused.forEach((f, i) => {
    assert.equal(f.length, reference[i].length, `${label}: result ${i} has ${f.length} values, op by op ${reference[i].length}`);
    const d = maxDiff(f, reference[i]);
    const tolerance = i < outputs ? 1e-5 : gradTolerance;
    assert.ok(d <= tolerance, `${label}: result ${i} differs from the op-by-op path by ${d} (tolerance ${tolerance})`);
  });
  model.dispose();
  x.dispose();
}

test('fused LSTM and SimpleRNN match the op-by-op layers on every option', async () => {
  await ready();
  const before = tf.memory().numTensors;
  const activations: RecurrentActivation[] = ['tanh', 'relu', 'sigmoid', 'linear'];
  let n = 0;
  for (const kind of ['lstm', 'rnn'] as const) {
    for (const activation of activations) {
      for (const [returnSequences, goBackwards, useBias] of [[false, false, true], [true, true, false], [true, false, true]]) {
        const recurrentActivation: RecurrentActivation = n % 3 === 0 ? 'tanh' : 'sigmoid';
        const batch = [1, 5, 8, 17][n % 4]; // 8 and 17 are split across the worker thread
        const options = { units: [1, 6, 9][n % 3], returnSequences, goBackwards, useBias, activation, recurrentActivation, inputShape: [4, 1 + (n % 5)] };
        compare(kind, options, batch, `${kind} ${JSON.stringify(options)} batch ${batch}`);
        n++;
      }
    }
  }
  assert.equal(tf.memory().numTensors, before);
});

test('fused LSTM and SimpleRNN match the op-by-op layers with saturated gates (inputs x 25)', async () => {
  await ready();
  // The kernels' tanh and sigmoid are rational approximations clamped at |x| = 9, within 3e-7 of
  // the exact values (float32 rounding alone is 6e-8 near ±1). Saturated, the derivative
  // 1 - h² is tiny and that absolute error weighs: outputs still agree to 1e-5, gradients to
  // 1e-4 relative (the PyTorch parity tolerance) instead of 1e-5.
  compare('lstm', { units: 6, returnSequences: true, inputShape: [5, 3] }, 9, 'lstm saturated', true, 25, 1e-4);
  compare('rnn', { units: 6, returnSequences: true, inputShape: [5, 3] }, 9, 'rnn saturated', true, 25, 1e-4);
});

test('fused SimpleRNN returns its state; LSTM returnState, hardSigmoid and dropout run op by op with the same numbers', async () => {
  await ready();
  const before = tf.memory().numTensors;
  compare('rnn', { units: 5, returnState: true, returnSequences: true, inputShape: [4, 2] }, 9, 'rnn returnState');
  compare('lstm', { units: 5, returnState: true, inputShape: [4, 2] }, 9, 'lstm returnState (op by op)');
  compare('lstm', { units: 5, recurrentActivation: 'hardSigmoid', inputShape: [4, 2] }, 3, 'lstm hardSigmoid (op by op)');
  // dropout: op by op while training, fused at inference (where dropout does nothing)
  assert.equal(tf.memory().numTensors, before);
  compare('lstm', { units: 5, dropout: 0.3, inputShape: [4, 2] }, 3, 'lstm dropout (inference)', false);
  // TF.js's op-by-op LSTM cell keeps its 4 dropout masks after a call (tfjs-layers' own leak)
  assert.ok(tf.memory().numTensors - before <= 4);
});

/** Losses of 4 Adam steps of LSTM(7, returnSequences) -> SimpleRNN(5) -> Dense(1) with fixed seeds. */
function trainLosses(fused: boolean): Promise<number[]> {
  return withFused(fused, () => {
    const model = tf.sequential();
    model.add(layerOf('lstm', { units: 7, returnSequences: true, inputShape: [6, 2] }, 11));
    model.add(layerOf('rnn', { units: 5, inputShape: [6, 7] }, 12));
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.constant({ value: 0.1 }) }));
    return adamStepLosses(model, { shape: [10, 6, 2], seed: 'fused-cells-fit', steps: 4 });
  });
}

test('training with the fused LSTM and SimpleRNN follows the op-by-op path and leaks nothing', async () => {
  await ready();
  const before = tf.memory().numTensors;
  const fused = await trainLosses(true);
  const reference = await trainLosses(false);
  assert.ok(fused[3] < fused[0], `loss should fall: ${fused}`);
  assert.ok(maxDiff(fused, reference) <= 1e-4, `losses ${fused} vs ${reference}`);
  assert.equal(tf.memory().numTensors, before);
  // the kernel's memory: every buffer of a training step goes back to the allocator
  const wasm = loadKernelModule();
  assert.ok(wasm !== null);
  await trainLosses(true);
  const bytes = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 3; i++) await trainLosses(true);
  assert.equal(wasm.memory.buffer.byteLength, bytes, 'the WebAssembly memory grew: buffers are not released');
});

test('fused LSTM and SimpleRNN layers serialize and load as themselves', async () => {
  await ready();
  const model = tf.sequential();
  model.add(layerOf('lstm', { units: 4, returnSequences: true, inputShape: [3, 2] }, 1));
  model.add(layerOf('rnn', { units: 3, inputShape: [3, 4] }, 2));
  const json = JSON.stringify(model.toJSON(null, false));
  assert.match(json, /"class_name":"GrulabLSTM"/);
  assert.match(json, /"class_name":"GrulabSimpleRNN"/);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  assert.equal(loaded.layers[0].getClassName(), 'GrulabLSTM');
  const x = tf.ones([2, 3, 2]);
  const a = (model.predict(x) as tf.Tensor).dataSync();
  const b = (loaded.predict(x) as tf.Tensor).dataSync();
  assert.ok(maxDiff(a, b) === 0);
  tf.dispose([x]);
  model.dispose();
  loaded.dispose();
});

test('the fused multiply-add build of the kernels loads on this Node (GRULAB_FUSED_FMA=0 keeps the plain one)', async () => {
  await ready();
  assert.ok(loadKernelModule() !== null);
  assert.equal(kernelUsesFma(), process.env.GRULAB_FUSED_FMA !== '0');
});

test('a fused LSTM pass kept for a gradient that never comes is freed: the kernel memory stays flat', async () => {
  await ready();
  const wasm = loadKernelModule();
  assert.ok(wasm !== null);
  const model = tf.sequential({ layers: [layerOf('lstm', { units: 50, returnSequences: true, inputShape: [100, 1] }, 3)] });
  const x = tf.ones([32, 100, 1]);
  // the layer runs under a gradient tape, but the loss does not use its output
  const unusedPass = (): void => tf.tidy(() => {
    tf.grad((xs: tf.Tensor) => {
      model.apply(xs, { training: true });
      return tf.sum(xs);
    })(x);
  });
  unusedPass();
  const bytes = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 30; i++) unusedPass();
  assert.equal(wasm.memory.buffer.byteLength, bytes, 'the WebAssembly memory grew: kept passes are not freed');
  model.dispose();
  x.dispose();
});
