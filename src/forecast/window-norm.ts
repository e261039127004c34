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

/** Ridge penalties tried for the highway, relative to the mean of the Gram matrix's diagonal. */
const RIDGES = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/**
 * Least-squares weights of the linear highway, `[timeStep · features, outputs]`: ridge
 * regression of the relative targets on the flattened relative windows (an AR model on
 * the window's changes, as ARIMA(p, 1, 0) is), so training starts from the best linear
 * forecast and the GRU learns what is left. The penalty is chosen on the validation
 * windows among `RIDGES` and "no highway" (all zeros: the naive forecast), so a short
 * noisy series (a random walk) does not get an over-fitted AR model.
 *
 * Hand-written (normal equations and a Cholesky solve): TensorFlow.js has no linear
 * solver, and the system is small (`timeStep · features` unknowns).
 *
 * @param train relative windows `[windows, timeStep, features]` and targets `[windows, outputs]`.
 * @param validation the same for the validation part.
 * @returns the weights and the penalty chosen (`Infinity`: all zeros).
 */
export function highwayWeights(train: [tf.Tensor3D, tf.Tensor2D], validation: [tf.Tensor3D, tf.Tensor2D]): { weights: number[][]; ridge: number } {
  const [x, y] = train;
  const [windows, timeStep, features] = x.shape;
  const d = timeStep * features;
  const outputs = y.shape[1];
  const [gram, cross, xv, yv] = tf.tidy(() => {
    const xs = x.reshape([windows, d]) as tf.Tensor2D;
    return [tf.matMul(xs, xs, true, false), tf.matMul(xs, y, true, false), validation[0].reshape([validation[0].shape[0], d]), validation[1]] as tf.Tensor2D[];
  });
  const a = gram.arraySync();
  const b = cross.arraySync();
  const xVal = xv.arraySync();
  const yVal = yv.arraySync();
  tf.dispose([gram, cross, xv]);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += a[i][i];
  const zeros = Array.from({ length: d }, () => new Array<number>(outputs).fill(0));
  let best = { weights: zeros, ridge: Infinity, error: validationError(zeros, xVal, yVal) };
  for (const ridge of RIDGES) {
    const weights = solveRidge(a, b, Math.max(ridge * (trace / d), 1e-12));
    const error = validationError(weights, xVal, yVal);
    if (error < best.error) best = { weights, ridge, error };
  }
  return { weights: best.weights, ridge: best.ridge };
}

/** Mean squared error of the linear forecast `x · w` on the validation windows. */
function validationError(w: number[][], x: number[][], y: number[][]): number {
  let sum = 0;
  for (let r = 0; r < x.length; r++) {
    for (let o = 0; o < w[0].length; o++) {
      let p = 0;
      for (let i = 0; i < w.length; i++) p += x[r][i] * w[i][o];
      sum += (y[r][o] - p) ** 2;
    }
  }
  return sum / Math.max(1, x.length);
}

/** Solves `(a + lambda·I) w = b` by Cholesky, `a` symmetric positive semi-definite. */
function solveRidge(a: number[][], b: number[][], lambda: number): number[][] {
  const d = a.length;
  const outputs = b[0].length;
  const l = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j] + (i === j ? lambda : 0);
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
    }
  }
  const w = Array.from({ length: d }, () => new Array<number>(outputs).fill(0));
  for (let o = 0; o < outputs; o++) {
    const z = new Float64Array(d); // L z = b
    for (let i = 0; i < d; i++) {
      let sum = b[i][o];
      for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
      z[i] = sum / l[i][i];
    }
    for (let i = d - 1; i >= 0; i--) { // Lᵀ w = z
      let sum = z[i];
      for (let k = i + 1; k < d; k++) sum -= l[k][i] * w[k][o];
      w[i][o] = sum / l[i][i];
    }
  }
  return w;
}
