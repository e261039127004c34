/**
 * The GRU layer and its companions: shapes, Keras parameter counts, argument errors,
 * masking, seeds, the comparison layers and the from-scratch cell. PyTorch parity is in
 * models-parity.test.ts; training and saving in models-train.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  cellWeightsFromKeras,
  dense,
  gru,
  gruCellStep,
  type GruCellWeights,
  lstm,
  modelSummary,
  ready,
  simpleRNN,
  withSeed,
} from '../../src/index';
import { fromTorchGru, gruSequenceReference, seededInitializer } from '../../src/internals';

const seq = (layers: tf.layers.Layer[]) => tf.sequential({ layers });

test('parameter counts equal Keras', async () => {
  await ready();
  assert.equal(seq([gru({ units: 50, inputShape: [3, 1] })]).countParams(), 7950);
  assert.equal(seq([gru({ units: 50, inputShape: [3, 1], resetAfter: false })]).countParams(), 7800);
  assert.equal(seq([gru({ units: 64, inputShape: [null, 10] })]).countParams(), 14592);
  assert.equal(seq([lstm({ units: 50, inputShape: [3, 1] })]).countParams(), 10400);
  assert.equal(seq([simpleRNN({ units: 50, inputShape: [3, 1] })]).countParams(), 2600);
  // Lesson 04: GRU(50, return_sequences=True) -> GRU(50) -> Dense(1).
  const lesson04 = seq([gru({ units: 50, returnSequences: true, inputShape: [100, 1] }), gru({ units: 50 }), dense({ units: 1 })]);
  assert.equal(lesson04.countParams(), 23301);
  assert.match(modelSummary(lesson04), /Total params: 23301/);
});

test('weights have the Keras layout', async () => {
  await ready();
  const shapes = (resetAfter: boolean) => {
    const layer = gru({ units: 5, inputShape: [4, 3], resetAfter });
    seq([layer]);
    return layer.getWeights().map((w) => w.shape);
  };
  assert.deepEqual(shapes(true), [[3, 15], [5, 15], [2, 15]]);
  assert.deepEqual(shapes(false), [[3, 15], [5, 15], [15]]);
  const noBias = gru({ units: 2, inputShape: [4, 3], useBias: false });
  seq([noBias]);
  assert.equal(noBias.getWeights().length, 2);
});

test('output shapes: returnSequences, returnState, any time length; predict leaks nothing', async () => {
  await ready();
  const model = seq([gru({ units: 6, inputShape: [null, 10] }), dense({ units: 1 })]);
  const before = tf.memory().numTensors;
  for (const steps of [1, 4, 9]) {
    const x = tf.ones([2, steps, 10]);
    const y = model.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 1]);
    tf.dispose([x, y]);
  }
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by predict');
  model.dispose();

  const layer = gru({ units: 3, returnSequences: true, returnState: true });
  const x = tf.randomNormal([2, 5, 4]);
  layer.apply(x);
  const beforeApply = tf.memory().numTensors;
  const [out, state] = layer.apply(x) as tf.Tensor[];
  assert.equal(tf.memory().numTensors, beforeApply + 2, 'apply makes only its two outputs');
  assert.deepEqual(out.shape, [2, 5, 3]);
  assert.deepEqual(state.shape, [2, 3]);
  // The last output is the last state.
  const gap = tf.tidy(() => tf.sub(tf.slice(out, [0, 4, 0], [-1, 1, -1]).reshape([2, 3]), state).abs().max().dataSync()[0]);
  assert.ok(gap < 1e-7);
  const symbolic = gru({ units: 3, returnState: true }).apply(tf.input({ shape: [null, 4] })) as tf.SymbolicTensor[];
  assert.deepEqual(symbolic.map((s) => s.shape), [[null, 3], [null, 3]]);
  tf.dispose([x, out, state]);
  layer.dispose();
});

test('bad arguments name the argument and the value', async () => {
  await ready();
  assert.throws(() => gru({ units: 0 }), /gru: units must be a positive integer, got 0/);
  assert.throws(() => gru({ units: -1 }), /units must be a positive integer, got -1/);
  assert.throws(() => gru({ units: 2.5 }), /units must be a positive integer, got 2.5/);
  assert.throws(() => gru({ units: 4, activation: 'swish' as never }), /activation must be one of .*got "swish"/);
  assert.throws(() => gru({ units: 4, recurrentActivation: 'nope' as never }), /recurrentActivation must be one of .*got "nope"/);
  assert.throws(() => gru({ units: 4, dropout: 1.5 }), /dropout must be a number in \[0, 1\), got 1.5/);
  assert.throws(() => gru({ units: 4, inputShape: [10] }), /inputShape must be \[timeSteps, features\].*got \[10\]/);
  assert.throws(() => lstm({ units: 0 }), /lstm: units must be a positive integer, got 0/);
  assert.throws(() => simpleRNN({ units: 3, activation: 'bad' as never }), /simpleRNN: activation must be one of/);
  const rank2 = tf.ones([2, 3]);
  const rank4 = tf.ones([1, 2, 3, 4]);
  assert.throws(() => gru({ units: 2 }).apply(rank2), /gru: input must have rank 3 .*got shape \[2,3\]/);
  assert.throws(() => gru({ units: 2 }).apply(rank4), /gru: input must have rank 3 .*got shape \[1,2,3,4\]/);
  assert.throws(() => gru({ units: 2 }).apply(tf.input({ shape: [4] })), /input must have rank 3 .*got shape \[null,4\]/);
  tf.dispose([rank2, rank4]);
});

test('masking: padded steps keep the state, so a padded batch gives the unpadded result', async () => {
  await ready();
  const layer = gru({ units: 4, returnSequences: true, seed: 3 });
  const model = seq([tf.layers.masking({ maskValue: 0, inputShape: [null, 2] }), layer]);
  const short = tf.tensor3d([[[1, 2], [0.5, -1], [2, 0.1]]]);
  const padded = tf.tensor3d([[[1, 2], [0.5, -1], [2, 0.1], [0, 0], [0, 0]]]);
  const a = model.predict(short) as tf.Tensor;
  const b = model.predict(padded) as tf.Tensor;
  const lastReal = tf.slice(a, [0, 2, 0], [1, 1, 4]);
  for (const t of [3, 4]) {
    const repeated = tf.slice(b, [0, t, 0], [1, 1, 4]);
    assert.ok(tf.sub(repeated, lastReal).abs().max().dataSync()[0] < 1e-7, `step ${t} repeats the last real output`);
  }
  // Without the mask, the padding would change the state.
  const unmasked = layer.apply(padded) as tf.Tensor;
  assert.ok(tf.sub(tf.slice(unmasked, [0, 4, 0], [1, 1, 4]), lastReal).abs().max().dataSync()[0] > 1e-4);
  model.dispose();
});

test('goBackwards reads the sequence from the end', async () => {
  await ready();
  const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1);
  const forward = gru({ units: 4, seed: 9 });
  const backward = gru({ units: 4, seed: 9, goBackwards: true });
  const a = forward.apply(tf.reverse(x, 1)) as tf.Tensor;
  const b = backward.apply(x) as tf.Tensor;
  assert.ok(tf.sub(a, b).abs().max().dataSync()[0] < 1e-6);
});

test('seeds: the same seed gives the same initial weights, another seed others', async () => {
  await ready();
  const make = () => seq([gru({ units: 8, inputShape: [5, 2], returnSequences: true }), lstm({ units: 3 }), dense({ units: 1 })]);
  const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
  const a = flat(withSeed(42, make));
  const b = flat(withSeed(42, make));
  const c = flat(withSeed(43, make));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const explicit = (seed: number) => {
    const layer = gru({ units: 3, seed, inputShape: [2, 2] });
    seq([layer]);
    return Array.from(layer.getWeights()[0].dataSync());
  };
  assert.deepEqual(explicit(5), explicit(5));
  // Orthogonal recurrent kernel, as Keras: each [units, units] block has orthonormal rows.
  const layer = gru({ units: 6, seed: 1, inputShape: [2, 2] });
  seq([layer]);
  const rk = layer.getWeights()[1];
  const gram = tf.matMul(rk, rk, false, true);
  assert.ok(tf.sub(gram, tf.eye(6)).abs().max().dataSync()[0] < 1e-5);
  // Glorot uniform: |w| <= sqrt(6 / (fanIn + fanOut)).
  const kernel = seededInitializer('glorotUniform', 1).apply([4, 12]);
  assert.ok(kernel.abs().max().dataSync()[0] <= Math.sqrt(6 / 16));
});

test('LSTM and SimpleRNN use Keras defaults and print no orthogonal warning', async () => {
  await ready();
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args);
  try {
    const layer = lstm({ units: 50, inputShape: [3, 1], seed: 1 });
    const before = tf.memory().numTensors;
    seq([layer]);
    assert.equal(tf.memory().numTensors - before, 3, 'building allocates the three weights and nothing else');
    const config = layer.getConfig();
    assert.equal(config.recurrentActivation, 'sigmoid');
    // unit forget bias, by grulab's initializer (TF.js's own leaks 4 tensors per layer)
    assert.equal((config.biasInitializer as { className: string }).className, 'GrulabUnitForgetBias');
    // Forget-gate bias starts at 1 (unit forget bias), the others at 0: gates i, f, c, o.
    const bias = Array.from(layer.getWeights()[2].dataSync());
    assert.deepEqual([bias[0], bias[50], bias[100], bias[150]], [0, 1, 0, 0]);
    seq([simpleRNN({ units: 64, inputShape: [3, 1] })]);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, []);
});

/** A GRU layer with seeded random weights (including a random recurrent bias) and its weights as arrays. */
function layerAndCell(resetAfter: boolean) {
  const layer = gru({ units: 3, resetAfter, biasInitializer: 'glorotUniform', seed: 11 });
  layer.apply(tf.input({ shape: [1, 2] }));
  const [kernel, recurrentKernel, bias] = layer.getWeights().map((w) => w.arraySync());
  return { layer, weights: cellWeightsFromKeras({ kernel: kernel as number[][], recurrentKernel: recurrentKernel as number[][], bias: bias as number[][] }) };
}

