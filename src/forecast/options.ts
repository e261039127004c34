/**
 * The forecaster's options: what a user passes, their defaults, and their checks. The
 * reading options (`fillMissing`, `where`, `dateFormat`, ...) are declared once, in
 * `data/read-options.ts`, and taken from there.
 */
import type { DataFrame } from 'danfojs-node';
import { pickReadOptions, type ReadOptions } from '../data/read-options';
import { checkTimeStep } from '../base/checks';
import type { SplitFractions, SplitSpec } from '../data/split';
import type { Seed } from '../models/initializers';
import type { EarlyStoppingOptions } from '../training/early-stopping';
import type { TrainingObserver } from '../training/observer';
import { describe } from '../base/describe';
import { checkPositiveInteger } from '../base/checks';
import { FORECAST_STRATEGIES, type ForecastStrategy } from './strategy';

export { FORECAST_STRATEGIES, type ForecastStrategy } from './strategy';

/** Options of {@link forecaster}. Give `data` or `csv`, and `target`; the reading options apply to `csv`. */
export interface ForecasterOptions extends ReadOptions {
  /** The series as a danfojs DataFrame (rows in time order, a datetime column). Give this or `csv`. */
  data?: DataFrame;
  /** Path of a table file, CSV, Parquet or Arrow IPC (Feather v2), read with `loadTable` (only the date, target and feature columns). Give this or `data`. */
  csv?: string;
  /** The date column. Default: `Date` or `date` when the file has one (as `loadCsv`). */
  dateColumn?: string;
  /** The column to forecast. */
  target: string;
  /** Other input columns besides the target (the target is always the first input). Default `[]`. */
  features?: string[];
  /** Input window length in rows. Default `30`, or fewer for a short series (half its test or validation part). */
  timeStep?: number;
  /** Steps ahead to forecast and evaluate. Default `1`. */
  horizon?: number;
  /** Multi-step strategy, see {@link ForecastStrategy}. Default `'direct'`. */
  strategy?: ForecastStrategy;
  /** Units of each GRU layer (stacked, all but the last return sequences). Default `[50, 50]` (lesson 04). */
  units?: number[];
  /** Training epochs. Default `10`. */
  epochs?: number;
  /** Batch size. Default `32`. */
  batchSize?: number;
  /** Adam's learning rate. Default `0.001` (Keras's). */
  learningRate?: number;
  /** Seed of the initial weights and the batch order. Default `42`. */
  seed?: Seed;
  /** Train / validation / test split, as `chronologicalSplit`. Default `{ train: 0.7, validation: 0.15, test: 0.15 }`. */
  split?: SplitSpec;
  /** Season length in rows for the seasonal naive baseline; `0` means none. Default: detected from the training part. */
  seasonalPeriod?: number;
  /**
   * Keras's EarlyStopping on the validation loss. Default `{ patience: 5,
   * restoreBestWeights: true }` (the best epoch's weights are kept); `false` for none.
   */
  earlyStopping?: EarlyStoppingOptions | false;
  /**
   * `'window'` (default): each input window is taken relative to its last value and the
   * model predicts the change from it (a residual on the naive forecast, with per-window
   * normalisation as DeepAR and N-BEATS do); `'global'`: min-max scaled values only, as
   * lesson 04.
   */
  normalization?: 'window' | 'global';
  /**
   * Feed calendar features as sine/cosine inputs (hour of day, day of week, day of year,
   * month of year, by the detected frequency). Default `false` (measured in the README's
   * forecast benchmark). Needs `strategy: 'direct'`.
   */
  calendarFeatures?: boolean;
  /**
   * With `normalization: 'window'`, add a linear map of the whole window to the GRU's
   * output (LSTNet's autoregressive highway). Default `true` (measured in the README's
   * forecast benchmark).
   */
  highway?: boolean;
  /** `1`: show training progress (live in a notebook, a bar in a terminal); `0`: quiet. Default `1`. */
  verbose?: 0 | 1;
  /** Extra training observers. Default none. */
  observer?: TrainingObserver | TrainingObserver[];
  /** Units of the target for charts and tables, e.g. `'°C'`. Default `''`. */
  targetUnits?: string;
}

/** Where the series comes from and how its rows are read: the options a saved forecaster keeps as given. */
type SourceKeys = 'csv' | 'dateColumn' | keyof ReadOptions;
/** The options with a default, every one of them filled in. */
type SettledKeys =
  | 'target' | 'features' | 'timeStep' | 'horizon' | 'strategy' | 'units' | 'epochs' | 'batchSize' | 'learningRate'
  | 'seed' | 'split' | 'normalization' | 'calendarFeatures' | 'highway' | 'targetUnits';

/** {@link ForecasterOptions} with every default filled in (what a saved forecaster records). */
export type ForecasterConfig = Pick<ForecasterOptions, SourceKeys | 'seasonalPeriod'> &
  Required<Pick<ForecasterOptions, SettledKeys>> & { earlyStopping?: EarlyStoppingOptions };

