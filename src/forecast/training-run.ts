/**
 * One training run of a forecaster on one stretch of rows, and its scores on that
 * stretch's test part. `Forecaster.fit` runs it once; each backtest fold runs it again on
 * an earlier cut of the series. It only composes the library: `prepareWindows` (split and
 * scalers fitted on the training part), `gru` / `dense` layers, `fit`.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataFrame } from 'danfojs-node';
import type { Frequency } from '../data/calendar';
import { prepareWindows, type PreparedWindows } from '../data/pipeline';
import type { SplitSpec } from '../data/split';
import { gru } from '../models/gru-layer';
import { dense } from '../models/layers';
import { withSeed } from '../models/initializers';
import type { TrainingObserver } from '../training/observer';
import type { TrainResult } from '../training/training-loop';
import { fit } from '../training/fit';
import { scoreForecasts, type Evaluation } from './evaluation';
import type { ForecasterConfig, ForecastStrategy } from './options';
import { simplestWithinOneStandardError } from './model-choice';
import { highwayWeights, lastValues, relativeWindows, windowScaleOf } from './window-norm';

/** A series ready to forecast: its frame and the columns as plain numbers. */
export interface SeriesData {
  /** Date column first, then the target, then the features. */
  frame: DataFrame;
  dateColumn: string;
  dates: Date[];
  /** The target column (float64, unscaled). */
  target: number[];
  /** The model's input columns: the target, then the features, then any calendar features. */
  inputColumns: string[];
  /** The dates' frequency (detected; the series is regular). */
  frequency: Frequency;
}

/** A trained model with the windows and scalers of its run. */
export interface TrainedRun {
  model: tf.LayersModel;
  prepared: PreparedWindows;
  history: TrainResult;
  /** Row where the test part starts. */
  testStart: number;
  /** With `normalization: 'window'`: the factor relative windows are multiplied by (see `window-norm.ts`); else `undefined`. */
  windowScale?: number;
  /**
   * `true` when no trained epoch beat the untrained model's validation loss, so its starting
   * weights were kept: the GRU head outputs 0 and the forecast is naive plus the linear highway.
   */
  keptStart?: boolean;
  /**
   * `true` when the kept model is exactly the naive forecast: the start was kept and the
   * highway is off (neither it nor training beat the naive forecast clearly on validation).
   */
  keptNaive?: boolean;
}

/** Progress settings for a run. */
export interface RunDisplay {
  verbose: 0 | 1;
  observer?: TrainingObserver | TrainingObserver[];
  epochs?: number;
}

/** Name of the highway layer (its weights are set by least squares before training). */
const HIGHWAY = 'highway';

/**
 * The GRU stack and its Dense head, compiled: `[batch, timeStep, features]` →
 * `[batch, horizon]` (direct) or `[batch, 1]` (recursive). Initial weights come from `seed`.
 *
 * With `normalization: 'window'` the head starts at zero (the untrained model is the naive
 * forecast, and training learns what to add to it), and with `highway` a linear map of the
 * whole window is added to the head's output (LSTNet's autoregressive "highway": the
 * linear part of the forecast, such as a seasonal difference, is learnt directly).
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

/** The training targets for a strategy: `[samples, horizon]` or step 1 only, `[samples, 1]`. */
function targetsFor(y: tf.Tensor3D, strategy: ForecastStrategy): tf.Tensor2D {
  const [samples, horizon] = y.shape;
  return strategy === 'direct' ? y.reshape([samples, horizon]) : y.slice([0, 0, 0], [samples, 1, 1]).reshape([samples, 1]);
}

/**
 * Splits `frame` (rows in time order), fits the scalers on the training part and cuts the
 * windows of each part; `testStart` is the row where the test part begins.
 */
export function prepareRun(series: SeriesData, frame: DataFrame, split: SplitSpec, config: ForecasterConfig): { prepared: PreparedWindows; testStart: number; windowScale?: number } {
  const prepared = prepareWindows(frame, {
    split,
    inputColumns: series.inputColumns,
    targetColumns: [config.target],
    timeStep: config.timeStep,
    horizon: config.horizon,
  });
  const testStart = prepared.parts.train.shape[0] + prepared.parts.validation.shape[0];
  if (config.normalization !== 'window') return { prepared, testStart };
  const windowScale = windowScaleOf(series.target.slice(0, prepared.parts.train.shape[0]), prepared.targetScaler);
  return { prepared, testStart, windowScale };
}