test('from-scratch cell agrees with the layer to 1e-6 (reset after and before)', async () => {
  await ready();
  const x = [0.3, -1.2];
  const hPrev = [0.5, -0.25, 0.1];
  for (const resetAfter of [true, false]) {
    const { layer, weights } = layerAndCell(resetAfter);
    // One step from hPrev: the layer's weights, hPrev as the initial state.
    const step = gruCellStep({ x, hPrev, weights, resetPosition: resetAfter ? 'after' : 'before', update: 'keras' });
    const [k, rk, b] = layer.getWeights();
    const out = gruSequenceReference({
      x: tf.tensor3d([[x]]), kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b,
      initialState: tf.tensor2d([hPrev]), resetAfter, activation: 'tanh', recurrentActivation: 'sigmoid',
      goBackwards: false, returnSequences: false,
    });
    const got = Array.from(out.output.dataSync());
    step.h.forEach((h, i) => assert.ok(Math.abs(h - got[i]) < 1e-6, `resetAfter ${resetAfter}: h[${i}] ${h} vs ${got[i]}`));
    // And from a zero state, the cell matches the layer itself.
    const zeroStep = gruCellStep({ x, hPrev: [0, 0, 0], weights, resetPosition: resetAfter ? 'after' : 'before' });
    const layerOut = layer.apply(tf.tensor3d([[x]])) as tf.Tensor;
    Array.from(layerOut.dataSync()).forEach((h, i) => assert.ok(Math.abs(h - zeroStep.h[i]) < 1e-6));
  }
});