/** The default early stopping: 5 epochs without a better validation loss, best weights restored. */
export const DEFAULT_EARLY_STOPPING: EarlyStoppingOptions = { patience: 5, restoreBestWeights: true };

/** The default split: 70 % train, 15 % validation, 15 % test. */
export const DEFAULT_SPLIT: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };

/**
 * The forecaster's defaults, the one place they are written: {@link resolveOptions} fills
 * them in, and `grulab forecast` shows them in `--help` and passes them on.
 */
export const FORECASTER_DEFAULTS: Readonly<{
  /** Window length in rows (a short series gets a shorter one, see {@link defaultTimeStep}). */
  timeStep: number;
  horizon: number;
  strategy: ForecastStrategy;
  units: readonly number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}> = { timeStep: 30, horizon: 1, strategy: 'direct', units: [50, 50], epochs: 10, batchSize: 32, learningRate: 0.001, seed: 42 };

function positiveInteger(name: string, value: unknown): number {
  return checkPositiveInteger('forecaster', name, value);
}

/**
 * Checks where the data comes from (before it is read): an options object, exactly one
 * of `data` and `csv`, a `target`, and a `where` filter that is an object.
 *
 * @throws Error naming the option, the value received and what was expected.
 */
function checkSource(options: ForecasterOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new Error(`forecaster: expected an options object like { csv: 'data.csv', target: 'Temp' }, got ${describe(options)}`);
  }
  if ((options.data === undefined) === (options.csv === undefined)) {
    throw new Error('forecaster: give exactly one of data (a DataFrame) or csv (a file path)');
  }
  if (options.csv !== undefined && (typeof options.csv !== 'string' || options.csv === '')) {
    throw new Error(`forecaster: csv must be a file path, got ${describe(options.csv)}`);
  }
  if (typeof options.target !== 'string' || options.target === '') {
    throw new Error(`forecaster: target must name the column to forecast, got ${describe(options.target)}`);
  }
  const features = options.features ?? [];
  if (!Array.isArray(features) || features.some((f) => typeof f !== 'string' || f === '')) {
    throw new Error(`forecaster: features must be an array of column names, got ${describe(features)}`);
  }
  const where = options.where;
  if (where !== undefined && (where === null || typeof where !== 'object' || Object.keys(where).length === 0)) {
    throw new Error(`forecaster: where must be an object of column: value such as { location: 'Seattle' }, got ${describe(where)}`);
  }
}

/** The extra input columns: the features without the target and without repeats. */
export function featureColumns(options: Pick<ForecasterOptions, 'target' | 'features'>): string[] {
  const features = options.features ?? [];
  return features.filter((f, i) => f !== options.target && features.indexOf(f) === i);
}

/** Checks the model's and training's options; returns them settled. */
function modelOptions(options: ForecasterOptions, features: string[]) {
  const strategy = options.strategy ?? FORECASTER_DEFAULTS.strategy;
  if (!FORECAST_STRATEGIES.includes(strategy)) {
    throw new Error(`forecaster: strategy must be 'direct' or 'recursive', got ${describe(strategy)}`);
  }
  const horizon = positiveInteger('horizon', options.horizon ?? FORECASTER_DEFAULTS.horizon);
  if (strategy === 'recursive' && features.length > 0 && horizon > 1) {
    throw new Error(
      `forecaster: strategy 'recursive' with horizon ${horizon} needs the target as the only input, got features ${JSON.stringify(features)}; their future values are unknown, so use strategy 'direct'`,
    );
  }
  const units = options.units ?? FORECASTER_DEFAULTS.units;
  if (!Array.isArray(units) || units.length === 0) throw new Error(`forecaster: units must be a non-empty array such as [50, 50], got ${describe(units)}`);
  units.forEach((u, i) => positiveInteger(`units[${i}]`, u));
  const learningRate = options.learningRate ?? FORECASTER_DEFAULTS.learningRate;
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`forecaster: learningRate must be a positive finite number such as 0.001, got ${describe(learningRate)}`);
  }
  const normalization = options.normalization ?? 'window';
  if (normalization !== 'window' && normalization !== 'global') {
    throw new Error(`forecaster: normalization must be 'window' or 'global', got ${describe(normalization)}`);
  }
  const calendarFeatures = options.calendarFeatures ?? false;
  if (calendarFeatures && strategy !== 'direct' && horizon > 1) {
    throw new Error(`forecaster: calendarFeatures needs strategy 'direct' when horizon > 1, got strategy '${strategy}' with horizon ${horizon}`);
  }
  return {
    strategy, horizon, units: units.slice(), learningRate, normalization, calendarFeatures,
    epochs: positiveInteger('epochs', options.epochs ?? FORECASTER_DEFAULTS.epochs),
    batchSize: positiveInteger('batchSize', options.batchSize ?? FORECASTER_DEFAULTS.batchSize),
    seed: options.seed ?? FORECASTER_DEFAULTS.seed,
    highway: options.highway ?? true,
  };
}

