/**
 * The whole-model fused training step of `fit` / `trainModel`: the same losses, weights and
 * Adam state as TensorFlow.js's own `trainOnBatch` step (the reference, run in the same test
 * with `setFusedStep(false)`), for the GRU, LSTM and SimpleRNN; models it cannot train go
 * through `trainOnBatch` with the reason given; no tensors or kernel memory left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createRng, dense, fit, gru, lstm, ready, simpleRNN, withSeed } from '../../src/index';
import { fusedKernelMemory, fusedStepPlan, lastTrainingStep, setFusedStep } from '../../src/internals';

type Kind = 'gru' | 'lstm' | 'rnn';
const builders = { gru, lstm, rnn: simpleRNN };

/** Two stacked recurrent layers (the first returning sequences) and a dense head of 2 outputs. */
function stacked(kind: Kind, seed: number): tf.Sequential {
  const make = builders[kind];
  const m = withSeed(seed, () => tf.sequential({
    layers: [make({ units: 6, returnSequences: true, inputShape: [7, 2] }), make({ units: 5 }), dense({ units: 2 })],
  }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return m;
}

function data(): [tf.Tensor3D, tf.Tensor2D] {
  const rng = createRng('fused-step');
  const x = tf.tensor3d(Float32Array.from({ length: 20 * 7 * 2 }, () => rng.normal()), [20, 7, 2]);
  const y = tf.tensor2d(Float32Array.from({ length: 20 * 2 }, () => rng.normal()), [20, 2]);
  return [x, y];
}

/** The forecaster's shape of model: a GRU stack and its head, plus a linear "highway" of the whole window added to it. */
function withHighway(seed: number): tf.LayersModel {
  const m = withSeed(seed, () => {
    const input = tf.input({ shape: [7, 2] });
    const hidden = gru({ units: 5 }).apply(gru({ units: 6, returnSequences: true }).apply(input)) as tf.SymbolicTensor;
    const head = dense({ units: 2 }).apply(hidden) as tf.SymbolicTensor;
    const side = dense({ units: 2, useBias: false, kernelInitializer: 'glorotNormal' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: tf.layers.add().apply([head, side]) as tf.SymbolicTensor });
  });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return m;
}

/** Trains 4 epochs through `fit`, then 2 batches through TensorFlow.js's `trainOnBatch` (which reads the optimizer state `fit` left). */
async function trainBothWays(kind: Kind | 'highway', fused: boolean) {
  const [x, y] = data();
  setFusedStep(fused);
  try {
    const m = kind === 'highway' ? withHighway(11) : stacked(kind, 11);
    const history = await fit(m, x, y, { epochs: 4, batchSize: 8, seed: 3, verbose: 0, validationSplit: 0.2 });
    const after = [(await m.trainOnBatch(x, y)) as number, (await m.trainOnBatch(x, y)) as number];
    const weights = m.getWeights().map((w) => Array.from(w.dataSync()));
    const iterations = m.optimizer.iterations;
    m.optimizer.dispose();
    m.dispose();
    return { history, after, weights, iterations, step: lastTrainingStep(m)?.step };
  } finally {
    setFusedStep(true);
    tf.dispose([x, y]);
  }
}

for (const kind of ['gru', 'lstm', 'rnn', 'highway'] as const) {
  test(`${kind}: the fused step trains as trainOnBatch does (losses, weights, Adam state)`, async () => {
    await ready();
    const fused = await trainBothWays(kind, true);
    const reference = await trainBothWays(kind, false);
    assert.equal(fused.step, 'fused');
    assert.equal(reference.step, 'trainOnBatch');
    // float32 arithmetic in a different order: agreement to about 1e-6 after 12 Adam steps
    fused.history.loss.forEach((loss, i) => assert.ok(Math.abs(loss - reference.history.loss[i]) < 1e-5 * Math.max(1, loss), `epoch ${i}: ${loss} vs ${reference.history.loss[i]}`));
    // validation through the fused forward pass against model.evaluate
    fused.history.valLoss?.forEach((loss, i) => assert.ok(Math.abs(loss - reference.history.valLoss![i]) < 1e-5 * Math.max(1, loss), `validation, epoch ${i}: ${loss} vs ${reference.history.valLoss![i]}`));
    assert.equal(fused.history.valLoss?.length, 4);
    fused.weights.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - reference.weights[i][j]) < 2e-5, `weight ${i}[${j}]: ${v} vs ${reference.weights[i][j]}`)));
    // the optimizer carried on from the fused step's moments and step count
    fused.after.forEach((loss, i) => assert.ok(Math.abs(loss - reference.after[i]) < 1e-5, `trainOnBatch after fit, step ${i}: ${loss} vs ${reference.after[i]}`));
    assert.equal(fused.iterations, reference.iterations);
    assert.equal(fused.iterations, 4 * 2 + 2); // 16 training samples in batches of 8, 4 epochs, then 2 steps
  });
}

