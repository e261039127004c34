/**
 * Random GRU runs for the fused kernel's tests (test/fused.test.ts against the op-by-op
 * reference, test/fused-infer.test.ts the inference pass against the recorded one): a case
 * names the shapes and settings, `makeGruArgs` draws its tensors from a seeded generator.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/index';
import type { GruActivation, GruSequenceArgs } from '../../src/internals';

/** Shapes and settings of one random GRU run. */
export interface GruCase {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  resetAfter: boolean;
  returnSequences: boolean;
  goBackwards: boolean;
  activation: GruActivation;
  /** Default `'sigmoid'`. */
  recurrentActivation?: GruActivation;
  bias: boolean;
  initialState: boolean;
  /** 'lengths': right-padded samples (sample 0 full, sample 1 empty); 'random': any steps padded. */
  mask?: 'lengths' | 'random';
}

/** A tensor of `shape` with normal values times `scale`. */
export function randomTensor(rng: Rng, shape: number[], scale: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => scale * rng.normal()), shape);
}

function makeMask(rng: Rng, c: GruCase): tf.Tensor | undefined {
  if (c.mask === undefined) return undefined;
  const values = new Float32Array(c.batch * c.steps);
  for (let b = 0; b < c.batch; b++) {
    const length = b === 0 ? c.steps : b === 1 ? 0 : rng.int(c.steps + 1);
    for (let t = 0; t < c.steps; t++) {
      values[b * c.steps + t] = c.mask === 'lengths' ? Number(t < length) : Number(rng.uniform() < 0.6);
    }
  }
  return tf.tensor2d(values, [c.batch, c.steps]);
}

/** The tensors and settings of case `c`, drawn from `rng`. */
export function makeGruArgs(rng: Rng, c: GruCase): GruSequenceArgs {
  return {
    x: randomTensor(rng, [c.batch, c.steps, c.inputDim], 1) as tf.Tensor3D,
    kernel: randomTensor(rng, [c.inputDim, 3 * c.units], 0.5) as tf.Tensor2D,
    recurrentKernel: randomTensor(rng, [c.units, 3 * c.units], 0.3) as tf.Tensor2D,
    bias: c.bias ? randomTensor(rng, c.resetAfter ? [2, 3 * c.units] : [3 * c.units], 0.2) : null,
    initialState: c.initialState ? (randomTensor(rng, [c.batch, c.units], 0.5) as tf.Tensor2D) : undefined,
    mask: makeMask(rng, c),
    resetAfter: c.resetAfter,
    activation: c.activation,
    recurrentActivation: c.recurrentActivation ?? 'sigmoid',
    goBackwards: c.goBackwards,
    returnSequences: c.returnSequences,
  };
}
