/**
 * The GRU layer against PyTorch: forward to 1e-5, gradients to 1e-4.
 *
 * Expected numbers: test/fixtures/models/gru_fixtures.json, written by PyTorch (torch.nn.GRU
 * in float64, on pack_padded_sequence for right-padded batches; an autograd hand-written cell
 * for reset-before and relu, checked against nn.GRU). Right-padded cases run with a mask,
 * initial-state cases with `initialState` (and its gradient); every case checks the final
 * state the layer returns with `returnState`.
 * Regenerate: /usr/bin/python3 test/fixtures/models/make_gru_fixtures.py
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gru, ready } from '../../src/index';
import { fromTorchGru, fusedGruSupported, gruSequence, gruSequenceReference, type GruActivation, sequenceMask } from '../../src/internals';
import { diff, readTorchFixtures, type TorchCase } from '../helpers/torch-fixtures';

interface Case extends TorchCase {
  resetAfter: boolean;
  activation: GruActivation;
  /** PyTorch's h_n, Keras's returned state. */
  lastState: number[];
  /** Right-padded: each sample's real length (pack_padded_sequence). */
  lengths?: number[];
  /** Initial state, integers times inputScale. */
  h0Int?: number[];
}

const cases = readTorchFixtures<Case>('gru_fixtures.json');

/** PyTorch-layout arrays (weights or their gradients) in Keras layout: [kernel, recurrentKernel, bias | null]. */
function toKeras(c: Case, values: Record<string, number[]>, scale: number): [tf.Tensor2D, tf.Tensor2D, tf.Tensor] {
  const a = (name: string) => values[name].map((v) => v * scale);
  return tf.tidy(() => {
    const [kernel, recurrentKernel, bias] = fromTorchGru({
      weight_ih_l0: tf.tensor(a('weight_ih_l0'), c.weightShapes.weight_ih_l0),
      weight_hh_l0: tf.tensor(a('weight_hh_l0'), c.weightShapes.weight_hh_l0),
      bias_ih_l0: a('bias_ih_l0'),
      bias_hh_l0: c.resetAfter ? a('bias_hh_l0') : new Array<number>(3 * c.units).fill(0),
    });
    // Reset before: Keras has only the input bias, [3 * units].
    const kerasBias = c.resetAfter ? bias : tf.unstack(bias)[0];
    return [kernel as tf.Tensor2D, recurrentKernel as tf.Tensor2D, kerasBias];
  });
}

type Worst = { forwardAbs: number; gradAbs: number; gradRel: number };
const worst: Record<string, Worst> = {};
// gruSequence runs the fused WebAssembly kernel when it supports the case; the reference is op-by-op TF.js.
const paths = { gruSequence, gruSequenceReference };

