/**
 * One training run of a forecaster on one stretch of rows, and its scores on that
 * stretch's test part. `Forecaster.fit` runs it once; each backtest fold runs it again on
 * an earlier cut of the series. It only composes the library: `prepareWindows` (split and
 * scalers fitted on the training part), `gru` / `dense` layers, `fit`.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataFrame } from 'danfojs-node';
import { prepareWindows, type PreparedWindows } from '../data/pipeline';
import type { SplitSpec } from '../data/split';
import { gru } from '../models/gru-layer';
import { dense } from '../models/layers';
import { withSeed } from '../models/initializers';
import type { TrainingObserver } from '../models/observer';
import type { TrainResult } from '../models/training-loop';
import { fit } from '../training/fit';
import { naiveForecast, seasonalNaiveForecast } from './baselines';
import { errorMetrics, type ErrorMetrics } from './metrics';
import type { ForecasterConfig, ForecastStrategy } from './options';

/** One forecaster's errors on the test part. */
export interface ModelScore extends ErrorMetrics {
  /** `'GRU'`, `'Naive (last value)'` or `'Seasonal naive (period N)'`. */
  model: string;
  /** MAE of each step ahead, `[horizon]` (step 1 first). */
  maeByStep: number[];
}

/** What `evaluate()` reports: the GRU next to the naive baselines, in the target's units. */
export interface Evaluation {
  /** Steps ahead each window is scored on (every step counts equally in MAE/RMSE/MAPE). */
  horizon: number;
  /** Number of test windows. */
  windows: number;
  /** Rows `[start, end)` of the test part (0-based, in time order). */
  testRows: [number, number];
  /** Season length used by the seasonal naive baseline, when there is one. */
  seasonalPeriod?: number;
  /** GRU first, then the baselines. */
  scores: ModelScore[];
  /** `1 - MAE(GRU) / MAE(naive)`: above 0 the GRU beats the last-value forecast (0.1 = 10 % lower MAE). */
  skillVsNaive: number;
  /** `[windows][horizon]` GRU forecasts of the test part, in the target's units. */
  predictions: number[][];
  /** Row of each window's first forecast step, `[windows]`. */
  origins: number[];
}

/** A series ready to forecast: its frame and the columns as plain numbers. */
export interface SeriesData {
  /** Date column first, then the target, then the features. */
  frame: DataFrame;
  dateColumn: string;
  dates: Date[];
  /** The target column (float64, unscaled). */
  target: number[];
  /** The model's input columns: the target, then the features. */
  inputColumns: string[];
}

/** A trained model with the windows and scalers of its run. */
export interface TrainedRun {
  model: tf.LayersModel;
  prepared: PreparedWindows;
  history: TrainResult;
  /** Row where the test part starts. */
  testStart: number;
}

/** Progress settings for a run. */
export interface RunDisplay {
  verbose: 0 | 1;
  observer?: TrainingObserver | TrainingObserver[];
  epochs?: number;
}

/**
 * The GRU stack and its Dense head, compiled: `[batch, timeStep, features]` →
 * `[batch, horizon]` (direct) or `[batch, 1]` (recursive). Initial weights come from `seed`.
 */
export function buildForecastModel(config: ForecasterConfig, features: number): tf.LayersModel {
  const outputs = config.strategy === 'direct' ? config.horizon : 1;
  const model = withSeed(config.seed, () =>
    tf.sequential({
      layers: [
        ...config.units.map((units, i) =>
          gru({ units, returnSequences: i < config.units.length - 1, ...(i === 0 ? { inputShape: [config.timeStep, features] } : {}) }),
        ),
        dense({ units: outputs }),
      ],
    }),
  );
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'meanSquaredError' });
  return model;
}

/** The training targets for a strategy: `[samples, horizon]` or step 1 only, `[samples, 1]`. */
function targetsFor(y: tf.Tensor3D, strategy: ForecastStrategy): tf.Tensor2D {
  const [samples, horizon] = y.shape;
  return strategy === 'direct' ? y.reshape([samples, horizon]) : y.slice([0, 0, 0], [samples, 1, 1]).reshape([samples, 1]);
}

/**
 * Splits `frame` (rows in time order), fits the scalers on the training part and cuts the
 * windows of each part; `testStart` is the row where the test part begins.
 */
export function prepareRun(series: SeriesData, frame: DataFrame, split: SplitSpec, config: ForecasterConfig): { prepared: PreparedWindows; testStart: number } {
  const prepared = prepareWindows(frame, {
    split,
    inputColumns: series.inputColumns,
    targetColumns: [config.target],
    timeStep: config.timeStep,
    horizon: config.horizon,
  });
  return { prepared, testStart: prepared.parts.train.shape[0] + prepared.parts.validation.shape[0] };
}

