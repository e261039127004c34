/**
 * The global model's windows and network (`globalTrainingWindows`, `globalNetwork`): what
 * `trainGlobalGru` trains on and what it trains, also used by the bench's global-model row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../../../src/index';
import { globalNetwork, globalTrainingWindows, type GlobalGruSpec } from '../../../src/internals';

const spec: GlobalGruSpec = {
  length: 12, patch: 4, horizon: 3, period: 4, clip: Infinity, scaling: 'window', units: [5], highway: true,
  epochs: 1, batchSize: 8, learningRate: 0.001, windowsPerSeries: 6, patience: 3, ensemble: 1, seed: 7,
};

/** Three series: two long enough for training windows and a validation window, one too short for either. */
function data(): { series: number[][]; cutoffs: number[] } {
  const wave = (n: number, shift: number): number[] => Array.from({ length: n }, (_, t) => 10 + shift + Math.sin((2 * Math.PI * t) / 4) + 0.1 * t);
  const series = [wave(40, 0), wave(30, 5), wave(5, 1)];
  return { series, cutoffs: series.map((y) => y.length - spec.horizon) };
}

test('globalTrainingWindows: windowsPerSeries windows from each long-enough series, shaped [n, length / patch, patch], one validation window per series', async () => {
  await ready();
  const before = tf.memory().numTensors;
  const w = globalTrainingWindows(data(), spec);
  assert.deepEqual(w.trained, [true, true, false]);
  assert.deepEqual(w.counts, { training: 12, validation: 2 });
  assert.deepEqual(w.x.shape, [12, 3, 4]);
  assert.deepEqual(w.y.shape, [12, 3]);
  assert.deepEqual(w.validation?.[0].shape, [2, 3, 4]);
  // seeded: the same windows again
  const again = globalTrainingWindows(data(), spec);
  assert.deepEqual(Array.from(again.x.dataSync()), Array.from(w.x.dataSync()));
  tf.dispose([w.x, w.y, again.x, again.y, ...(w.validation ?? []), ...(again.validation ?? [])]);
  assert.equal(tf.memory().numTensors, before);
});

test('globalTrainingWindows: no series long enough names the season and horizon', async () => {
  await ready();
  assert.throws(() => globalTrainingWindows({ series: [[1, 2, 3]], cutoffs: [2] }, spec),
    { message: 'the global model: no series is long enough for one training window (a season of 4 and a horizon of 3 before its held-out stretch)' });
});

test('globalNetwork: [batch, length / patch, patch] -> [batch, horizon], the untrained network outputs 0, GRU + head + highway parameters', async () => {
  await ready();
  const model = globalNetwork(spec, 1);
  assert.deepEqual(model.outputs[0].shape, [null, 3]);
  // GRU(5) on 4 inputs (reset_after: two bias rows), Dense(5 -> 3), highway 12 -> 3 without bias
  assert.equal(model.countParams(), 3 * 5 * (4 + 5) + 2 * 3 * 5 + (5 * 3 + 3) + 12 * 3);
  const out = model.predict(tf.ones([2, 3, 4])) as tf.Tensor;
  assert.deepEqual(Array.from(out.dataSync()), [0, 0, 0, 0, 0, 0]);
  tf.dispose(out);
  model.dispose();
  assert.equal(globalNetwork({ ...spec, highway: false }, 1).countParams(), 3 * 5 * (4 + 5) + 2 * 3 * 5 + (5 * 3 + 3));
});
