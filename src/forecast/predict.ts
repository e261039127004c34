/**
 * Forecasts from windows: one pass for the direct strategy, a loop that feeds each
 * prediction back for the recursive one; relative windows turned back into levels.
 */
import * as tf from '@tensorflow/tfjs';
import type { MinMaxScaler } from '../data/scaler';
import type { ForecastStrategy } from './strategy';
import { lastValues, relativeWindows } from './window-norm';

/**
 * Scaled forecasts of `steps` steps for each window of `x` (`[windows, timeStep, features]`),
 * `[windows][steps]`. Direct: one pass, the first `steps` outputs. Recursive: predict one
 * step, slide the window over it (the prediction becomes the newest input), repeat.
 *
 * @param windowScale with window normalisation, the factor of the relative windows (see `window-norm.ts`).
 */
export function predictScaled(model: tf.LayersModel, x: tf.Tensor3D, strategy: ForecastStrategy, steps: number, windowScale?: number): number[][] {
  // With window normalisation the model sees windows relative to their last value and
  // answers the change from it, divided back and added to that value here.
  const forward = (window: tf.Tensor3D): tf.Tensor2D => {
    if (windowScale === undefined) return model.predict(window, { batchSize: 256 }) as tf.Tensor2D;
    const last = lastValues(window);
    return (model.predict(relativeWindows(window, last, windowScale), { batchSize: 256 }) as tf.Tensor2D).div(windowScale).add(last);
  };
  if (strategy === 'direct') {
    const out = tf.tidy(() => forward(x));
    const values = out.arraySync();
    out.dispose();
    return values.map((row) => row.slice(0, steps));
  }
  const result = tf.tidy(() => {
    const [windows, timeStep] = x.shape;
    let window: tf.Tensor3D = x;
    const predictions: tf.Tensor2D[] = [];
    for (let k = 0; k < steps; k++) {
      const next = forward(window); // [windows, 1]
      predictions.push(next);
      // The target is scaled the same way as an input (the same column, the same training
      // min and max), so the scaled prediction can be fed straight back in.
      window = tf.concat([window.slice([0, 1, 0], [windows, timeStep - 1, 1]), next.reshape([windows, 1, 1]) as tf.Tensor3D], 1);
    }
    return tf.concat(predictions, 1);
  });
  const values = result.arraySync() as number[][];
  result.dispose();
  return values;
}

/** Scaled forecasts (`[windows][steps]`) back in the target's units. */
export function unscale(targetScaler: MinMaxScaler, scaled: number[][]): number[][] {
  return scaled.map((row) => targetScaler.inverseTransform(row));
}
