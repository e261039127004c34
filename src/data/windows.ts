/**
 * Sliding windows over a time series: the lesson's `create_dataset`, and a general
 * multivariate, multi-step version.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataFrame, Series } from 'danfojs-node';
import { describe } from '../base/describe';
import { checkPositiveInteger, checkTimeStep } from '../base/checks';

import { isDataFrame, isSeries } from './columns';

/** A series for {@link createDataset}: numbers, or rows whose first column is used. */
export type SeriesLike = number[] | Float64Array | Float32Array | number[][] | Series | DataFrame;

/** Options of {@link createDataset}. */
export interface CreateDatasetOptions {
  /**
   * Keep the lesson's `range(len(data) - time_step - 1)`, which leaves out the last
   * possible window; default `true`. `false` yields all `len - timeStep` windows.
   */
  dropLast?: boolean;
}

/** Inputs and targets for a model: tensors the caller owns and must `dispose()`. */
export interface Windows<X extends tf.Tensor = tf.Tensor3D, Y extends tf.Tensor = tf.Tensor> {
  /** Inputs. */
  x: X;
  /** Targets. */
  y: Y;
}

/** Reads a series as float64 numbers (the first column of 2-D input). */
function seriesValues(values: SeriesLike, caller: string): ArrayLike<number> {
  let data: ArrayLike<unknown>;
  if (values instanceof Float64Array || values instanceof Float32Array) return values;
  if (isDataFrame(values)) data = values.column(String(values.columns[0])).values as unknown[];
  else if (isSeries(values)) data = values.values as unknown[];
  else if (Array.isArray(values)) {
    data = values.length > 0 && Array.isArray(values[0]) ? (values as number[][]).map((row) => row[0]) : values;
  } else {
    throw new Error(`${caller}: values must be number[], Float64Array, number[][], a Series or DataFrame, got ${describe(values)}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (typeof data[i] !== 'number' || !Number.isFinite(data[i] as number)) {
      throw new Error(`${caller}: values[${i}] is ${describe(data[i])}, expected a finite number`);
    }
  }
  return data as ArrayLike<number>;
}

/**
 * Lesson 04's `create_dataset`: each window of `timeStep` consecutive values is an input,
 * the value right after it is the target.
 *
 * The lesson loops over `range(len(data) - time_step - 1)`, one window fewer than the
 * series allows: the window whose target is the very last value (inputs
 * `len - timeStep - 1 .. len - 2`, target `len - 1`) is never built, an off-by-one since
 * Python's `range` already stops before its end. We keep it by default so that results
 * match the lesson's exactly (8000 values, `timeStep` 100 -> 7899 windows, not 7900, hence
 * the same batches and losses); `{ dropLast: false }` gives every window.
 *
 * @param values the series: `number[]`, `Float64Array`, a Series, or `number[][]` / a
 *   DataFrame whose first column is used (the lesson's `data[i:i+t, 0]`).
 * @param timeStep window length, a positive integer; default 1 (the lesson's default).
 * @param options see {@link CreateDatasetOptions}; default `{ dropLast: true }`.
 * @returns `x` shaped `[windows, timeStep, 1]` and `y` shaped `[windows]` (float32
 *   tensors, the caller disposes them), `windows = len - timeStep - 1` (or `len - timeStep`).
 * @throws Error when `timeStep` is not a positive integer smaller than the series length
 *   (naming both), when no window fits, or when a value is not a finite number.
 * @example
 * const { x, y } = createDataset(temps, 100); // temps.length === 8000
 * x.shape; // => [7899, 100, 1]
 * y.shape; // => [7899]
 * Porting note: the lesson's NumPy arrays are float64; TensorFlow.js tensors are float32
 * (the dtype Keras trains in as well), so window values equal `Math.fround(value)`.
 *
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function createDataset(values: SeriesLike, timeStep = 1, options: CreateDatasetOptions = {}): Windows<tf.Tensor3D, tf.Tensor1D> {
  const caller = 'createDataset';
  const data = seriesValues(values, caller);
  checkTimeStep(timeStep, data.length, caller);
  const dropLast = options.dropLast ?? true;
  const count = data.length - timeStep - (dropLast ? 1 : 0);
  if (count < 1) {
    throw new Error(
      `${caller}: timeStep ${timeStep} leaves no window in a series of ${data.length} values with dropLast (the lesson's range(len - timeStep - 1)); use timeStep <= ${data.length - 2} or { dropLast: false }`,
    );
  }
  const x = new Float32Array(count * timeStep);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < timeStep; t++) x[i * timeStep + t] = data[i + t];
    y[i] = data[i + timeStep];
  }
  return { x: tf.tensor3d(x, [count, timeStep, 1]), y: tf.tensor1d(y) };
}

