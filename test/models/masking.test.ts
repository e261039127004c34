/**
 * The GRU layer with Keras's call arguments on the fused kernel: a mask from an embedding
 * with `maskZero`, `initialState` given eagerly or as a model input, `returnState`, and
 * `goBackwards`; each against the same layer with the fused kernel switched off (the
 * op-by-op reference path), forward and training.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createRng, gru, ready } from '../../src/index';
import { sequenceMask, setFused } from '../../src/internals';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Right-padded token ids [batch, 8] (0 = padding), lengths 1..8, and 0/1 labels. */
function tokens(): { ids: tf.Tensor2D; labels: tf.Tensor2D } {
  const rng = createRng('tokens');
  const batch = 12;
  const ids = new Float32Array(batch * 8);
  for (let b = 0; b < batch; b++) {
    const length = 1 + rng.int(8);
    for (let t = 0; t < length; t++) ids[b * 8 + t] = 1 + rng.int(19);
  }
  const labels = Float32Array.from({ length: batch }, () => Number(rng.uniform() < 0.5));
  return { ids: tf.tensor2d(ids, [batch, 8]), labels: tf.tensor2d(labels, [batch, 1]) };
}

/**
 * Embedding(maskZero) -> GRU(goBackwards?) -> Dense(sigmoid), 3 Adam steps; the losses and the last predictions.
 * The embedding is frozen: its gradient (UnsortedSegmentSum) has no wasm kernel in TF.js 4.22.
 */
async function classify(fused: boolean, goBackwards: boolean): Promise<{ losses: number[]; predictions: Float32Array }> {
  setFused(fused);
  try {
    const { ids, labels } = tokens();
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 4, maskZero: true, inputLength: 8, trainable: false, embeddingsInitializer: tf.initializers.randomUniform({ seed: 3 }) }),
        gru({ units: 6, goBackwards, seed: 4 }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'ones' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) losses.push((await model.trainOnBatch(ids, labels)) as number);
    const out = model.predict(ids) as tf.Tensor;
    const predictions = out.dataSync() as Float32Array;
    model.dispose();
    tf.dispose([ids, labels, out]);
    return { losses, predictions };
  } finally {
    setFused(true);
  }
}

test('an embedding mask (maskZero) runs fused and trains as the reference path does, forwards and backwards', async () => {
  await ready();
  for (const goBackwards of [false, true]) {
    const fused = await classify(true, goBackwards);
    const reference = await classify(false, goBackwards);
    assert.ok(maxDiff(fused.losses, reference.losses) <= 1e-5, `goBackwards ${goBackwards}: losses ${fused.losses} vs ${reference.losses}`);
    assert.ok(maxDiff(fused.predictions, reference.predictions) <= 1e-5);
  }
});

test('initialState as a model input and returnState give [output, state] as the reference path does', async () => {
  await ready();
  const run = (fused: boolean): Float32Array[] => {
    setFused(fused);
    try {
      const x = tf.input({ shape: [5, 2] });
      const h = tf.input({ shape: [4] });
      const [out, state] = gru({ units: 4, returnSequences: true, returnState: true, seed: 8 }).apply(x, { initialState: h }) as tf.SymbolicTensor[];
      assert.deepEqual(out.shape, [null, 5, 4]);
      assert.deepEqual(state.shape, [null, 4]);
      const model = tf.model({ inputs: [x, h], outputs: [out, state] });
      const rng = createRng('state');
      const xs = tf.tensor3d(Float32Array.from({ length: 9 * 5 * 2 }, () => rng.normal()), [9, 5, 2]);
      const hs = tf.tensor2d(Float32Array.from({ length: 9 * 4 }, () => rng.normal()), [9, 4]);
      const outputs = model.predict([xs, hs]) as tf.Tensor[];
      const values = outputs.map((t) => Float32Array.from(t.dataSync()));
      tf.dispose([xs, hs, ...outputs]);
      model.dispose();
      return values;
    } finally {
      setFused(true);
    }
  };
  const fused = run(true);
  const reference = run(false);
  fused.forEach((v, i) => assert.ok(maxDiff(v, reference[i]) <= 1e-5));
  // the state starts from h: the first output differs from a zero start
  assert.ok(fused[0].some((v) => v !== 0));
});

test('eager call arguments: mask from lengths, initialState as a tensor or a list of one, and their errors', async () => {
  await ready();
  const layer = gru({ units: 3, returnState: true, seed: 2 });
  const x = tf.ones([2, 4, 1]);
  const mask = sequenceMask([2, 4], 4);
  const h = tf.fill([2, 3], 0.5);
  const [a, sa] = layer.apply(x, { mask, initialState: h }) as tf.Tensor[];
  const [b, sb] = layer.apply(x, { mask, initialState: [h] }) as tf.Tensor[];
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert.deepEqual(Array.from(sa.dataSync()), Array.from(sb.dataSync()));
  // sample 0 stops after 2 steps: the same as running its first 2 steps only
  const [short] = layer.apply(tf.ones([1, 2, 1]), { initialState: tf.fill([1, 3], 0.5) }) as tf.Tensor[];
  assert.ok(maxDiff(short.dataSync(), a.dataSync().slice(0, 3)) <= 1e-6);
  assert.throws(() => layer.apply(x, { initialState: tf.zeros([2, 5]) }), /gru: initialState must be \[batch, units\] = \[2, 3\], got \[2,5\]/);
  assert.throws(() => layer.apply(x, { initialState: [h, h] }), /gru: initialState must be one tensor \[batch, units\] \(a GRU has one state\), got a list of 2/);
  assert.throws(() => layer.apply(x, { mask: tf.ones([2, 3]) }), /gru: mask must be \[batch, timeSteps\] = \[2, 4\], got \[2,3\]/);
  assert.throws(() => sequenceMask([1, 5], 4), /sequenceMask: lengths\[1\] must be an integer in \[0, 4\], got 5/);
  tf.dispose([x, mask, h, a, sa, b, sb, short]);
  layer.dispose();
});
