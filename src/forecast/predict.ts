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

/** The window a forecast came from, for {@link checkFiniteForecasts}'s message. */
export interface ForecastWindow {
  /** Its first and last dates, as shown to the user. */
  from: string;
  to: string;
  /** Its target values. */
  values: number[];
}

/**
 * Refuses forecasts that are not finite numbers (a value far outside the training range
 * overflows the network's 32-bit floats), naming the first such forecast's window, rather
 * than scoring or writing `NaN`.
 *
 * @param caller the method, for the message (`'evaluate'`, `'predictNext'`).
 * @param forecasts `[windows][steps]`, in the target's units.
 * @param windowOf the input window of forecast row `s`.
 * @param trainingRange `[min, max]` of the target on the rows the scalers were fitted on.
 * @throws Error naming the window, its extreme value and the training range.
 * @example
 * checkFiniteForecasts('evaluate', [[NaN]], () => ({ from: '2020-04-11', to: '2020-04-19', values: [9, 3e38] }), [8.9, 11.1]);
 * // throws "evaluate: the GRU's forecast from the window 2020-04-11 to 2020-04-19 is NaN: the window reaches 3e+38, ..."
 */
export function checkFiniteForecasts(caller: string, forecasts: number[][], windowOf: (s: number) => ForecastWindow, trainingRange: [number, number]): void {
  const s = forecasts.findIndex((row) => row.some((v) => !Number.isFinite(v)));
  if (s < 0) return;
  const window = windowOf(s);
  const value = forecasts[s].find((v) => !Number.isFinite(v));
  const [lo, hi] = trainingRange;
  const extreme = window.values.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
  const span = Math.max(hi - lo, Math.abs(hi), Number.MIN_VALUE);
  const why =
    extreme < lo - 1e6 * span || extreme > hi + 1e6 * span
      ? `the window reaches ${extreme}, far outside the training range ${lo} to ${hi}, and the network's 32-bit floats overflow; correct the value, or rescale the column`
      : 'the trained weights give no finite forecast; lower learningRate, or look for extreme values in the data';
  throw new Error(`${caller}: the GRU's forecast from the window ${window.from} to ${window.to} is ${value}: ${why}`);
}
