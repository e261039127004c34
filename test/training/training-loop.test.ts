/**
 * trainModel (seeded, observable, early stopping, no leaks) and saveModel / loadModel.
 * Small shapes: the op-by-op GRU path is slow on wasm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, dense, gru, loadModel, lstm, ready, saveModel, type TrainOptions, withSeed } from '../../src/index';
import { GrulabGRU, trainModel } from '../../src/internals';

/** A small seeded regression task: predict the mean of a 5-step sequence. */
function data(samples = 40): [tf.Tensor3D, tf.Tensor2D] {
  const rng = createRng('data');
  const xs = Array.from({ length: samples }, () => Array.from({ length: 5 }, () => [rng.normal()]));
  const ys = xs.map((s) => [s.reduce((a, [v]) => a + v, 0) / 5]);
  return [tf.tensor3d(xs), tf.tensor2d(ys)];
}

function model(seed = 7, learningRate = 0.01): tf.LayersModel {
  const m = withSeed(seed, () => tf.sequential({ layers: [gru({ units: 4, inputShape: [5, 1] }), dense({ units: 1 })] }));
  m.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  return m;
}

async function run(options: TrainOptions, seed = 7) {
  const [x, y] = data();
  const m = model(seed);
  const result = await trainModel(m, x, y, options);
  tf.dispose([x, y]);
  m.dispose();
  return result;
}

test('the same seed gives identical losses; another seed does not', async () => {
  await ready();
  const options = { epochs: 3, batchSize: 8, validationSplit: 0.25, seed: 1 };
  const a = await run(options);
  const b = await run(options);
  assert.equal(a.loss.length, 3);
  assert.deepEqual(a.loss, b.loss);
  assert.deepEqual(a.valLoss, b.valLoss);
  const c = await run({ ...options, seed: 2 });
  assert.notDeepEqual(a.loss, c.loss);
  assert.ok(a.loss[2] < a.loss[0], `loss falls: ${a.loss}`);
});

test('validationSplit holds out the LAST samples, as Keras', async () => {
  await ready();
  const [x, y] = data();
  const split = await run({ epochs: 2, batchSize: 8, validationSplit: 0.25, seed: 3 });
  const m = model();
  const explicit = await trainModel(m, tf.slice(x, 0, 30), tf.slice(y, 0, 30), {
    epochs: 2, batchSize: 8, seed: 3, validationData: [tf.slice(x, 30), tf.slice(y, 30)],
  });
  assert.deepEqual(split.loss, explicit.loss);
  assert.deepEqual(split.valLoss, explicit.valLoss);
});

test('observer hooks and yielding to the event loop', async () => {
  await ready();
  const calls = { begin: 0, batch: 0, epoch: 0, end: 0 };
  let beginInfo: unknown;
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const result = await run({
    epochs: 2, batchSize: 16, seed: 1, validationSplit: 0.2, yieldEveryMs: 0,
    observer: {
      onTrainBegin: (info) => { calls.begin++; beginInfo = info; },
      onBatchEnd: () => calls.batch++,
      onEpochEnd: (info) => { calls.epoch++; assert.ok(info.valLoss !== undefined && info.elapsedMs >= 0); },
      onTrainEnd: (info) => { calls.end++; assert.equal(info.history.loss.length, 2); },
    },
  });
  clearInterval(timer);
  assert.deepEqual(beginInfo, { epochs: 2, batchesPerEpoch: 2, samples: 32 });
  assert.deepEqual(calls, { begin: 1, batch: 4, epoch: 2, end: 1 });
  assert.ok(ticks > 0, 'timers ran during training');
  assert.equal(result.interrupted, false);
});

test('an aborted signal stops training after the current batch', async () => {
  await ready();
  const controller = new AbortController();
  const result = await run({ epochs: 5, batchSize: 8, seed: 1, signal: controller.signal, observer: { onBatchEnd: () => controller.abort() } });
  assert.equal(result.interrupted, true);
  assert.equal(result.epochsRun, 0);
});

test('early stopping stops and restores the best weights', async () => {
  await ready();
  const [x, y] = data();
  const m = withSeed(7, () => tf.sequential({ layers: [gru({ units: 4, inputShape: [5, 1] }), dense({ units: 1 })] }));
  m.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' }); // learning rate 0: no improvement after epoch 0
  const initial = m.getWeights().map((w) => Array.from(w.dataSync()));
  const result = await trainModel(m, x, y, {
    epochs: 10, batchSize: 20, seed: 1, validationSplit: 0.25,
    earlyStopping: { monitor: 'val_loss', patience: 1, restoreBestWeights: true },
    // Spoil the weights after epoch 1, so only restoring brings epoch 0's weights back.
    observer: { onEpochEnd: ({ epoch }) => { if (epoch === 1) m.setWeights(m.getWeights().map((w) => tf.onesLike(w))); } },
  });
  assert.equal(result.bestEpoch, 0);
  // Keras's patience: stop after `patience` epochs without improvement (epoch 1 here).
  assert.equal(result.stoppedEpoch, 1);
  assert.equal(result.epochsRun, 2);
  assert.deepEqual(m.getWeights().map((w) => Array.from(w.dataSync())), initial);
  tf.dispose([x, y]);
});

