/**
 * One GRU trained across many series (M4's lesson: ES-RNN, the winner, trained one
 * recurrent network over all series, each normalised by its own level and season, while a
 * network per series came last). Windows are drawn from every series, the same number from
 * each (a long series does not outweigh a short one), each scaled by its own series
 * (`series-windows.ts`); the network is the forecaster's GRU stack with a direct
 * multi-horizon head and the linear highway, trained by `fit` with early stopping on every
 * series' last stretch.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../base/random';
import { fit } from '../../training/fit';
import type { TrainingObserver } from '../../training/observer';
import type { TrainResult } from '../../training/training-loop';
import { recurrentForecastNetwork } from '../forecast-model';
import { baseLag, denormalise, seriesScale, writeTargets, writeWindow, type WindowScaling, type WindowSpec } from './series-windows';

/** The global model's settings. */
export interface GlobalGruSpec extends WindowSpec {
  units: readonly number[];
  highway: boolean;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Training windows drawn from each series (with replacement when it has fewer origins). */
  windowsPerSeries: number;
  /** Early stopping: epochs without a better validation loss. */
  patience: number;
  /** Networks trained from different seeds (`seed`, `seed + 1`, ...), their forecasts averaged (as N-BEATS and ES-RNN ensemble). */
  ensemble: number;
  seed: number;
}

/** What the model trains on: each series' values and where its training targets must end. */
export interface GlobalTrainingData {
  series: ReadonlyArray<ArrayLike<number>>;
  /**
   * Per series, the row where its held-out stretch starts: training targets end before it,
   * and the window at this origin (targets `horizon` rows from it) is the validation window
   * when the series is that long.
   */
  cutoffs: number[];
}

/** A trained global model and what it needs to forecast. */
export interface GlobalGru {
  /** One network per ensemble member. */
  models: tf.LayersModel[];
  spec: GlobalGruSpec;
  /** Each member's training history. */
  histories: TrainResult[];
  /** Each series' scale, from its values before its cutoff. */
  scales: number[];
  /** Each series' base lag (its season, or 1: `baseLag`), from its values before its cutoff. */
  lags: number[];
  /** Per series, whether it gave the training any window (a series shorter than a season and a horizon gives none). */
  trained: boolean[];
  /** The number of training windows, and of validation windows. */
  windows: { training: number; validation: number };
}

/** The first origin a training window may start at: at least one season (or step) of real values before it. */
function firstOrigin(spec: WindowSpec): number {
  return Math.max(1, spec.period);
}

/** Windows at the given origins as tensors: `x` `[n, length / patch, patch]`, `y` `[n, horizon]`. */
function windowTensors(data: GlobalTrainingData, scales: number[], lags: number[], picks: Array<[number, number]>, spec: WindowSpec): [tf.Tensor3D, tf.Tensor2D] {
  const x = new Float32Array(picks.length * spec.length);
  const y = new Float32Array(picks.length * spec.horizon);
  picks.forEach(([i, origin], r) => {
    const scaling = writeWindow(data.series[i], origin, scales[i], lags[i], spec, x, r * spec.length);
    writeTargets(data.series[i], origin, scaling, spec, y, r * spec.horizon);
  });
  return [tf.tensor3d(x, [picks.length, spec.length / spec.patch, spec.patch]), tf.tensor2d(y, [picks.length, spec.horizon])];
}

/** The global model's training and validation windows, and what scaled them. */
export interface GlobalWindows {
  /** Training windows: `x` `[n, length / patch, patch]`, `y` `[n, horizon]`. */
  x: tf.Tensor3D;
  y: tf.Tensor2D;
  /** Each series' window at its cutoff, when the series reaches a horizon past it (`undefined` when none does). */
  validation?: [tf.Tensor3D, tf.Tensor2D];
  scales: number[];
  lags: number[];
  /** Per series, whether it gave the training any window. */
  trained: boolean[];
  /** The number of training windows, and of validation windows. */
  counts: { training: number; validation: number };
}

/**
 * The windows {@link trainGlobalGru} trains on: `windowsPerSeries` drawn (seeded by
 * `spec.seed`) from each series' origins whose targets end before its cutoff, and each
 * series' window at its cutoff for validation. The caller disposes the tensors.
 *
 * @param data the series and their cutoffs.
 * @param spec the window settings, `windowsPerSeries` and `seed`.
 * @throws Error when no series is long enough for one training window.
 */