/** Options of {@link makeWindows}. */
export interface MakeWindowsOptions {
  /** Columns fed to the model, in this order (the `features` axis). */
  inputColumns: string[];
  /** Columns to predict (the `targets` axis). */
  targetColumns: string[];
  /** Input window length, a positive integer. */
  timeStep: number;
  /** How many steps after the window to predict; default 1. */
  horizon?: number;
  /** Distance between the starts of consecutive windows; default 1. */
  stride?: number;
}

/**
 * Cuts a DataFrame into windows: rows `s .. s+timeStep-1` of `inputColumns` as the input,
 * rows `s+timeStep .. s+timeStep+horizon-1` of `targetColumns` as the target, for
 * `s = 0, stride, 2*stride, ...` while the target fits. Unlike {@link createDataset}, every
 * window that fits is used.
 *
 * @param frame the series, one row per time step, rows in time order.
 * @param options see {@link MakeWindowsOptions}.
 * @returns `x` shaped `[samples, timeStep, features]` and `y` shaped
 *   `[samples, horizon, targets]` (float32 tensors the caller disposes), with
 *   `samples = floor((rows - timeStep - horizon) / stride) + 1`.
 * @throws Error when a column is missing (naming it and the columns that exist) or not
 *   numeric, when `timeStep`, `horizon` or `stride` is not a positive integer, or when
 *   `timeStep + horizon` exceeds the rows (naming both numbers).
 * @example
 * const w = makeWindows(df, { inputColumns: ['CO2', 'adjusted CO2'], targetColumns: ['CO2'], timeStep: 12, horizon: 3 });
 * w.x.shape; // => [727, 12, 2] for 741 rows
 * w.y.shape; // => [727, 3, 1]
 */
export function makeWindows(frame: DataFrame, options: MakeWindowsOptions): Windows<tf.Tensor3D, tf.Tensor3D> {
  const caller = 'makeWindows';
  const { inputColumns, targetColumns, timeStep } = options;
  const horizon = options.horizon ?? 1;
  const stride = options.stride ?? 1;
  if (!isDataFrame(frame)) throw new Error(`${caller}: frame must be a danfojs DataFrame, got ${describe(frame)}`);
  const rows = frame.shape[0];
  for (const [name, value] of [['horizon', horizon], ['stride', stride]] as const) {
    checkPositiveInteger(caller, name, value);
  }
  checkTimeStep(timeStep, rows, caller);
  if (timeStep + horizon > rows) {
    throw new Error(`${caller}: timeStep (${timeStep}) + horizon (${horizon}) = ${timeStep + horizon} exceeds the ${rows} rows; no window fits`);
  }
  const inputs = columnsOf(frame, inputColumns, 'inputColumns', caller);
  const targets = columnsOf(frame, targetColumns, 'targetColumns', caller);
  const samples = Math.floor((rows - timeStep - horizon) / stride) + 1;
  const features = inputs.length;
  const x = new Float32Array(samples * timeStep * features);
  const y = new Float32Array(samples * horizon * targets.length);
  for (let s = 0; s < samples; s++) {
    const start = s * stride;
    for (let t = 0; t < timeStep; t++) {
      for (let f = 0; f < features; f++) x[(s * timeStep + t) * features + f] = inputs[f][start + t];
    }
    for (let h = 0; h < horizon; h++) {
      for (let k = 0; k < targets.length; k++) y[(s * horizon + h) * targets.length + k] = targets[k][start + timeStep + h];
    }
  }
  return {
    x: tf.tensor3d(x, [samples, timeStep, features]),
    y: tf.tensor3d(y, [samples, horizon, targets.length]),
  };
}

function columnsOf(frame: DataFrame, names: string[], option: string, caller: string): number[][] {
  const existing = frame.columns.map(String);
  if (!Array.isArray(names) || names.length === 0) {
    throw new Error(`${caller}: ${option} must name at least one of the columns ${JSON.stringify(existing)}, got ${describe(names)}`);
  }
  return names.map((name) => {
    if (!existing.includes(name)) {
      throw new Error(`${caller}: ${option} names '${name}', which is not a column; the columns are ${JSON.stringify(existing)}`);
    }
    const values = frame.column(name).values as unknown[];
    values.forEach((value, r) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`${caller}: column '${name}' row index ${r} is ${describe(value)}, expected a finite number`);
      }
    });
    return values as number[];
  });
}
