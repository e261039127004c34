/**
 * The layers the text lessons need: `embedding` (with `maskZero`), masking through the GRU,
 * and `bidirectional`. Shapes, Keras parameter counts, argument errors, a mask that really
 * changes nothing (padded = unpadded), gradients of the hand-written embedding lookup
 * against autodiff of the one-hot product, training on the wasm backend, and tensor leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bidirectional, dense, embedding, gru, type GrulabGRU, loadModel, ready, saveModel, withSeed } from '../../src/index';
import { gruSequenceReference } from '../../src/internals';

const seq = (layers: tf.layers.Layer[]) => tf.sequential({ layers });
const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

test('embedding: shapes, Keras parameter counts and the doc example', async () => {
  await ready();
  const model = withSeed(1, () => seq([embedding({ inputDim: 1000, outputDim: 16, maskZero: true }), gru({ units: 8 }), dense({ units: 1, activation: 'sigmoid' })]));
  assert.equal(model.countParams(), 16633); // 1000*16 + 3*(16*8 + 8*8 + 2*8) + 9, as Keras
  const out = model.predict(tf.tensor2d([[4, 5, 6, 0], [7, 0, 0, 0]])) as tf.Tensor;
  assert.deepEqual(out.shape, [2, 1]);
  const bi = withSeed(1, () => seq([embedding({ inputDim: 100, outputDim: 8, maskZero: true }), bidirectional({ layer: gru({ units: 4 }) }), dense({ units: 1, activation: 'sigmoid' })]));
  assert.deepEqual(bi.outputShape, [null, 1]);
  assert.equal(bi.countParams(), 800 + 2 * 3 * (8 * 4 + 4 * 4 + 2 * 4) + 9);
  const seqOut = withSeed(2, () => seq([embedding({ inputDim: 10, outputDim: 3, inputShape: [5] }), bidirectional({ layer: gru({ units: 4, returnSequences: true }) })]));
  assert.deepEqual(seqOut.outputShape, [null, 5, 8]);
  const sum = withSeed(2, () => seq([embedding({ inputDim: 10, outputDim: 3 }), bidirectional({ layer: gru({ units: 4 }), mergeMode: 'sum' })]));
  assert.deepEqual(sum.outputShape, [null, 4]);
});

test('embedding and bidirectional: bad input is named', () => {
  assert.throws(() => embedding({ inputDim: 0, outputDim: 8 }), /^Error: embedding: inputDim must be a positive integer, got 0$/);
  assert.throws(() => embedding({ inputDim: 10, outputDim: 2.5 }), /^Error: embedding: outputDim must be a positive integer, got 2.5$/);
  assert.throws(() => embedding({ inputDim: 1, outputDim: 2, maskZero: true }), /with maskZero, inputDim must be at least 2/);
  const model = seq([embedding({ inputDim: 5, outputDim: 2, inputShape: [3] })]);
  assert.throws(() => model.predict(tf.tensor2d([[1, 2, 5]])), /embedding: ids must be integers in \[0, 4\] \(inputDim 5\), got 5/);
  assert.throws(() => bidirectional({ layer: dense({ units: 3 }) as unknown as GrulabGRU }), /bidirectional: layer must be a grulab gru\(\.\.\.\) layer, got a Dense layer/);
  assert.throws(() => bidirectional({ layer: gru({ units: 3 }), mergeMode: 'max' as 'sum' }), /mergeMode must be one of concat, sum, mul, ave, got "max"/);
});

test('masking: a right-padded sequence gives the same output as the sequence alone (GRU and bidirectional)', async () => {
  await ready();
  for (const wrap of [false, true]) {
    const recurrent = () => (wrap ? bidirectional({ layer: gru({ units: 5 }) }) : gru({ units: 5 }));
    const masked = withSeed(3, () => seq([embedding({ inputDim: 20, outputDim: 4, maskZero: true }), recurrent()]));
    const alone = masked.predict(tf.tensor2d([[3, 9, 4]])) as tf.Tensor;
    const padded = masked.predict(tf.tensor2d([[3, 9, 4, 0, 0, 0], [7, 0, 0, 0, 0, 0]])) as tf.Tensor;
    assert.ok(maxDiff(alone, padded.slice([0, 0], [1, -1])) < 1e-6, `padding changed the ${wrap ? 'bidirectional' : 'GRU'} output`);
    // The same weights without the mask read the zeros as tokens: the output changes, so the mask is what made them equal.
    const unmasked = withSeed(3, () => seq([embedding({ inputDim: 20, outputDim: 4, maskZero: false }), recurrent()]));
    unmasked.setWeights(masked.getWeights());
    const noMask = unmasked.predict(tf.tensor2d([[3, 9, 4, 0, 0, 0]])) as tf.Tensor;
    assert.ok(maxDiff(alone, noMask) > 1e-4, 'without the mask the padding should change the output');
  }
});

test('bidirectional: the backward copy has its own weights and reads the sequence from its end', async () => {
  await ready();
  const layer = withSeed(4, () => bidirectional({ layer: gru({ units: 3, returnSequences: true }) }));
  const x = tf.randomUniform([2, 4, 2], -1, 1, 'float32', 7) as tf.Tensor3D;
  const out = layer.apply(x) as tf.Tensor;
  assert.deepEqual(out.shape, [2, 4, 6]);
  const [k, rk, b, kb, rkb, bb] = layer.getWeights();
  assert.ok(maxDiff(k, kb) > 1e-3, 'forward and backward kernels should start different');
  const common = { resetAfter: true, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: true } as const;
  const forward = gruSequenceReference({ ...common, x, kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b, goBackwards: false });
  const backward = gruSequenceReference({ ...common, x, kernel: kb as tf.Tensor2D, recurrentKernel: rkb as tf.Tensor2D, bias: bb, goBackwards: true });
  // Keras: concat([forward, reverse(backward outputs in processing order)]) along features.
  const expected = tf.concat([forward.output, tf.reverse(backward.output, 1)], -1);
  assert.ok(maxDiff(out, expected) < 1e-5);
});

test('embedding: the hand-written lookup gradient equals autodiff of the one-hot product', async () => {
  await ready();
  const layer = embedding({ inputDim: 6, outputDim: 3, seed: 5, inputShape: [4] });
  const model = seq([layer]);
  const table = layer.getWeights()[0];
  const ids = tf.tensor2d([[1, 2, 2, 0], [5, 1, 0, 0]], undefined, 'int32');
  const upstream = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 3);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(ids) as tf.Tensor, upstream)) as tf.Scalar);
  const ours = Object.values(grads)[0];
  // Expected: d/dW sum(oneHot(ids) . W * upstream), computed by TF.js autodiff on ops that need no missing kernel.
  const expected = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), 6).toFloat(), w as tf.Tensor2D), [2, 4, 3]), upstream)))(table);
  assert.ok(maxDiff(ours, expected) < 1e-5);
});

test('embedding + GRU + dense train on this backend, and predict leaks no tensor', async () => {
  await ready();
  const model = withSeed(6, () => seq([embedding({ inputDim: 12, outputDim: 4, maskZero: true }), bidirectional({ layer: gru({ units: 4 }) }), dense({ units: 1, activation: 'sigmoid' })]));
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
  // Label 1 when token 3 appears: learnable in a few steps.
  const x = tf.tensor2d([[3, 5, 0, 0], [5, 6, 7, 0], [8, 3, 0, 0], [9, 10, 11, 4], [3, 0, 0, 0], [6, 0, 0, 0]]);
  const y = tf.tensor2d([[1], [0], [1], [0], [1], [0]]);
  const before = model.getWeights()[0].clone();
  const history = await model.fit(x, y, { epochs: 30, batchSize: 6, verbose: 0, shuffle: false });
  const losses = history.history.loss as number[];
  assert.ok(losses[losses.length - 1] < losses[0] / 2, `loss should fall: ${losses[0]} -> ${losses[losses.length - 1]}`);
  assert.ok(maxDiff(before, model.getWeights()[0]) > 1e-3, 'the embedding table should have trained');
  model.predict(x); // warm up
  const count = tf.memory().numTensors;
  tf.dispose(model.predict(x) as tf.Tensor);
  assert.equal(tf.memory().numTensors, count);
});

test('gru runWithState: step by step with the state passed back equals one run over the sequence', async () => {
  await ready();
  const layer = withSeed(8, () => gru({ units: 5, returnSequences: true }));
  const model = seq([embedding({ inputDim: 9, outputDim: 3, inputShape: [4] }), layer]);
  const x = (model.layers[0].apply(tf.tensor2d([[1, 4, 2, 7], [3, 3, 8, 0]])) as tf.Tensor3D);
  const whole = model.predict(tf.tensor2d([[1, 4, 2, 7], [3, 3, 8, 0]])) as tf.Tensor;
  let state: tf.Tensor2D | undefined;
  const steps: tf.Tensor[] = [];
  for (let t = 0; t < 4; t++) {
    const step = layer.runWithState(x.slice([0, t, 0], [2, 1, 3]) as tf.Tensor3D, state);
    state = step.state;
    steps.push(step.output);
  }
  assert.ok(maxDiff(tf.concat(steps, 1), whole) < 1e-5);
  assert.ok(maxDiff(state!, whole.slice([0, 3, 0], [2, 1, 5]).reshape([2, 5])) < 1e-5);
  assert.throws(() => layer.runWithState(x, tf.zeros([2, 4])), /gru: initialState must be \[batch, units\] = \[2, 5\], got \[2,4\]/);
  assert.throws(() => gru({ units: 2 }).runWithState(x), /is not built yet/);
});

test('a text classifier (masked embedding, bidirectional GRU) saves and loads with the same predictions', async () => {
  await ready();
  const model = withSeed(9, () => seq([embedding({ inputDim: 30, outputDim: 4, maskZero: true }), bidirectional({ layer: gru({ units: 3 }), mergeMode: 'ave' }), dense({ units: 1, activation: 'sigmoid' })]));
  const x = tf.tensor2d([[5, 9, 2, 0], [7, 0, 0, 0]]);
  const before = model.predict(x) as tf.Tensor;
  const dir = mkdtempSync(join(tmpdir(), 'grulab-text-save-'));
  try {
    await saveModel(model, join(dir, 'classifier'));
    const { model: loaded } = await loadModel(join(dir, 'classifier'));
    assert.deepEqual(loaded.layers.map((l) => l.getClassName()), ['GrulabEmbedding', 'GrulabBidirectional', 'Dense']);
    assert.ok(maxDiff(before, loaded.predict(x) as tf.Tensor) < 1e-6);
    // The mask survives the round trip: padding still changes nothing
    const alone = loaded.predict(tf.tensor2d([[7]])) as tf.Tensor;
    assert.ok(maxDiff(alone, (loaded.predict(x) as tf.Tensor).slice([1, 0], [1, -1])) < 1e-6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