/** {@link ForecasterConfig} before the series is read: the window stays open when not given (its default depends on the series' length). */
export type PendingConfig = Omit<ForecasterConfig, 'timeStep'> & { timeStep?: number };

/**
 * Checks the options and fills in the defaults, all but the window's when none is given
 * (it depends on the series' length: {@link settleConfig}), before any data is read.
 *
 * @throws Error naming the option, the value received and what was expected.
 */
export function resolveOptions(options: ForecasterOptions): PendingConfig {
  checkSource(options);
  const features = featureColumns(options);
  const model = modelOptions(options, features);
  const period = options.seasonalPeriod;
  if (period !== undefined && (typeof period !== 'number' || !Number.isInteger(period) || period < 0)) {
    throw new Error(`forecaster: seasonalPeriod must be a positive integer (or 0 for none), got ${describe(period)}`);
  }
  const earlyStopping = options.earlyStopping === false ? undefined : (options.earlyStopping ?? DEFAULT_EARLY_STOPPING);
  const read = pickReadOptions(options);
  return {
    ...(options.csv !== undefined ? { csv: options.csv } : {}),
    ...(options.dateColumn !== undefined ? { dateColumn: options.dateColumn } : {}),
    ...read,
    ...(read.where !== undefined ? { where: { ...read.where } } : {}),
    target: options.target,
    features,
    ...(options.timeStep !== undefined ? { timeStep: positiveInteger('timeStep', options.timeStep) } : {}),
    ...model,
    split: options.split ?? DEFAULT_SPLIT,
    ...(period !== undefined ? { seasonalPeriod: period } : {}),
    ...(earlyStopping !== undefined ? { earlyStopping } : {}),
    targetUnits: options.targetUnits ?? '',
  };
}

/**
 * The configuration for a series of `rows` rows: the default window settled (once, here),
 * and a window given or saved checked against the rows.
 *
 * @throws Error as `checkTimeStep` when the window does not fit in the series.
 */
export function settleConfig(pending: PendingConfig, rows: number, fn = 'forecaster'): ForecasterConfig {
  const timeStep = pending.timeStep ?? defaultTimeStep(rows, pending.split, pending.horizon);
  checkTimeStep(timeStep, rows, fn);
  return { ...pending, timeStep };
}

/**
 * Checks, before any training, that each part of a split by fractions holds one window
 * (`timeStep + horizon` rows), as `chronologicalSplit` will cut it; a split by dates is
 * checked when it is cut (it needs the dates).
 *
 * @throws Error naming the part, its rows, the window and the rows the series would need.
 * @example
 * checkSplitParts({ split: { train: 0.7, validation: 0.15, test: 0.15 }, timeStep: 1, horizon: 1 }, 2);
 * // throws "forecaster: the validation part of the 2 rows (15 %) has 0 rows, fewer than one window needs (timeStep 1 + horizon 1 = 2); ..."
 */
export function checkSplitParts(config: Pick<ForecasterConfig, 'split' | 'timeStep' | 'horizon'>, rows: number): void {
  const { split, timeStep, horizon } = config;
  if (!('train' in split)) return;
  const needed = timeStep + horizon;
  const parts = (n: number): [string, number, number][] => {
    const trainEnd = Math.round(n * split.train);
    const validationEnd = Math.round(n * (split.train + split.validation));
    return [['train', trainEnd, split.train], ['validation', validationEnd - trainEnd, split.validation], ['test', n - validationEnd, split.test]];
  };
  const short = parts(rows).find(([, count]) => count < needed);
  if (short === undefined) return;
  const [name, count, share] = short;
  // The fewest rows whose parts all hold a window (none when a share is 0).
  const smallest = Math.min(split.train, split.validation, split.test);
  let enough: number | undefined;
  for (let n = rows + 1; smallest > 0 && n <= Math.ceil((2 * needed) / smallest) + 2 && enough === undefined; n++) {
    if (parts(n).every(([, c]) => c >= needed)) enough = n;
  }
  const fix = enough !== undefined ? `a series of at least ${enough} rows, ` : '';
  throw new Error(
    `forecaster: the ${name} part of the ${rows} rows (${Number((share * 100).toFixed(1))} %) has ${count} rows, fewer than one window needs (timeStep ${timeStep} + horizon ${horizon} = ${needed}); this needs ${fix}a smaller timeStep or horizon, or another split`,
  );
}

/**
 * The default window: 30 rows, or fewer when the validation or test part of a short series
 * (120 months: 18 rows each) would not hold two windows' worth of rows.
 *
 * @example
 * defaultTimeStep(120, { train: 0.7, validation: 0.15, test: 0.15 }, 1); // => 9
 */
export function defaultTimeStep(rows: number, split: SplitSpec, horizon: number): number {
  if (!('train' in split)) return FORECASTER_DEFAULTS.timeStep;
  const smallest = Math.floor(rows * Math.min(split.validation, split.test));
  return Math.max(1, Math.min(FORECASTER_DEFAULTS.timeStep, Math.floor((smallest - horizon + 1) / 2)));
}