export function globalTrainingWindows(data: GlobalTrainingData, spec: GlobalGruSpec): GlobalWindows {
  const rng = createRng(spec.seed);
  const scales = data.series.map((y, i) => seriesScale(y, spec.period, data.cutoffs[i]));
  const lags = data.series.map((y, i) => baseLag(y, spec.period, spec.horizon, data.cutoffs[i]));
  const start = firstOrigin(spec);
  const training: Array<[number, number]> = [];
  const validation: Array<[number, number]> = [];
  const trained = data.series.map((y, i) => {
    const last = data.cutoffs[i] - spec.horizon; // the last origin whose targets end before the cutoff
    if (data.cutoffs[i] + spec.horizon <= y.length && data.cutoffs[i] >= start) validation.push([i, data.cutoffs[i]]);
    if (last < start) return false;
    for (let k = 0; k < spec.windowsPerSeries; k++) training.push([i, start + rng.int(last - start + 1)]);
    return true;
  });
  if (training.length === 0) {
    throw new Error(`the global model: no series is long enough for one training window (a season of ${spec.period} and a horizon of ${spec.horizon} before its held-out stretch)`);
  }
  const [x, y] = windowTensors(data, scales, lags, training, spec);
  const valTensors = validation.length > 0 ? windowTensors(data, scales, lags, validation, spec) : undefined;
  return {
    x, y, ...(valTensors !== undefined ? { validation: valTensors } : {}),
    scales, lags, trained, counts: { training: training.length, validation: validation.length },
  };
}

/**
 * One member of the global model, untrained and compiled: the forecaster's GRU stack over
 * `length / patch` steps of `patch` values, a direct head of `horizon` outputs starting at
 * zero and (with `highway`) the linear highway, Adam at `learningRate`, MSE.
 *
 * @param spec the window and network settings.
 * @param seed the initial weights' seed (`spec.seed + member`).
 */
export function globalNetwork(spec: GlobalGruSpec, seed: number): tf.LayersModel {
  return recurrentForecastNetwork({
    steps: spec.length / spec.patch, features: spec.patch, units: spec.units, outputs: spec.horizon,
    zeroHead: true, highway: spec.highway, seed, learningRate: spec.learningRate,
  });
}

/**
 * Trains the global GRU on {@link globalTrainingWindows}, validated on each series' window
 * at its cutoff.
 *
 * @param data the series and their cutoffs.
 * @param spec the window and training settings.
 * @param display `verbose` 1 for the progress display (`fit`'s), and extra observers.
 * @returns the trained model, its history and each series' scale.
 * @throws Error when no series is long enough for one training window.
 */
export async function trainGlobalGru(
  data: GlobalTrainingData,
  spec: GlobalGruSpec,
  display: { verbose: 0 | 1; observer?: TrainingObserver | TrainingObserver[] },
): Promise<GlobalGru> {
  const { x, y, validation: valTensors, scales, lags, trained, counts } = globalTrainingWindows(data, spec);
  const models: tf.LayersModel[] = [];
  const histories: TrainResult[] = [];
  try {
    for (let member = 0; member < spec.ensemble; member++) {
      const seed = spec.seed + member;
      const model = globalNetwork(spec, seed);
      models.push(model);
      histories.push(await fit(model, x, y, {
        epochs: spec.epochs,
        batchSize: spec.batchSize,
        seed,
        verbose: display.verbose,
        ...(display.observer !== undefined ? { observer: display.observer } : {}),
        ...(valTensors !== undefined ? { validationData: valTensors, earlyStopping: { patience: spec.patience, restoreBestWeights: true } } : {}),
      }));
    }
    return { models, spec, histories, scales, lags, trained, windows: counts };
  } catch (err) {
    models.forEach((m) => m.dispose());
    throw err;
  } finally {
    tf.dispose([x, y, ...(valTensors ?? [])]);
  }
}

/**
 * Forecasts of the global model from the given origins (`horizon` steps each, in the
 * series' units): the window before each origin, scaled by its series.
 *
 * @param origins per series, the first step to forecast (`series[i].length` for a forecast after the end).
 * @param nonNegative per series, clip its forecast at 0.
 */
export function globalForecasts(gru: GlobalGru, series: ReadonlyArray<ArrayLike<number>>, origins: number[], nonNegative: boolean[]): number[][] {
  const { spec } = gru;
  const x = new Float32Array(series.length * spec.length);
  const scalings: WindowScaling[] = series.map((y, i) => writeWindow(y, origins[i], gru.scales[i], gru.lags[i], spec, x, i * spec.length));
  const input = tf.tensor3d(x, [series.length, spec.length / spec.patch, spec.patch]);
  try {
    // the members' outputs averaged
    const values = new Float32Array(series.length * spec.horizon);
    for (const model of gru.models) {
      const out = model.predict(input, { batchSize: 512 }) as tf.Tensor2D;
      const v = out.dataSync();
      for (let k = 0; k < v.length; k++) values[k] += v[k] / gru.models.length;
      out.dispose();
    }
    return scalings.map((scaling, i) => denormalise(values.subarray(i * spec.horizon, (i + 1) * spec.horizon), scaling, nonNegative[i]));
  } finally {
    input.dispose();
  }
}
