/**
 * `forecaster`: a GRU forecaster for your own series in a few lines, with the honesty
 * checks a forecaster owes its user (naive baselines, rolling-origin backtest).
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { DataFrame } from 'danfojs-node';
import type { MinMaxScaler } from '../data/scaler';
import type { TrainResult } from '../training/training-loop';
import type { TrainingHistory, TrainingObserver } from '../training/observer';
import { formatDate, nextDates, type Frequency } from '../data/calendar';
import { checkPositiveInteger } from '../base/checks';
import { runBacktest, type BacktestOptions, type BacktestResult } from './backtest';
import { scoreRun, type Evaluation } from './evaluation';
import { checkSplitParts, resolveOptions, settleConfig, type ForecasterConfig, type ForecasterOptions } from './options';
import { readForecaster, writeForecaster, type ForecasterState, type LoadedForecaster } from './persist';
import { checkFiniteForecasts, predictScaled } from './predict';
import { forecasterCharts, type ForecastCharts } from './report';
import { frameOf, loadSeries, type SeriesData } from './series';
import { prepareRun, trainRun, type FittedRun, type ModelChoice } from './training-run';
import { manyForecaster, type ManyForecaster } from './many/many-forecaster';
import type { ManyForecasterOptions } from './many/many-options';

/** A forecast after the last date, from {@link Forecaster.predictNext}. */
export interface Forecast {
  /** The forecast's dates (one step apart, as the data). */
  dates: Date[];
  /** The forecast values, in the target's units. */
  values: number[];
}

/** Options of {@link loadForecaster}: the data to evaluate on, if not the saved CSV path. */
export interface LoadForecasterOptions {
  data?: DataFrame;
  csv?: string;
}

/** A trained forecaster's model and what forecasting with it needs (from `fit`, or from a saved forecaster). */
interface Trained {
  model: tf.LayersModel;
  inputScaler: MinMaxScaler;
  targetScaler: MinMaxScaler;
  period: number;
  /** See `FittedRun.windowScale`. */
  windowScale?: number;
  choice: ModelChoice;
  history?: TrainingHistory;
  /** The windows of the run it was trained on (for a loaded forecaster, cut again by `evaluate`). */
  run?: FittedRun;
}

/**
 * A GRU forecaster over one target column. Create it with {@link forecaster}; `fit()`
 * trains on the training part (scalers fitted there only), `evaluate()` scores it next to
 * the naive baselines on the test part, `predictNext()` forecasts after the last date.
 */
export class Forecaster {
  /** The options with every default filled in. */
  readonly config: ForecasterConfig;
  private readonly verbose: 0 | 1;
  private readonly observer?: TrainingObserver | TrainingObserver[];
  private series?: SeriesData;
  private trained?: Trained;
  private recent?: ForecasterState['recent'];
  private evaluation?: Evaluation;

  /**
   * Use {@link forecaster} or {@link loadForecaster}.
   *
   * @param config resolved options.
   * @param series the loaded data (`undefined` for a loaded forecaster whose data is gone).
   * @param display `verbose` (default 1) and extra training observers.
   * @param loaded a saved model, scalers and state to start from (for `loadForecaster`).
   */
  constructor(
    config: ForecasterConfig,
    series: SeriesData | undefined,
    display: { verbose?: 0 | 1; observer?: TrainingObserver | TrainingObserver[] } = {},
    loaded?: LoadedForecaster,
  ) {
    this.config = config;
    this.series = series;
    this.verbose = display.verbose ?? 1;
    if (display.observer !== undefined) this.observer = display.observer;
    if (loaded !== undefined) {
      const { model, inputScaler, targetScaler, state } = loaded;
      this.trained = {
        model, inputScaler, targetScaler, period: state.seasonalPeriod, choice: state.choice ?? 'trained',
        ...(state.windowScale !== undefined ? { windowScale: state.windowScale } : {}),
        ...(state.history !== undefined ? { history: state.history } : {}),
      };
      this.recent = state.recent;
    }
  }

  /** The loaded series (date column, target, features) as a DataFrame. @throws Error when a loaded forecaster has no data. */
  get data(): DataFrame {
    return frameOf(this.needSeries('data'));
  }

  /** The dates, oldest first. */
  get dates(): Date[] {
    return this.needSeries('dates').dates.slice();
  }