for (const c of cases) {
  test(`GRU matches PyTorch: ${c.name}`, async (t) => {
    await ready();
    const before = tf.memory().numTensors;
    const [kernel, recurrentKernel, bias] = toKeras(c, c.weightsInt, c.weightScale);
    const x = tf.tensor3d(c.xInt.map((v) => v * c.inputScale), [c.batch, c.timeSteps, c.inputDim]);
    const lossWeights = tf.tensor(c.lossWeightsInt.map((v) => v * c.lossScale), c.outputShape);
    const options = {
      resetAfter: c.resetAfter,
      activation: c.activation,
      recurrentActivation: 'sigmoid' as const,
      goBackwards: c.goBackwards,
      returnSequences: c.returnSequences,
    };

    const mask = c.lengths !== undefined ? sequenceMask(c.lengths, c.timeSteps) : undefined;
    const h0 = c.h0Int !== undefined ? tf.tensor2d(c.h0Int.map((v) => v * c.inputScale), [c.batch, c.units]) : undefined;

    // Forward through the layer (Keras's call arguments mask and initialState, returnState), with the converted weights.
    const layer = gru({ units: c.units, ...options, returnState: true, inputShape: [c.timeSteps, c.inputDim] });
    layer.apply(tf.input({ shape: [c.timeSteps, c.inputDim] }));
    layer.setWeights([kernel, recurrentKernel, bias]);
    const [output, state] = layer.apply(x, { mask, initialState: h0 }) as tf.Tensor[];
    assert.deepEqual(output.shape, c.outputShape);
    const layerForward = diff(output.dataSync(), c.output);
    assert.ok(layerForward.abs <= 1e-5, `layer forward max abs difference ${layerForward.abs}`);
    const layerState = diff(state.dataSync(), c.lastState);
    assert.ok(layerState.abs <= 1e-5, `layer final state max abs difference ${layerState.abs}`);

    // Forward and gradients of sum(output * lossWeights) on each path.
    const [ek, erk, eb] = toKeras(c, c.grads, 1);
    for (const [pathName, run] of Object.entries(paths)) {
      const w = (worst[pathName] ??= { forwardAbs: 0, gradAbs: 0, gradRel: 0 });
      const args = { x, kernel, recurrentKernel, bias, mask, initialState: h0, ...options };
      if (run === gruSequence) assert.ok(fusedGruSupported(args), 'gruSequence runs these arguments on the fused kernel');
      const result = run(args);
      const forward = diff(result.output.dataSync(), c.output);
      const lastState = diff(result.lastState.dataSync(), c.lastState);
      tf.dispose([result.output, result.lastState]);
      assert.ok(forward.abs <= 1e-5, `${pathName}: forward max abs difference ${forward.abs}`);
      assert.ok(lastState.abs <= 1e-5, `${pathName}: final state max abs difference ${lastState.abs}`);
      w.forwardAbs = Math.max(w.forwardAbs, forward.abs, lastState.abs);
      const lossOf = (xs: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, s?: tf.Tensor) =>
        tf.sum(tf.mul(run({
          x: xs as tf.Tensor3D, kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b, mask,
          initialState: s as tf.Tensor2D | undefined, ...options,
        }).output, lossWeights));
      const [gx, gk, grk, gb, gh0] = tf.grads(lossOf)(h0 !== undefined ? [x, kernel, recurrentKernel, bias, h0] : [x, kernel, recurrentKernel, bias]);
      const pairs: [string, tf.Tensor, number[]][] = [
        ['x', gx, c.grads.x],
        ['kernel', gk, Array.from(ek.dataSync())],
        ['recurrentKernel', grk, Array.from(erk.dataSync())],
        ['bias', gb, Array.from(eb.dataSync())],
      ];
      if (gh0 !== undefined) pairs.push(['initialState', gh0, c.grads.h0]);
      for (const [name, got, expected] of pairs) {
        const d = diff(got.dataSync(), expected);
        assert.ok(d.rel <= 1e-4, `${pathName}: gradient of ${name}: max difference ${d.abs} (relative ${d.rel})`);
        w.gradAbs = Math.max(w.gradAbs, d.abs);
        w.gradRel = Math.max(w.gradRel, d.rel);
      }
      tf.dispose([gx, gk, grk, gb, ...(gh0 !== undefined ? [gh0] : [])]);
      t.diagnostic(`${pathName}: forward max abs ${forward.abs.toExponential(2)}`);
    }

    layer.dispose();
    tf.dispose([kernel, recurrentKernel, bias, x, lossWeights, output, state, ek, erk, eb]);
    if (mask !== undefined) mask.dispose();
    if (h0 !== undefined) h0.dispose();
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });
}

test('parity summary', (t) => {
  for (const [pathName, w] of Object.entries(worst)) {
    t.diagnostic(
      `${pathName}, worst over all cases: forward max abs ${w.forwardAbs.toExponential(2)}, ` +
        `gradient max abs ${w.gradAbs.toExponential(2)}, max relative ${w.gradRel.toExponential(2)}`,
    );
    assert.ok(w.forwardAbs <= 1e-5 && w.gradRel <= 1e-4);
  }
  assert.equal(Object.keys(worst).length, 2);
});
