/**
 * `prepareWindows`: split, scale and window a series without letting the validation or
 * test data leak into training.
 */
import type * as tf from '@tensorflow/tfjs';
import { DataFrame } from 'danfojs-node';
import { MinMaxScaler } from './scaler';
import { chronologicalSplit, SPLIT_PARTS, type SplitParts, type SplitSpec } from './split';
import { makeWindows, type MakeWindowsOptions, type Windows } from './windows';

/** Options of {@link prepareWindows}: how to split, then how to window each part. */
export interface PrepareWindowsOptions extends MakeWindowsOptions {
  /** Fractions or dates, as for {@link chronologicalSplit}. */
  split: SplitSpec;
  /** Range of the scaled values; default `[0, 1]`. */
  featureRange?: [number, number];
}

/** What {@link prepareWindows} returns. Call `dispose()` to free the six tensors. */
export interface PreparedWindows {
  /** The unscaled parts. */
  parts: SplitParts;
  /** Scaler of the input columns, fitted on the training part only. */
  inputScaler: MinMaxScaler;
  /** Scaler of the target columns, fitted on the training part only; its `inverseTransform` turns predictions back into the data's units. */
  targetScaler: MinMaxScaler;
  /** Windows of each part, scaled: `x` `[samples, timeStep, features]`, `y` `[samples, horizon, targets]`. */
  train: Windows<tf.Tensor3D, tf.Tensor3D>;
  validation: Windows<tf.Tensor3D, tf.Tensor3D>;
  test: Windows<tf.Tensor3D, tf.Tensor3D>;
  /** Disposes the six window tensors. */
  dispose(): void;
}

/**
 * The leakage-free pipeline: split the rows in time order, fit the scalers on the training
 * part only, scale all three parts with them, and cut windows inside each part, so no
 * window straddles two parts and nothing about the validation or test rows (not even
 * their minimum or maximum) reaches training.
 *
 * Scaling the whole series before splitting, as lesson 04 does, lets the test period's
 * range shape the training inputs; this function is the fix.
 *
 * @param frame rows in ascending time order (as {@link loadCsv} returns them).
 * @param options see {@link PrepareWindowsOptions}.
 * @returns parts, fitted scalers and windows (tensors the caller disposes with `dispose()`).
 * @throws Error as {@link chronologicalSplit} and {@link makeWindows} do, and when a part
 *   has fewer rows than one window needs (naming the part, its rows, `timeStep` and
 *   `horizon`).
 * @example
 * const data = prepareWindows(df, { split: { train: 0.7, validation: 0.15, test: 0.15 },
 *   inputColumns: ['Temp'], targetColumns: ['Temp'], timeStep: 100 });
 * data.train.x.shape; // => [5500, 100, 1] for the 8000-row file
 * data.dispose();
 */
export function prepareWindows(frame: DataFrame, options: PrepareWindowsOptions): PreparedWindows {
  const { inputColumns, targetColumns, timeStep } = options;
  const horizon = options.horizon ?? 1;
  const parts = chronologicalSplit(frame, options.split);
  const needed = timeStep + horizon;
  for (const name of SPLIT_PARTS) {
    const rows = parts[name].shape[0];
    if (rows < needed) {
      throw new Error(
        `prepareWindows: the ${name} part has ${rows} rows, fewer than one window needs (timeStep ${timeStep} + horizon ${horizon} = ${needed})`,
      );
    }
  }
  // A new frame from the columns' values rather than `part.loc({ columns })`, which takes
  // ~25 ms on 8000 rows in danfojs 1.2.
  const select = (part: DataFrame, columns: string[]): DataFrame => {
    const existing = part.columns.map(String);
    const data: Record<string, unknown[]> = {};
    for (const name of columns) {
      if (!existing.includes(name)) {
        throw new Error(`prepareWindows: column '${name}' is not in the frame; the columns are ${JSON.stringify(existing)}`);
      }
      data[name] = part.column(name).values as unknown[];
    }
    return new DataFrame(data);
  };
  const scalerOptions = { featureRange: options.featureRange };
  const inputScaler = new MinMaxScaler(scalerOptions).fit(select(parts.train, inputColumns));
  const targetScaler = new MinMaxScaler(scalerOptions).fit(select(parts.train, targetColumns));

  const windowsOf = (part: DataFrame): Windows<tf.Tensor3D, tf.Tensor3D> => {
    // One frame with the scaled inputs and targets; a column that is both gets the same
    // numbers from either scaler (each column is scaled by its own min and max).
    const scaledInputs = inputScaler.transform(select(part, inputColumns));
    const scaledTargets = targetScaler.transform(select(part, targetColumns));
    const data: Record<string, unknown[]> = {};
    for (const name of inputColumns) data[name] = scaledInputs.column(name).values as unknown[];
    for (const name of targetColumns) data[name] = scaledTargets.column(name).values as unknown[];
    return makeWindows(new DataFrame(data), { ...options, horizon });
  };
  const train = windowsOf(parts.train);
  const validation = windowsOf(parts.validation);
  const test = windowsOf(parts.test);
  return {
    parts,
    inputScaler,
    targetScaler,
    train,
    validation,
    test,
    dispose: () => {
      for (const w of [train, validation, test]) {
        w.x.dispose();
        w.y.dispose();
      }
    },
  };
}