  /** The series' frequency (detected from the dates, or the `frequency` resampled to). */
  get frequency(): Frequency {
    return this.needSeries('frequency').frequency;
  }

  /** The target column, in its units. */
  get values(): number[] {
    return this.needSeries('values').target.slice();
  }

  /** Season length of the seasonal naive baseline (given or detected on the training part), `0` for none; `undefined` before `fit`. */
  get seasonalPeriod(): number | undefined {
    return this.trained?.period;
  }

  /** `true` once `fit()` (or `loadForecaster`) has produced a model. */
  get isFitted(): boolean {
    return this.trained !== undefined;
  }

  /** The trained Keras-style model (`[batch, timeStep, features]` → `[batch, horizon or 1]`). */
  get model(): tf.LayersModel {
    return this.needTrained('model').model;
  }

  /**
   * Splits the rows in time order, fits the scalers on the training part, trains the GRU
   * with progress (unless `verbose: 0`), validating on the validation part, and detects
   * the seasonal period on the training part (unless `seasonalPeriod` was given).
   *
   * @returns the training history (loss and validation loss per epoch).
   * @throws Error as `prepareWindows` when a part is shorter than one window.
   */
  async fit(): Promise<TrainResult> {
    const series = this.needSeries('fit');
    const run = await trainRun(series, series.target.length, this.config.split, this.config, { verbose: this.verbose, ...(this.observer !== undefined ? { observer: this.observer } : {}) });
    this.release();
    this.trained = {
      model: run.model, inputScaler: run.prepared.inputScaler, targetScaler: run.prepared.targetScaler, period: run.period, choice: run.choice, history: run.history, run,
      ...(run.windowScale !== undefined ? { windowScale: run.windowScale } : {}),
    };
    return run.history;
  }

  /**
   * MAE, RMSE and MAPE in the target's units on every window of the test part, for the
   * GRU, the last-value forecast and the seasonal naive forecast (when there is a season).
   * Every step of the horizon counts; `maeByStep` shows how the error grows with the step.
   *
   * @throws Error before `fit`.
   * @example
   * const e = fc.evaluate();
   * e.skillVsNaive > 0; // => true when the GRU beats repeating the last value
   */
  evaluate(): Evaluation {
    if (this.evaluation !== undefined) return this.evaluation;
    const trained = this.needTrained('evaluate');
    const series = this.needSeries('evaluate');
    // A loaded forecaster cuts the same parts again (the same data gives the same scalers);
    // its model, season and choice are the saved ones.
    trained.run ??= {
      ...prepareRun(series, series.target.length, this.config.split, this.config),
      model: trained.model, period: trained.period, choice: trained.choice,
      ...(trained.windowScale !== undefined ? { windowScale: trained.windowScale } : {}),
    };
    this.evaluation = scoreRun(trained.run, series, this.config, this.verbose);
    return this.evaluation;
  }

  /**
   * Forecasts the `steps` values after the last date from the last `timeStep` rows.
   *
   * @param steps how many steps; default `horizon`. With `strategy: 'direct'` at most
   *   `horizon` (the model's outputs); with `'recursive'` any number (errors compound).
   * @returns the dates and values of the forecast.
   * @throws Error before `fit`, or when `steps` is not a positive integer or exceeds what
   *   the strategy can give.
   * @example
   * fc.predictNext(7).values.length; // => 7
   */
  predictNext(steps: number = this.config.horizon): Forecast {
    const trained = this.needTrained('predictNext');
    const { strategy, horizon, timeStep } = this.config;
    checkPositiveInteger('predictNext', 'steps', steps);
    if (strategy === 'direct' && steps > horizon) {
      throw new Error(`predictNext: steps must be at most horizon (${horizon}) with strategy 'direct', got ${steps}; use strategy 'recursive' or a larger horizon`);
    }
    if (strategy === 'recursive' && steps > 1 && this.config.features.length > 0) {
      throw new Error(`predictNext: strategy 'recursive' cannot forecast ${steps} steps with features ${JSON.stringify(this.config.features)} (their future values are unknown); use strategy 'direct'`);
    }
    const recent = this.recentWindow();
    const x = tf.tensor3d([trained.inputScaler.transform(recent.rows)], [1, timeStep, recent.rows[0].length]);
    try {
      const scaled = predictScaled(trained.model, x, strategy, steps, trained.windowScale)[0];
      const values = trained.targetScaler.inverseTransform(scaled);
      const target = recent.rows.map((row) => row[0]); // the target is the first input column
      checkFiniteForecasts('predictNext', [values], () => ({ from: formatDate(new Date(recent.dates[0])), to: formatDate(new Date(recent.dates[timeStep - 1])), values: target }),
        [trained.targetScaler.dataMin[0], trained.targetScaler.dataMax[0]]);
      return { dates: nextDates(recent.dates.map((d) => new Date(d)), steps, this.series?.frequency), values };
    } finally {
      x.dispose();
    }
  }