test("the lessons' update convention is Keras's with z read as 1 - z", async () => {
  await ready();
  const { weights } = layerAndCell(true);
  const negate = (m: number[][]) => m.map((row) => row.map((v) => -v));
  // Negating the update gate's pre-activation turns sigmoid(a) into 1 - sigmoid(a).
  const lessonWeights: GruCellWeights = {
    ...weights,
    Wz: negate(weights.Wz),
    Uz: negate(weights.Uz),
    bz: weights.bz.map((v) => -v),
    bUz: weights.bUz?.map((v) => -v),
  };
  const x = [0.7, 0.2];
  const hPrev = [0.4, -0.6, 0.9];
  const keras = gruCellStep({ x, hPrev, weights, update: 'keras' });
  const lesson = gruCellStep({ x, hPrev, weights: lessonWeights, update: 'lesson' });
  keras.z.forEach((z, i) => assert.ok(Math.abs(lesson.z[i] - (1 - z)) < 1e-12));
  keras.h.forEach((h, i) => assert.ok(Math.abs(lesson.h[i] - h) < 1e-12));
  // Same weights, different convention: a different state.
  const sameWeights = gruCellStep({ x, hPrev, weights, update: 'lesson' });
  assert.ok(Math.abs(sameWeights.h[0] - keras.h[0]) > 1e-3);
});

