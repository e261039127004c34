/**
 * The forecaster's network: a GRU stack, its Dense head and, with window normalisation,
 * the linear highway of the whole window.
 */
import * as tf from '@tensorflow/tfjs';
import { gru } from '../models/gru-layer';
import { dense } from '../models/layers';
import { withSeed } from '../models/initializers';
import type { ForecasterConfig } from './options';

/** Name of the highway layer (its weights are set by least squares before training). */
export const HIGHWAY = 'highway';

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
  const outputs = config.strategy === 'direct' ? config.horizon : 1;
  const relative = config.normalization === 'window';
  const model = withSeed(config.seed, () => {
    const input = tf.input({ shape: [config.timeStep, features] });
    let hidden = input;
    config.units.forEach((units, i) => {
      hidden = gru({ units, returnSequences: i < config.units.length - 1 }).apply(hidden) as tf.SymbolicTensor;
    });
    let output = dense({ units: outputs, ...(relative ? { kernelInitializer: 'zeros' as const } : {}) }).apply(hidden) as tf.SymbolicTensor;
    if (relative && config.highway) {
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const linear = dense({ units: outputs, useBias: false, kernelInitializer: 'zeros', name: HIGHWAY }).apply(flat) as tf.SymbolicTensor;
      output = tf.layers.add().apply([output, linear]) as tf.SymbolicTensor;
    }
    return tf.model({ inputs: input, outputs: output });
  });
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'meanSquaredError' });
  return model;
}