test('training and predicting leak no tensors', async () => {
  await ready();
  const [x, y] = data();
  const m = model();
  const options = { epochs: 2, batchSize: 8, seed: 1, validationSplit: 0.25, earlyStopping: { patience: 5, restoreBestWeights: true } };
  await trainModel(m, x, y, options); // creates the optimizer's slots once
  const before = tf.memory().numTensors;
  await trainModel(m, x, y, options);
  const p = m.predict(x) as tf.Tensor;
  p.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
  m.dispose();
});

test('trainModel rejects bad inputs with clear errors', async () => {
  await ready();
  const [x, y] = data();
  const uncompiled = tf.sequential({ layers: [gru({ units: 2, inputShape: [5, 1] })] });
  await assert.rejects(trainModel(uncompiled, x, y), /not compiled/);
  const m = model();
  await assert.rejects(trainModel(m, x, tf.slice(y, 0, 10)), /same number of samples, got 40 and 10/);
  await assert.rejects(trainModel(m, x, y, { validationSplit: 1.5 }), /validationSplit must be in \(0, 1\), got 1.5/);
  await assert.rejects(trainModel(m, x, y, { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  await assert.rejects(trainModel(m, x, y, { earlyStopping: { patience: 2 } }), /monitor is 'val_loss' but there is no validation/);
});

test('saveModel / loadModel: same predictions, scaler alongside, clear errors', async () => {
  await ready();
  const dir = mkdtempSync(join(tmpdir(), 'grulab-save-'));
  try {
    const build = (seed: number) =>
      withSeed(seed, () =>
        tf.sequential({
          layers: [
            gru({ units: 4, returnSequences: true, resetAfter: false, inputShape: [null, 2] }),
            lstm({ units: 3, returnSequences: true }),
            gru({ units: 3, dropout: 0.1 }),
            dense({ units: 1 }),
          ],
        }),
      );
    const m = build(5);
    m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = tf.randomNormal([3, 6, 2], 0, 1, 'float32', 1);
    const expected = Array.from((m.predict(x) as tf.Tensor).dataSync());
    const scaler = { min: [1.5], scale: [0.25] };
    await saveModel(m, join(dir, 'run'), { scaler });
    assert.deepEqual(readdirSync(join(dir, 'run')).sort(), ['model.json', 'scaler.json', 'weights.bin']);
    const loaded = await loadModel(join(dir, 'run'));
    assert.ok(loaded.model.layers[0] instanceof GrulabGRU);
    assert.deepEqual(Array.from((loaded.model.predict(x) as tf.Tensor).dataSync()), expected);
    assert.deepEqual(loaded.scaler, scaler);
    assert.equal((loaded.model.layers[2] as GrulabGRU).dropout, 0.1);

    // Saving again without a scaler removes the old scaler.json.
    await saveModel(m, join(dir, 'run'));
    assert.deepEqual(readdirSync(join(dir, 'run')).sort(), ['model.json', 'weights.bin']);
    assert.equal((await loadModel(join(dir, 'run'))).scaler, undefined);

    await assert.rejects(loadModel(join(dir, 'missing')), /cannot read .*missing\/model\.json \(file not found\)/);
    writeFileSync(join(dir, 'run', 'model.json'), '{ not json');
    await assert.rejects(loadModel(join(dir, 'run')), /run\/model\.json is not valid JSON/);
    await saveModel(m, join(dir, 'run'));
    rmSync(join(dir, 'run', 'weights.bin'));
    await assert.rejects(loadModel(join(dir, 'run')), /cannot read .*weights\.bin \(file not found\)/);

    // A save interrupted between its renames leaves files of two saves: recognised, not loaded.
    await saveModel(m, join(dir, 'run'), { scaler });
    await saveModel(build(6), join(dir, 'other'), { scaler: { min: [0], scale: [1] } });
    copyFileSync(join(dir, 'other', 'weights.bin'), join(dir, 'run', 'weights.bin'));
    await assert.rejects(loadModel(join(dir, 'run')), /weights\.bin does not match the save that wrote .*run\/model\.json \(was that save interrupted\?\)/);
    await saveModel(m, join(dir, 'run'), { scaler });
    copyFileSync(join(dir, 'other', 'scaler.json'), join(dir, 'run', 'scaler.json'));
    await assert.rejects(loadModel(join(dir, 'run')), /scaler\.json does not match the save/);
    await saveModel(m, join(dir, 'run'), { scaler });
    rmSync(join(dir, 'run', 'scaler.json'));
    await assert.rejects(loadModel(join(dir, 'run')), /scaler\.json is missing the save/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an abort from onEpochEnd stops before the next epoch trains a batch', async () => {
  await ready();
  const controller = new AbortController();
  let batches = 0;
  let ended: unknown;
  const result = await run({
    epochs: 5, batchSize: 8, seed: 1, signal: controller.signal,
    observer: {
      onBatchEnd: () => { batches++; },
      onEpochEnd: (info) => { if (info.epoch === 1) controller.abort(); },
      onTrainEnd: (info) => { ended = { epochs: info.history.loss.length, interrupted: info.interrupted }; },
    },
  });
  assert.equal(result.interrupted, true);
  assert.equal(result.epochsRun, 2);
  assert.equal(batches, 2 * Math.ceil(40 / 8), "no batch of a third epoch ran");
  assert.deepEqual(ended, { epochs: 2, interrupted: true });
});
