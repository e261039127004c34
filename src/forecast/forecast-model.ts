/**
 * The forecaster's network: a GRU stack, its Dense head and, with window normalisation,
 * the linear highway of the whole window.
 */
import * as tf from '@tensorflow/tfjs';
import { gru } from '../models/gru-layer';
import { dense } from '../models/layers';
import { withSeed, type Seed } from '../models/initializers';
import type { ForecasterConfig } from './options';

/** Name of the highway layer (its weights are set by least squares before training). */
export const HIGHWAY = 'highway';

/** The shape and training settings of {@link recurrentForecastNetwork}. */
export interface NetworkSpec {
  /** Input steps and features per step: the input is `[batch, steps, features]`. */
  steps: number;
  features: number;
  /** Units of each GRU layer (all but the last return sequences). */
  units: readonly number[];
  /** Outputs of the head (`horizon` for a direct forecast). */
  outputs: number;
  /** Start the head at zero, so the untrained network outputs 0 (a residual on a baseline). */
  zeroHead: boolean;
  /** Add a linear map of the whole input window to the head's output (LSTNet's highway), starting at zero. */
  highway: boolean;
  seed: Seed;
  learningRate: number;
}

/**
 * A GRU stack, its Dense head and optionally the linear highway, compiled with Adam and MSE:
 * the network both the single-series forecaster and the many-series one train.
 *
 * @example
 * recurrentForecastNetwork({ steps: 7, features: 24, units: [64], outputs: 48, zeroHead: true, highway: true, seed: 1, learningRate: 0.001 }).outputs[0].shape; // => [null, 48]
 */
export function recurrentForecastNetwork(spec: NetworkSpec): tf.LayersModel {
  const model = withSeed(spec.seed, () => {
    const input = tf.input({ shape: [spec.steps, spec.features] });
    let hidden = input;
    spec.units.forEach((units, i) => {
      hidden = gru({ units, returnSequences: i < spec.units.length - 1 }).apply(hidden) as tf.SymbolicTensor;
    });
    let output = dense({ units: spec.outputs, ...(spec.zeroHead ? { kernelInitializer: 'zeros' as const } : {}) }).apply(hidden) as tf.SymbolicTensor;
    if (spec.highway) {
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const linear = dense({ units: spec.outputs, useBias: false, kernelInitializer: 'zeros', name: HIGHWAY }).apply(flat) as tf.SymbolicTensor;
      output = tf.layers.add().apply([output, linear]) as tf.SymbolicTensor;
    }
    return tf.model({ inputs: input, outputs: output });
  });
  model.compile({ optimizer: tf.train.adam(spec.learningRate), loss: 'meanSquaredError' });
  return model;
}

/**
 * The GRU stack and its Dense head, compiled: `[batch, timeStep, features]` →
 * `[batch, horizon]` (direct) or `[batch, 1]` (recursive). Initial weights come from `seed`.
 *
 * With `normalization: 'window'` the head starts at zero (the untrained model is the naive
 * forecast, and training learns what to add to it), and with `highway` a linear map of the
 * whole window is added to the head's output (LSTNet's autoregressive "highway": the
 * linear part of the forecast, such as a seasonal difference, is learnt directly).
 *
 * @example
 * buildForecastModel(config, 1).outputs[0].shape; // => [null, 7] for horizon 7, strategy 'direct'
 */
export function buildForecastModel(config: ForecasterConfig, features: number): tf.LayersModel {
  const relative = config.normalization === 'window';
  return recurrentForecastNetwork({
    steps: config.timeStep, features, units: config.units, outputs: config.strategy === 'direct' ? config.horizon : 1,
    zeroHead: relative, highway: relative && config.highway, seed: config.seed, learningRate: config.learningRate,
  });
}
