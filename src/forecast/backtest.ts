/**
 * Rolling-origin evaluation (Darts' `historical_forecasts` with retraining, statsforecast's
 * `cross_validation`): the series is cut at several origins; each fold trains a fresh model
 * on the rows before its cut and is scored on the window right after it.
 */
import { scoreRun } from './evaluation';
import type { SeriesData } from './series';
import { trainRun, type ModelChoice } from './training-run';
import { meanMetrics, type ErrorMetrics } from '../metrics/forecast-errors';
import { DEFAULT_SPLIT, type ForecasterConfig } from './options';
import { checkPositiveInteger } from '../base/checks';
import type { TrainingHistory } from '../training/observer';

/** Options of `Forecaster.backtest`. */
export interface BacktestOptions {
  /** Number of folds (origins), at least 1. Default `3`. */
  folds?: number;
  /**
   * Rows in each fold's test window; at least `timeStep + horizon` (a test window holds
   * whole input windows). Default: the forecaster's test share of the rows divided by
   * `folds` (15 % / 3 = 5 % of the rows each), or `timeStep + horizon` if that is larger.
   */
  testSize?: number;
  /** Epochs per fold. Default: the forecaster's `epochs`. */
  epochs?: number;
  /** `1`: training progress for each fold; `0`: quiet. Default: the forecaster's `verbose`. */
  verbose?: 0 | 1;
}

/** One fold of a backtest. Row ranges are `[start, end)`, 0-based, in time order. */
export interface BacktestFold {
  /** 0-based fold number; fold 0 has the earliest origin. */
  fold: number;
  /** Rows the model trained on. */
  trainRows: [number, number];
  /** Rows used for the validation loss (before the test window as well). */
  validationRows: [number, number];
  /** Rows scored; the model never saw them, nor anything after them. */
  testRows: [number, number];
  /** The fold's training loss per epoch. */
  history: TrainingHistory;
  /** Which model the fold's run chose on its validation rows (each fold chooses its own). */
  choice: ModelChoice;
  /** That model's name, as the evaluation's first row names it (`modelLabel`). */
  model: string;
  /** Errors of the fold's model (`model`: the trained GRU or what it fell back to) over all test windows and steps, in the target's units. */
  gru: ErrorMetrics;
  naive: ErrorMetrics;
  seasonalNaive?: ErrorMetrics;
  /** Season length of this fold's seasonal naive baseline (given, or detected on its training rows). */
  seasonalPeriod?: number;
}

/** What `Forecaster.backtest` returns. */
export interface BacktestResult {
  folds: BacktestFold[];
  /** Mean over the folds of each error. `seasonalNaive` when every fold has one. */
  mean: { gru: ErrorMetrics; naive: ErrorMetrics; seasonalNaive?: ErrorMetrics };
  testSize: number;
}

function testShare(config: ForecasterConfig): { test: number; validation: number } {
  // A split by dates has no shares: the default split's are used.
  const split = 'train' in config.split ? config.split : DEFAULT_SPLIT;
  return { test: split.test, validation: split.validation / (split.train + split.validation) };
}

/** Where a backtest's folds lie, from {@link planBacktest}. */
export interface BacktestPlan {
  folds: number;
  testSize: number;
  /** Row where the first fold's test window starts. */
  firstOrigin: number;
  /** Share of each fold's rows before its test window that validates. */
  validationShare: number;
}

/**
 * Checks that `options.folds` folds fit in a series of `rows` rows and places them; cheap,
 * so a command can check its backtest before training anything.
 *
 * @throws Error naming `folds` or `testSize` when they are not positive integers or the
 *   folds do not fit in the series.
 * @example
 * planBacktest(120, config, { folds: 50 });
 * // throws "backtest: 50 folds of 10 test rows leave -380 of the 120 rows before the first fold, too few ..."
 */
export function planBacktest(rows: number, config: ForecasterConfig, options: BacktestOptions): BacktestPlan {
  const folds = options.folds ?? 3;
  checkPositiveInteger('backtest', 'folds', folds);
  const share = testShare(config);
  const minimum = config.timeStep + config.horizon;
  const testSize = options.testSize ?? Math.max(minimum, Math.floor((rows * share.test) / folds));
  if (!Number.isInteger(testSize) || testSize < minimum) {
    throw new Error(`backtest: testSize must be an integer of at least timeStep + horizon = ${minimum} rows, got ${testSize}`);
  }
  const firstOrigin = rows - folds * testSize;
  const firstTrain = Math.round(firstOrigin * (1 - share.validation));
  if (firstTrain < minimum || firstOrigin - firstTrain < minimum) {
    throw new Error(
      `backtest: ${folds} folds of ${testSize} test rows leave ${firstOrigin} of the ${rows} rows before the first fold, too few to train and validate on (timeStep ${config.timeStep} + horizon ${config.horizon} each); use fewer folds or a smaller testSize`,
    );
  }
  return { folds, testSize, firstOrigin, validationShare: share.validation };
}

/**
 * Runs the folds one after another (training is the cost; each fold trains from the same
 * seed, so folds differ only by their data).
 *
 * @throws Error as {@link planBacktest}, before any fold trains.
 */
export async function runBacktest(series: SeriesData, config: ForecasterConfig, options: BacktestOptions, verbose: 0 | 1): Promise<BacktestResult> {
  const { folds, testSize, firstOrigin, validationShare } = planBacktest(series.target.length, config, options);
  const result: BacktestFold[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const testStart = firstOrigin + fold * testSize;
    const end = testStart + testSize;
    const trainEnd = Math.round(testStart * (1 - validationShare));
    // The fold sees only rows [0, end): fractions that cut it exactly at trainEnd and testStart.
    const split = { train: trainEnd / end, validation: (testStart - trainEnd) / end, test: testSize / end };
    const run = await trainRun(series, end, split, config, { verbose, ...(options.epochs !== undefined ? { epochs: options.epochs } : {}) });
    try {
      const evaluation = scoreRun(run, series, config);
      const [gru, naive] = evaluation.scores;
      const seasonal = evaluation.scores.find((s) => s.model.startsWith('Seasonal naive'));
      result.push({
        fold,
        trainRows: [0, trainEnd],
        validationRows: [trainEnd, testStart],
        testRows: [testStart, end],
        history: { loss: run.history.loss, ...(run.history.valLoss !== undefined ? { valLoss: run.history.valLoss } : {}) },
        choice: run.choice,
        model: gru.model,
        gru: strip(gru),
        naive: strip(naive),
        ...(seasonal !== undefined ? { seasonalNaive: strip(seasonal), seasonalPeriod: evaluation.seasonalPeriod } : {}),
      });
    } finally {
      run.model.dispose();
      run.prepared.dispose();
    }
  }
  const seasonal = result.every((f) => f.seasonalNaive !== undefined) ? { seasonalNaive: meanMetrics(result.map((f) => f.seasonalNaive as ErrorMetrics)) } : {};
  return { folds: result, mean: { gru: meanMetrics(result.map((f) => f.gru)), naive: meanMetrics(result.map((f) => f.naive)), ...seasonal }, testSize };
}

function strip(score: ErrorMetrics): ErrorMetrics {
  return { mae: score.mae, rmse: score.rmse, mape: score.mape, count: score.count };
}
