/**
 * One training run of a forecaster on one stretch of rows: split, scalers fitted on the
 * training part, windows, the network trained, and the choice of which model forecasts.
 * `Forecaster.fit` runs it once; each backtest fold runs it again on an earlier cut of the
 * series. It only composes the library: `prepareWindows`, the network of
 * `forecast-model.ts`, `fit`.
 */
import * as tf from '@tensorflow/tfjs';
import { prepareWindows, type PreparedWindows } from '../data/pipeline';
import type { SplitSpec } from '../data/split';
import { detectSeasonalPeriod } from '../baselines/seasonal-period';
import type { TrainingObserver } from '../training/observer';
import type { TrainResult } from '../training/training-loop';
import { fit } from '../training/fit';
import { buildForecastModel, HIGHWAY } from './forecast-model';
import type { ForecasterConfig, ForecastStrategy } from './options';
import { simplestWithinOneStandardError } from './model-choice';
import { frameOf, type SeriesData } from './series';
import { highwayWeights, lastValues, relativeWindows, windowScaleOf } from './window-norm';

/**
 * Which model forecasts after training, chosen on the validation windows by the
 * one-standard-error rule (see {@link trainRun}): `'trained'`, the trained GRU (plus the
 * highway when it is on); `'untrained'`, the GRU's head left at zero, so the naive forecast
 * plus the linear highway; `'naive'`, the naive forecast alone.
 */
export type ModelChoice = 'trained' | 'untrained' | 'naive';

/** A forecasting model for one stretch of rows, with what predicting and scoring need. */
export interface FittedRun {
  model: tf.LayersModel;
  prepared: PreparedWindows;
  /** Row where the test part starts. */
  testStart: number;
  /** Season length of the seasonal baselines and the MASE scale: given, or detected on the training part; `0` for none. */
  period: number;
  /** With `normalization: 'window'`: the factor relative windows are multiplied by (see `window-norm.ts`); else `undefined`. */
  windowScale?: number;
  /** Which model forecasts. */
  choice: ModelChoice;
}

/** A fitted run and its training history. */
export interface TrainedRun extends FittedRun {
  history: TrainResult;
}

/** Progress settings for a run. */
export interface RunDisplay {
  verbose: 0 | 1;
  observer?: TrainingObserver | TrainingObserver[];
  epochs?: number;
}

/** The training targets for a strategy: `[samples, horizon]` or step 1 only, `[samples, 1]`. */
function targetsFor(y: tf.Tensor3D, strategy: ForecastStrategy): tf.Tensor2D {
  const [samples, horizon] = y.shape;
  return strategy === 'direct' ? y.reshape([samples, horizon]) : y.slice([0, 0, 0], [samples, 1, 1]).reshape([samples, 1]);
}

/**
 * Splits the first `end` rows in time order, fits the scalers on the training part, cuts
 * the windows of each part, and settles the season (given, or detected on the training
 * part) and the relative windows' scale.
 */
export function prepareRun(series: SeriesData, end: number, split: SplitSpec, config: ForecasterConfig): Omit<FittedRun, 'model' | 'choice'> {
  const prepared = prepareWindows(frameOf(series, end), {
    split,
    inputColumns: series.inputColumns,
    targetColumns: [config.target],
    timeStep: config.timeStep,
    horizon: config.horizon,
  });
  const trainRows = prepared.parts.train.shape[0];
  const testStart = trainRows + prepared.parts.validation.shape[0];
  const training = series.target.slice(0, trainRows);
  const period = config.seasonalPeriod ?? detectSeasonalPeriod(training) ?? 0;
  if (config.normalization !== 'window') return { prepared, testStart, period };
  return { prepared, testStart, period, windowScale: windowScaleOf(training, prepared.targetScaler) };
}

/** Splits, scales, windows and trains on the first `end` rows, then chooses which model forecasts. */
export async function trainRun(series: SeriesData, end: number, split: SplitSpec, config: ForecasterConfig, display: RunDisplay): Promise<TrainedRun> {
  const run = prepareRun(series, end, split, config);
  const { prepared, windowScale } = run;
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
    let choice: ModelChoice = 'trained';
    if (start !== undefined) {
      const kept = keepTrainedOrStart(model, start, highwayOn, xValidation, yValidation);
      choice = kept === 'start' && !highwayOn ? 'naive' : kept === 'start' ? 'untrained' : kept;
      if (kept !== 'trained') model.setWeights(start);
      if (kept === 'naive') {
        const highway = model.getLayer(HIGHWAY);
        const zeros = highway.getWeights().map((w) => tf.zerosLike(w));
        highway.setWeights(zeros);
        tf.dispose(zeros);
      }
      tf.dispose(start);
    }
    return { ...run, model, history, choice };
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
