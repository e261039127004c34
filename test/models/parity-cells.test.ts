/**
 * The fused LSTM and SimpleRNN kernels against PyTorch (forward to 1e-5, gradients to 1e-4)
 * and against TF.js's op-by-op layers (the reference path of the same layer objects).
 *
 * Expected numbers: test/fixtures/models/cell_fixtures.json, written by torch.nn.LSTM and
 * torch.nn.RNN in float64. Regenerate: /usr/bin/python3 test/fixtures/models/make_cell_fixtures.py
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { lstm, ready, type RecurrentActivation, simpleRNN } from '../../src/index';
import { setFused } from '../../src/internals';
import { diff, readTorchFixtures, type TorchCase } from '../helpers/torch-fixtures';

interface Case extends TorchCase {
  kind: 'lstm' | 'rnn';
  activation: RecurrentActivation;
}

const cases = readTorchFixtures<Case>('cell_fixtures.json');

/** `[rows, cols]` row-major values transposed to `[cols, rows]`. */
function transposed(values: number[], [rows, cols]: number[]): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j];
  return out;
}

/** The case's layer in a model, with PyTorch's weights in Keras's layout (one bias: ih + hh). */
function build(c: Case): { model: tf.Sequential; layer: tf.RNN } {
  const options = {
    units: c.units, returnSequences: c.returnSequences, goBackwards: c.goBackwards,
    activation: c.activation, inputShape: [c.timeSteps, c.inputDim],
  };
  const layer = c.kind === 'lstm' ? lstm(options) : simpleRNN(options);
  const model = tf.sequential({ layers: [layer] });
  const w = (name: string) => c.weightsInt[name].map((v) => v * c.weightScale);
  const bias = w('bias_ih_l0').map((v, i) => v + w('bias_hh_l0')[i]);
  const weights = [
    tf.tensor2d(transposed(w('weight_ih_l0'), c.weightShapes.weight_ih_l0), [c.inputDim, bias.length]),
    tf.tensor2d(transposed(w('weight_hh_l0'), c.weightShapes.weight_hh_l0), [c.units, bias.length]),
    tf.tensor1d(bias),
  ];
  layer.setWeights(weights);
  tf.dispose(weights);
  return { model, layer };
}

/** Output, and the gradients of sum(output * lossWeights) with respect to x, kernel, recurrent kernel and bias. */
function run(c: Case, model: tf.Sequential, layer: tf.RNN, withGrads: boolean): { output: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const x = tf.tensor3d(c.xInt.map((v) => v * c.inputScale), [c.batch, c.timeSteps, c.inputDim]);
    const lossWeights = tf.tensor(c.lossWeightsInt.map((v) => v * c.lossScale), c.outputShape);
    const output = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const loss = (xs: tf.Tensor) => tf.sum(tf.mul(model.apply(xs, { training: true }) as tf.Tensor, lossWeights)) as tf.Scalar;
    if (!withGrads) return { output, grads: [] };
    const dx = tf.grad(loss)(x);
    const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => loss(x), vars);
    return { output, grads: [dx, ...vars.map((v) => grads[v.name])].map((g) => g.dataSync() as Float32Array) };
  });
}

/** Names of the kernels one forward pass runs. */
async function kernelsOf(model: tf.Sequential, c: Case): Promise<string[]> {
  const x = tf.zeros([c.batch, c.timeSteps, c.inputDim]);
  const info = await tf.profile(() => model.predict(x) as tf.Tensor);
  tf.dispose([x, info.result as tf.Tensor]);
  return info.kernels.map((k) => k.name);
}

const worst = { forward: 0, grad: 0, vsReference: 0 };

for (const c of cases) {
  test(`${c.kind === 'lstm' ? 'LSTM' : 'SimpleRNN'} matches PyTorch, fused and op by op: ${c.name}`, async () => {
    await ready();
    const { model, layer } = build(c);
    const before = tf.memory().numTensors;
    const results: Record<'fused' | 'reference', ReturnType<typeof run>> = {} as never;
    try {
      for (const path of ['fused', 'reference'] as const) {
        setFused(path === 'fused');
        // the fused path runs a handful of kernels; the op-by-op one several per time step
        const kernels = await kernelsOf(model, c);
        if (path === 'fused') assert.ok(kernels.length <= 4, `fused ${c.name} ran ${kernels.length} kernels: ${kernels}`);
        else assert.ok(kernels.length >= 4 * c.timeSteps, `op-by-op ${c.name} ran ${kernels.length} kernels`);
        // Porting note: TF.js's op-by-op RNN cannot differentiate a one-step sequence (its
        // unstack gradient receives no tensors and throws); the fused path can.
        const withGrads = path === 'fused' || c.timeSteps > 1;
        const got = run(c, model, layer, withGrads);
        results[path] = got;
        const forward = diff(got.output, c.output);
        assert.ok(forward.abs <= 1e-5, `${path} output differs from PyTorch by ${forward.abs}`);
        worst.forward = Math.max(worst.forward, forward.abs);
        const expected = [
          c.grads.x,
          transposed(c.grads.weight_ih_l0, c.weightShapes.weight_ih_l0),
          transposed(c.grads.weight_hh_l0, c.weightShapes.weight_hh_l0),
          c.grads.bias_ih_l0,
        ];
        if (withGrads) ['x', 'kernel', 'recurrentKernel', 'bias'].forEach((name, i) => {
          const d = diff(got.grads[i], expected[i]);
          assert.ok(d.rel <= 1e-4, `${path} gradient of ${name} differs from PyTorch by ${d.abs} (relative ${d.rel})`);
          worst.grad = Math.max(worst.grad, d.abs);
        });
      }
      const f = results.fused;
      const r = results.reference;
      const d = Math.max(diff(f.output, Array.from(r.output)).abs, ...r.grads.map((g, i) => diff(f.grads[i], Array.from(g)).abs));
      assert.ok(d <= 1e-5, `fused and op-by-op paths differ by ${d}`);
      worst.vsReference = Math.max(worst.vsReference, d);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    } finally {
      setFused(true);
      model.dispose();
    }
  });
}

test('LSTM and SimpleRNN parity: worst differences', () => {
  console.log(`fused LSTM/SimpleRNN vs PyTorch: forward ${worst.forward.toExponential(2)}, gradients ${worst.grad.toExponential(2)}; `
    + `fused vs op by op: ${worst.vsReference.toExponential(2)}`);
});