test('gruCellStep: worked example and length checks', () => {
  const w: GruCellWeights = { Wz: [[0]], Wr: [[0]], Wh: [[1]], Uz: [[0]], Ur: [[0]], Uh: [[0]], bz: [0], br: [0], bh: [0] };
  const step = gruCellStep({ x: [1], hPrev: [0], weights: w });
  assert.deepEqual(step.z, [0.5]);
  assert.ok(Math.abs(step.hTilde[0] - Math.tanh(1)) < 1e-15);
  assert.ok(Math.abs(step.h[0] - Math.tanh(1) / 2) < 1e-15);
  assert.throws(() => gruCellStep({ x: [1, 2], hPrev: [0], weights: w }), /x must have length inputDim = 1, got 2/);
  assert.throws(() => gruCellStep({ x: [1], hPrev: [0, 0], weights: w }), /hPrev must have length units = 1, got 2/);
});

test('dropout and recurrentDropout act only in training, from the layer seed, and train', async () => {
  await ready();
  const x = tf.randomNormal([4, 3, 2], 0, 1, 'float32', 2);
  const outputs = (seed: number) => {
    const layer = gru({ units: 3, dropout: 0.5, recurrentDropout: 0.3, seed });
    const inference = layer.apply(x) as tf.Tensor;
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    const values = [Array.from(inference.dataSync()), Array.from(training.dataSync())];
    layer.dispose();
    tf.dispose([inference, training]);
    return values;
  };
  const [inference, training] = outputs(4);
  assert.notDeepEqual(inference, training);
  assert.deepEqual(outputs(4), [inference, training]);
  // Gradients flow through the recurrent-dropout (reference) path.
  const layer = gru({ units: 3, recurrentDropout: 0.3, seed: 1 });
  layer.apply(x);
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
  assert.equal(Object.keys(grads).length, 3);
  assert.ok(Object.values(grads).every((g) => g.abs().sum().dataSync()[0] > 0));
  tf.dispose(Object.values(grads));
  layer.dispose();
  x.dispose();
});

test('fromTorchGru reorders r, z, n to z, r, h and transposes', async () => {
  await ready();
  const before = tf.memory().numTensors;
  // hidden 1, input 2: rows are the r, z, n gates; values say gate and column.
  const [kernel, recurrentKernel, bias] = fromTorchGru({
    weight_ih_l0: [[11, 12], [21, 22], [31, 32]],
    weight_hh_l0: [[1], [2], [3]],
    bias_ih_l0: [0.1, 0.2, 0.3],
    bias_hh_l0: [-0.1, -0.2, -0.3],
  });
  assert.deepEqual(kernel.arraySync(), [[21, 11, 31], [22, 12, 32]]);
  assert.deepEqual(recurrentKernel.arraySync(), [[2, 1, 3]]);
  assert.deepEqual(bias.shape, [2, 3]);
  assert.deepEqual(Array.from(bias.dataSync()).map((v) => Math.round(v * 10) / 10), [0.2, 0.1, 0.3, -0.2, -0.1, -0.3]);
  tf.dispose([kernel, recurrentKernel, bias]);
  assert.throws(() => fromTorchGru({ weight_ih_l0: [[1, 2]], weight_hh_l0: [[1], [2], [3]] }), /weight_ih_l0 must be \[3 \* hidden, input\] = \[3, input\], got \[1,2\]/);
  assert.throws(() => fromTorchGru({ weight_ih_l0: [1, 2, 3], weight_hh_l0: [[1], [2], [3]] }), /weight_ih_l0 must have rank 2, got shape \[3\]/);
  assert.equal(tf.memory().numTensors, before);
});