  /**
   * Rolling-origin evaluation: `folds` cuts near the end of the series; each fold trains a
   * fresh model (same settings and seed) on the rows before its cut only, and is scored
   * with the baselines on the `testSize` rows after it.
   *
   * @param options see {@link BacktestOptions}; default `{ folds: 3 }`.
   * @returns per-fold and mean errors.
   * @throws Error when the folds do not fit in the series.
   * @example
   * const bt = await fc.backtest({ folds: 3 });
   * bt.folds.every((f) => f.trainRows[1] <= f.testRows[0]); // => true
   */
  async backtest(options: BacktestOptions = {}): Promise<BacktestResult> {
    return runBacktest(this.needSeries('backtest'), this.config, options, options.verbose ?? this.verbose);
  }

  /**
   * Saves the model, its scalers and the settings to `dir`, as `loadForecaster` reads them.
   *
   * @throws Error before `fit`, or naming the directory when it cannot be written.
   * @example
   * await fc.save('../out/models/temperature'); // => model.json, weights.bin, scaler.json, forecaster.json
   */
  async save(dir: string): Promise<void> {
    const trained = this.needTrained('save');
    const series = this.series;
    const state: ForecasterState = {
      kind: 'grulab-forecaster',
      version: 1,
      config: this.config,
      dateColumn: series?.dateColumn ?? '',
      inputColumns: series?.inputColumns ?? [this.config.target, ...this.config.features],
      seasonalPeriod: trained.period,
      choice: trained.choice,
      ...(trained.windowScale !== undefined ? { windowScale: trained.windowScale } : {}),
      recent: this.recentWindow(),
      ...(trained.history !== undefined ? { history: { loss: trained.history.loss, ...(trained.history.valLoss ? { valLoss: trained.history.valLoss } : {}) } } : {}),
      ...(this.evaluation !== undefined ? { scores: this.evaluation.scores } : {}),
    };
    await writeForecaster(dir, { state, model: trained.model, inputScaler: trained.inputScaler, targetScaler: trained.targetScaler });
  }

  /**
   * The figures: the whole series, the training history, the test part with the GRU's
   * predictions and the next forecast, and the comparison with the baselines.
   *
   * @param steps steps of the forecast after the last date; default `horizon`.
   * @throws Error before `fit`.
   * @example
   * grulab.show(fc.charts().forecast);
   */
  charts(steps: number = this.config.horizon): ForecastCharts {
    const trained = this.needTrained('charts');
    const series = this.needSeries('charts');
    return forecasterCharts({
      target: this.config.target,
      units: this.config.targetUnits,
      dates: series.dates,
      values: series.target,
      history: trained.history ?? { loss: [] },
      evaluation: this.evaluate(),
      next: this.predictNext(steps),
    });
  }

  /** Frees the model and the window tensors. */
  dispose(): void {
    this.release();
  }

  private release(): void {
    if (this.trained === undefined) return;
    this.trained.run?.prepared.dispose();
    this.trained.model.dispose();
    this.trained = undefined;
    this.evaluation = undefined;
  }

  private recentWindow(): ForecasterState['recent'] {
    const { timeStep } = this.config;
    if (this.series === undefined) return this.recent as ForecasterState['recent'];
    const s = this.series;
    const start = s.target.length - timeStep;
    const columns = s.inputColumns.map((name) => s.columns[name].slice(start));
    return {
      dates: s.dates.slice(start).map((d) => d.toISOString()),
      rows: Array.from({ length: timeStep }, (_, t) => columns.map((column) => column[t])),
    };
  }

  private needSeries(method: string): SeriesData {
    if (this.series === undefined) {
      throw new Error(`${method}: this forecaster was loaded without its data (the saved CSV path is gone); pass loadForecaster(dir, { csv }) or { data }`);
    }
    return this.series;
  }