/** Splits, scales, windows and trains on `frame` (rows in time order). */
export async function trainRun(series: SeriesData, frame: DataFrame, split: SplitSpec, config: ForecasterConfig, display: RunDisplay): Promise<TrainedRun> {
  const { prepared, testStart, windowScale } = prepareRun(series, frame, split, config);
  const model = buildForecastModel(config, series.inputColumns.length);
  const [xTrain, yTrain] = trainingPair(prepared.train, config.strategy, windowScale);
  const [xValidation, yValidation] = trainingPair(prepared.validation, config.strategy, windowScale);
  try {
    let highwayOn = false;
    if (windowScale !== undefined && config.highway) {
      const { weights, ridge } = highwayWeights([xTrain, yTrain], [xValidation, yValidation]);
      highwayOn = Number.isFinite(ridge);
      const layer = model.getLayer(HIGHWAY);
      const kernel = tf.tensor2d(weights);
      layer.setWeights([kernel]);
      kernel.dispose();
    }
    // Under window normalisation the untrained model is already a forecast (naive plus the
    // least-squares highway): it competes with the trained epochs for "best weights".
    const start = windowScale !== undefined && config.earlyStopping?.restoreBestWeights === true ? snapshot(model) : undefined;
    const history = await fit(model, xTrain, yTrain, {
      epochs: display.epochs ?? config.epochs,
      batchSize: config.batchSize,
      seed: config.seed,
      validationData: [xValidation, yValidation],
      ...(config.earlyStopping !== undefined ? { earlyStopping: config.earlyStopping } : {}),
      ...(display.observer !== undefined ? { observer: display.observer } : {}),
      verbose: display.verbose,
    });
    let keptStart = false;
    let keptNaive = false;
    if (start !== undefined) {
      const kept = keepTrainedOrStart(model, start, highwayOn, xValidation, yValidation);
      keptStart = kept !== 'trained';
      keptNaive = kept === 'naive' || (keptStart && !highwayOn);
      if (keptStart) model.setWeights(start);
      if (kept === 'naive') {
        const highway = model.getLayer(HIGHWAY);
        const zeros = highway.getWeights().map((w) => tf.zerosLike(w));
        highway.setWeights(zeros);
        tf.dispose(zeros);
      }
      tf.dispose(start);
    }
    return { model, prepared, history, testStart, keptStart, keptNaive, ...(windowScale !== undefined ? { windowScale } : {}) };
  } catch (err) {
    model.dispose();
    prepared.dispose();
    throw err;
  } finally {
    // The relative windows are new tensors; the global ones belong to `prepared`.
    tf.dispose([yTrain, yValidation, ...(windowScale !== undefined ? [xTrain, xValidation] : [])]);
  }
}

/** Copies of the model's weights. */
function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.tensor(w.dataSync().slice(), w.shape));
}

/**
 * Which weights to keep: the trained ones only when they beat the simpler forecasts by a
 * clear margin on the validation windows (one-standard-error rule, `model-choice.ts`).
 * The candidates, simplest first: the naive forecast (head and highway at zero; only when
 * the highway is on, else it is the untrained model), the untrained model (naive plus
 * highway), the trained model. The best
 * epoch was itself picked on these windows, so a small gain is no evidence; on a short
 * random walk (ten windows) this keeps the naive forecast.
 */
function keepTrainedOrStart(model: tf.LayersModel, start: tf.Tensor[], highwayOn: boolean, x: tf.Tensor3D, y: tf.Tensor2D): 'trained' | 'start' | 'naive' {
  const trained = windowLosses(model, x, y);
  const current = snapshot(model);
  model.setWeights(start);
  const untrained = windowLosses(model, x, y);
  model.setWeights(current);
  tf.dispose(current);
  // The naive forecast is 0 in relative units: its loss is the target's square.
  const naive = tf.tidy(() => Array.from(y.square().mean(1).dataSync()));
  const losses = highwayOn ? [naive, untrained, trained] : [untrained, trained];
  const chosen = simplestWithinOneStandardError(losses);
  if (chosen === losses.length - 1) return 'trained';
  return highwayOn && chosen === 0 ? 'naive' : 'start';
}

/** The model's squared error on each window of `x`, `y` (mean over outputs). */
function windowLosses(model: tf.LayersModel, x: tf.Tensor3D, y: tf.Tensor2D): number[] {
  const errors = tf.tidy(() => (model.predict(x, { batchSize: 256 }) as tf.Tensor2D).sub(y).square().mean(1));
  const values = Array.from(errors.dataSync());
  errors.dispose();
  return values;
}

/** A part's model inputs and training targets: as prepared, or relative to each window's last value. */
function trainingPair(part: { x: tf.Tensor3D; y: tf.Tensor3D }, strategy: ForecastStrategy, windowScale: number | undefined): [tf.Tensor3D, tf.Tensor2D] {
  const y = targetsFor(part.y, strategy);
  if (windowScale === undefined) return [part.x, y];
  const result = tf.tidy(() => {
    const last = lastValues(part.x);
    return [relativeWindows(part.x, last, windowScale), y.sub(last).mul(windowScale)] as [tf.Tensor3D, tf.Tensor2D];
  });
  y.dispose();
  return result;
}

/**
 * Scaled forecasts of `steps` steps for each window of `x` (`[windows, timeStep, features]`),
 * `[windows][steps]`. Direct: one pass, the first `steps` outputs. Recursive: predict one
 * step, slide the window over it (the prediction becomes the newest input), repeat.
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

/** The scaled forecasts back in the target's units. */
export function unscale(run: TrainedRun, scaled: number[][]): number[][] {
  return scaled.map((row) => run.prepared.targetScaler.inverseTransform(row));
}

/**
 * Scores the run's model and the baselines on every window of the test part (see
 * `scoreForecasts`).
 */
export function scoreRun(run: TrainedRun, series: SeriesData, config: ForecasterConfig, period: number | undefined): Evaluation {
  const predictions = unscale(run, predictScaled(run.model, run.prepared.test.x, config.strategy, config.horizon, run.windowScale));
  return scoreForecasts(run, series, config, period, predictions);
}
