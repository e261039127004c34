/**
 * Per-window normalisation with a residual on the naive forecast (as DeepAR scales each
 * window and N-BEATS forecasts from the window's level): the target column of each input
 * window is taken relative to its last value, and the model is trained on the change from
 * that value. A model that outputs 0 is the naive forecast; it learns only what to add.
 */
import * as tf from '@tensorflow/tfjs';
import type { MinMaxScaler } from '../data/scaler';

/** The target's (column 0) last value in each window, `[windows, 1]`. */
export function lastValues(x: tf.Tensor3D): tf.Tensor2D {
  const [windows, timeStep] = x.shape;
  return x.slice([0, timeStep - 1, 0], [windows, 1, 1]).reshape([windows, 1]);
}

/** `x` with its target column made `(x - last) · scale`; the other columns unchanged. */
export function relativeWindows(x: tf.Tensor3D, last: tf.Tensor2D, scale: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [windows, timeStep, features] = x.shape;
    const target = x.slice([0, 0, 0], [windows, timeStep, 1]).sub(last.reshape([windows, 1, 1])).mul(scale);
    if (features === 1) return target as tf.Tensor3D;
    return tf.concat([target, x.slice([0, 0, 1], [windows, timeStep, features - 1])], 2) as tf.Tensor3D;
  });
}

/**
 * The factor that gives relative windows a unit scale: `1 / sd` of the one-step changes of
 * the min-max scaled training target (changes are small next to the [0, 1] range, and a
 * network learns poorly from inputs of 0.01).
 *
 * @param training the unscaled training target.
 * @param targetScaler the target's fitted scaler (its range converts units).
 * @returns the factor; `1` when the training target never changes.
 */
export function windowScaleOf(training: number[], targetScaler: MinMaxScaler): number {
  const range = targetScaler.dataMax[0] - targetScaler.dataMin[0];
  const changes = training.slice(1).map((v, i) => v - training[i]);
  const mean = changes.reduce((a, b) => a + b, 0) / Math.max(1, changes.length);
  const sd = Math.sqrt(changes.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, changes.length));
  return sd > 0 && range > 0 ? range / sd : 1;
}