/** Splits, scales, windows and trains on `frame` (rows in time order). */
export async function trainRun(series: SeriesData, frame: DataFrame, split: SplitSpec, config: ForecasterConfig, display: RunDisplay): Promise<TrainedRun> {
  const { prepared, testStart } = prepareRun(series, frame, split, config);
  const model = buildForecastModel(config, series.inputColumns.length);
  const yTrain = targetsFor(prepared.train.y, config.strategy);
  const yValidation = targetsFor(prepared.validation.y, config.strategy);
  try {
    const history = await fit(model, prepared.train.x, yTrain, {
      epochs: display.epochs ?? config.epochs,
      batchSize: config.batchSize,
      seed: config.seed,
      validationData: [prepared.validation.x, yValidation],
      ...(config.earlyStopping !== undefined ? { earlyStopping: config.earlyStopping } : {}),
      ...(display.observer !== undefined ? { observer: display.observer } : {}),
      verbose: display.verbose,
    });
    return { model, prepared, history, testStart };
  } catch (err) {
    model.dispose();
    prepared.dispose();
    throw err;
  } finally {
    tf.dispose([yTrain, yValidation]);
  }
}

/**
 * Scaled forecasts of `steps` steps for each window of `x` (`[windows, timeStep, features]`),
 * `[windows][steps]`. Direct: one pass, the first `steps` outputs. Recursive: predict one
 * step, slide the window over it (the prediction becomes the newest input), repeat.
 */
export function predictScaled(model: tf.LayersModel, x: tf.Tensor3D, strategy: ForecastStrategy, steps: number): number[][] {
  if (strategy === 'direct') {
    const out = model.predict(x, { batchSize: 256 }) as tf.Tensor2D;
    const values = out.arraySync();
    out.dispose();
    return values.map((row) => row.slice(0, steps));
  }
  const result = tf.tidy(() => {
    const [windows, timeStep] = x.shape;
    let window: tf.Tensor3D = x;
    const predictions: tf.Tensor2D[] = [];
    for (let k = 0; k < steps; k++) {
      const next = model.predict(window, { batchSize: 256 }) as tf.Tensor2D; // [windows, 1]
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

/** The scaled forecasts back in the target's units. */
export function unscale(run: TrainedRun, scaled: number[][]): number[][] {
  return scaled.map((row) => run.prepared.targetScaler.inverseTransform(row));
}

function score(model: string, actual: number[][], predicted: number[][]): ModelScore {
  const horizon = actual[0].length;
  const metrics = errorMetrics(actual.flat(), predicted.flat());
  const maeByStep = Array.from({ length: horizon }, (_, h) => errorMetrics(actual.map((r) => r[h]), predicted.map((r) => r[h])).mae);
  return { model, ...metrics, maeByStep };
}

/**
 * Scores the run's model and the naive baselines on every window of the test part. The
 * actual values and the baselines come from the unscaled float64 series; a baseline only
 * looks at rows before each window's first forecast step.
 */
export function scoreRun(run: TrainedRun, series: SeriesData, config: ForecasterConfig, period: number | undefined): Evaluation {
  const { timeStep, horizon, strategy } = config;
  const predictions = unscale(run, predictScaled(run.model, run.prepared.test.x, strategy, horizon));
  const windows = predictions.length;
  const origins = Array.from({ length: windows }, (_, s) => run.testStart + s + timeStep);
  const actual = origins.map((o) => series.target.slice(o, o + horizon));
  const scores = [score('GRU', actual, predictions), score('Naive (last value)', actual, origins.map((o) => naiveForecast(series.target, o, horizon)))];
  let seasonalPeriod = period;
  if (period !== undefined && period > 0) {
    const seasonal = origins.map((o) => seasonalNaiveForecast(series.target, o, horizon, period));
    if (seasonal.every((f) => f !== undefined)) scores.push(score(`Seasonal naive (period ${period})`, actual, seasonal as number[][]));
    else seasonalPeriod = undefined; // fewer rows before the test part than one season
  }
  const testEnd = run.testStart + run.prepared.parts.test.shape[0];
  return {
    horizon,
    windows,
    testRows: [run.testStart, testEnd],
    ...(seasonalPeriod !== undefined && seasonalPeriod > 0 ? { seasonalPeriod } : {}),
    scores,
    skillVsNaive: 1 - scores[0].mae / scores[1].mae,
    predictions,
    origins,
  };
}