test('models the fused step cannot train go through trainOnBatch, and say why', async () => {
  await ready();
  const cases: Array<[string, () => tf.LayersModel, RegExp]> = [
    ['dropout', () => tf.sequential({ layers: [gru({ units: 3, dropout: 0.2, inputShape: [4, 1] }), dense({ units: 1 })] }), /dropout/],
    ['relu head', () => tf.sequential({ layers: [gru({ units: 3, inputShape: [4, 1] }), dense({ units: 1, activation: 'relu' })] }), /not linear/],
    ['tfjs-layers GRU', () => tf.sequential({ layers: [tf.layers.gru({ units: 3, inputShape: [4, 1] }), dense({ units: 1 })] }), /no fused step/],
    ['dense only', () => tf.sequential({ layers: [dense({ units: 3, inputShape: [4] }), dense({ units: 1 })] }), /no gru, lstm or simpleRNN/],
    ['sequence output', () => tf.sequential({ layers: [gru({ units: 3, returnSequences: true, inputShape: [4, 1] }), dense({ units: 1 })] }), /returns sequences/],
  ];
  for (const [name, build, why] of cases) {
    const m = build();
    m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const plan = fusedStepPlan(m);
    assert.ok(typeof plan === 'string' && why.test(plan), `${name}: ${String(plan)}`);
    m.dispose();
  }
  const m = tf.sequential({ layers: [gru({ units: 3, inputShape: [4, 1] }), dense({ units: 1 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  assert.equal(fusedStepPlan(m), 'the optimizer is not Adam');
  m.compile({ optimizer: 'adam', loss: 'meanAbsoluteError' });
  assert.match(String(fusedStepPlan(m)), /not mean squared error/);
  const x = tf.ones([6, 4, 1]);
  const y = tf.ones([6, 1]);
  const result = await fit(m, x, y, { epochs: 2, batchSize: 3, seed: 1, verbose: 0 });
  assert.equal(result.loss.length, 2);
  assert.equal(lastTrainingStep(m)?.step, 'trainOnBatch');
  assert.match(lastTrainingStep(m)?.whyNotFused ?? '', /not mean squared error/);
  m.dispose();
  tf.dispose([x, y]);
});

test('the fused step leaves no tensors and no kernel memory behind, and reruns identically', async () => {
  await ready();
  const [x, y] = data();
  const run = async (): Promise<number[]> => {
    const m = stacked('gru', 5);
    const history = await fit(m, x, y, { epochs: 3, batchSize: 8, validationSplit: 0.2, seed: 9, verbose: 0 });
    assert.equal(lastTrainingStep(m)?.step, 'fused');
    m.optimizer.dispose();
    m.dispose();
    return [...history.loss, ...(history.valLoss ?? [])];
  };
  const first = await run();
  const tensors = tf.memory().numTensors;
  const kernelBytes = fusedKernelMemory()?.inUseBytes;
  const second = await run();
  assert.deepEqual(second, first, 'the same seeds give the same losses');
  assert.equal(tf.memory().numTensors, tensors, 'tensors left behind');
  assert.equal(fusedKernelMemory()?.inUseBytes, kernelBytes, 'kernel memory left behind');
  tf.dispose([x, y]);
});

test('the model is current at every epoch end (validation and observers read it) and after an early stop', async () => {
  await ready();
  const [x, y] = data();
  const m = stacked('lstm', 2);
  const seen: number[] = [];
  const observer = { onEpochEnd: () => { seen.push((m.predict(x) as tf.Tensor).dataSync()[0]); } };
  const history = await fit(m, x, y, { epochs: 3, batchSize: 8, seed: 1, verbose: 0, observer });
  assert.equal(history.loss.length, 3);
  assert.equal(lastTrainingStep(m)?.step, 'fused');
  assert.equal(new Set(seen).size, 3, 'each epoch end sees the weights that epoch trained');
  const mse = tf.tidy(() => tf.losses.meanSquaredError(y, m.predict(x) as tf.Tensor).dataSync()[0]);
  const evaluated = tf.tidy(() => (m.evaluate(x, y) as tf.Scalar).dataSync()[0]);
  assert.ok(Math.abs(mse - evaluated) < 1e-6);
  m.dispose();

  // weights a callback sets (as Keras lets it) are what the next epochs train from: with a learning rate of 0 they stay
  const still = stacked('gru', 3);
  still.compile({ optimizer: tf.train.adam(0), loss: 'meanSquaredError' });
  const setOnes = { onEpochEnd: ({ epoch }: { epoch: number }) => { if (epoch === 0) still.setWeights(still.getWeights().map((w) => tf.onesLike(w))); } };
  const run = await fit(still, x, y, { epochs: 3, batchSize: 8, seed: 1, verbose: 0, observer: setOnes });
  assert.equal(run.loss.length, 3);
  assert.equal(lastTrainingStep(still)?.step, 'fused');
  still.getWeights().forEach((w) => assert.ok(w.dataSync().every((v) => v === 1), 'the callback\'s weights were kept'));
  still.dispose();
  tf.dispose([x, y]);
});
