/**
 * Adam on plain arrays, for the fused training step: the same update as TensorFlow.js's
 * `AdamOptimizer.applyGradients`, with its moments read from the model's optimizer before
 * training and written back to it after, so `model.fit` or `trainOnBatch` can carry on
 * from where the fused step stopped (and the other way round).
 *
 * Written by hand because the point is to leave TensorFlow.js's per-variable op dispatch
 * (about ten ops for each weight on every batch) out of the step; the arithmetic is
 * TensorFlow.js's (tfjs-core `adam_optimizer.ts`), in float64 on float32 storage.
 */
import * as tf from '@tensorflow/tfjs';

/** Adam's settings, as `AdamOptimizer.getConfig()` gives them. */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** One optimizer's moments for a list of variables, kept as arrays while the fused step trains. */
export class AdamArrays {
  /** Steps taken so far (TensorFlow.js's `iterations`). */
  private iterations: number;

  private constructor(
    private readonly settings: AdamSettings,
    private readonly first: Float32Array[],
    private readonly second: Float32Array[],
    iterations: number,
  ) {
    this.iterations = iterations;
  }

  /**
   * Reads `optimizer`'s moments for `variables` (zeros when it has not trained yet).
   * @returns the arrays, or a sentence when the optimizer holds moments for other variables.
   */
  static async load(optimizer: tf.AdamOptimizer, settings: AdamSettings, variables: tf.LayerVariable[]): Promise<AdamArrays | string> {
    const saved = await optimizer.getWeights();
    const [iter, ...moments] = saved;
    const iterations = (await iter.tensor.data())[0];
    iter.tensor.dispose();
    const n = variables.length;
    const sizes = variables.map((v) => v.read().size);
    if (moments.length === 0) {
      const zeros = (): Float32Array[] => sizes.map((size) => new Float32Array(size));
      return new AdamArrays(settings, zeros(), zeros(), iterations);
    }
    if (moments.length !== 2 * n || moments.some((m, i) => m.tensor.size !== sizes[i % n])) {
      return `the optimizer holds moments for ${moments.length / 2} other variables`;
    }
    const arrays = moments.map((m) => (m.tensor.dataSync() as Float32Array).slice());
    return new AdamArrays(settings, arrays.slice(0, n), arrays.slice(n), iterations);
  }

  /** One Adam step: updates every `params[i]` in place from `grads[i]`. */
  update(params: Float32Array[], grads: Float32Array[]): void {
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    this.iterations++;
    // TensorFlow.js's accBeta after `iterations - 1` updates is beta^iterations
    const correction1 = 1 - beta1 ** this.iterations;
    const correction2 = 1 - beta2 ** this.iterations;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const g = grads[i];
      const m = this.first[i];
      const v = this.second[i];
      for (let j = 0; j < p.length; j++) {
        const gj = g[j];
        const mj = m[j] * beta1 + gj * (1 - beta1);
        const vj = v[j] * beta2 + gj * gj * (1 - beta2);
        m[j] = mj;
        v[j] = vj;
        p[j] -= ((mj / correction1) / (Math.sqrt(vj / correction2) + epsilon)) * learningRate;
      }
    }
  }

  /** Writes the moments and step count back into `optimizer`, named as TensorFlow.js names them. */
  async store(optimizer: tf.AdamOptimizer, variables: tf.LayerVariable[]): Promise<void> {
    const names = variables.map((v) => (v.read() as tf.Variable).name);
    const named = (arrays: Float32Array[], suffix: string): Array<{ name: string; tensor: tf.Tensor }> =>
      arrays.map((a, i) => ({ name: `${names[i]}/${suffix}`, tensor: tf.tensor(a, variables[i].read().shape, 'float32') }));
    const [iter, ...previous] = await optimizer.getWeights();
    iter.tensor.dispose();
    const weights = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }, ...named(this.first, 'm'), ...named(this.second, 'v')];
    await optimizer.setWeights(weights);
    // setWeights made variables of its own from these, and replaced (without freeing) the previous ones
    tf.dispose(weights.map((w) => w.tensor));
    tf.dispose(previous.map((w) => w.tensor));
  }
}