  private needTrained(method: string): Trained {
    if (this.trained === undefined) throw new Error(`${method}: the forecaster is not trained yet; call await fc.fit() first`);
    return this.trained;
  }
}

/**
 * A GRU forecaster for one column of your own data, Keras-style defaults: two GRU layers
 * of 50 units, Adam 0.001, 10 epochs, batch 32, a 70/15/15 split in time order.
 *
 * @param options see {@link ForecasterOptions}: `csv` or `data`, `target`, `timeStep`, `horizon`, `strategy`...
 * @returns a {@link Forecaster}, not trained yet (the data is loaded and checked now).
 * @throws Error naming the option and value for bad options; as `loadCsv` for a missing
 *   file, a missing column or a bad cell; naming the line and column of a value beyond
 *   ±3.4e38; and naming the part when a train, validation or test part cannot hold a window.
 * @example
 * const fc = forecaster({ csv: 'datasets/daily-temperature.csv', target: 'Temp', timeStep: 30, horizon: 7 });
 * await fc.fit();
 * fc.evaluate().scores.map((s) => s.model); // => ['GRU', 'Naive (last value)', 'Seasonal naive (period 363)']
 * fc.predictNext().values.length; // => 7
 *
 * With `id`, many series of one long table are forecast together (see
 * {@link ManyForecasterOptions}): one global GRU across every series, ETS, Theta and their
 * combination beside it, each series' model chosen on its held-out last stretch, conformal
 * intervals; `predict()` gives the long table of forecasts.
 * @example
 * const many = forecaster({ csv: 'sales.csv', id: 'store', time: 'date', target: 'units', horizon: 12 });
 * await many.fit();
 * many.predict().columns; // => ['store', 'date', 'forecast', 'lo_80', 'hi_80', 'lo_95', 'hi_95', 'model']
 * @see notebooks/06-forecast-your-own-data.ipynb
 * @see notebooks/10-many-series.ipynb
 */
export function forecaster(options: ManyForecasterOptions): ManyForecaster;
export function forecaster(options: ForecasterOptions): Forecaster;
export function forecaster(options: ForecasterOptions | ManyForecasterOptions): Forecaster | ManyForecaster {
  if (options !== null && typeof options === 'object' && 'id' in options && options.id !== undefined) return manyForecaster(options);
  return singleForecaster(options as ForecasterOptions);
}

function singleForecaster(options: ForecasterOptions): Forecaster {
  const pending = resolveOptions(options);
  const series = loadSeries(pending, options.data);
  // the default window shrinks for a short series; a window given must fit as it is
  const config = settleConfig(pending, series.target.length);
  checkSplitParts(config, series.target.length); // now, not after loading the network
  return new Forecaster(config, series, { ...(options.verbose !== undefined ? { verbose: options.verbose } : {}), ...(options.observer !== undefined ? { observer: options.observer } : {}) });
}

/**
 * Loads a forecaster saved by `Forecaster.save`. It forecasts at once (`predictNext` uses
 * the saved last window); `evaluate`, `backtest` and `charts` need the data, read from the
 * saved CSV path or from `options`.
 *
 * @param dir the folder `save` wrote.
 * @param options `csv` or `data` to use instead of the saved CSV path.
 * @returns a trained {@link Forecaster}.
 * @throws Error naming the file when the folder is not a saved forecaster.
 * @example
 * const fc = await loadForecaster('../out/models/temperature');
 * fc.predictNext().values; // => the same forecast as before saving
 */
export async function loadForecaster(dir: string, options: LoadForecasterOptions & { verbose?: 0 | 1 } = {}): Promise<Forecaster> {
  const loaded = await readForecaster(dir);
  const { csv: savedCsv, ...rest } = loaded.state.config;
  const csv = options.csv ?? savedCsv;
  const config: ForecasterConfig = { ...rest, ...(csv !== undefined ? { csv } : {}) };
  let series: SeriesData | undefined;
  if (options.data !== undefined) series = loadSeries(config, options.data);
  else if (csv !== undefined && (options.csv !== undefined || existsSync(csv))) series = loadSeries(config);
  if (series !== undefined) settleConfig(config, series.target.length, 'loadForecaster');
  return new Forecaster(config, series, options.verbose !== undefined ? { verbose: options.verbose } : {}, loaded);
}

