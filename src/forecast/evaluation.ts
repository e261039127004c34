/**
 * Scoring a trained run on its test part next to the baselines: naive, seasonal naive,
 * the training mean and AutoARIMA, with MAE, RMSE, MAPE and MASE, overall and per step.
 */
import { arimaForecasts } from '../baselines/arima';
import { openPhaseProgress } from '../charts/phase-progress';
import { naiveForecast, seasonalNaiveForecast } from '../baselines/naive';
import { errorMetrics, maseScale, type ErrorMetrics } from '../metrics/forecast-errors';
import type { ForecasterConfig } from './options';
import { checkFiniteForecasts, predictScaled, unscale } from './predict';
import { formatDate } from '../data/calendar';
import type { SeriesData } from './series';
import type { FittedRun, ModelChoice } from './training-run';

/** One forecaster's errors on the test part. */
export interface ModelScore extends ErrorMetrics {
  /**
   * The first row names the model that made the forecast ({@link modelLabel} of the choice:
   * `'GRU'`, `'GRU untrained (naive + linear highway)'` or `'Naive (last value), kept over the GRU'`);
   * then `'Naive (last value)'`, `'Seasonal naive (period N)'`, `'Training mean'` or `'AutoARIMA ...'`.
   */
  model: string;
  /** MAE of each step ahead, `[horizon]` (step 1 first). */
  maeByStep: number[];
  /** Mean absolute scaled error: MAE over the in-sample seasonal naive MAE (see `maseScale`). */
  mase: number;
  /** MASE of each step ahead, `[horizon]`. */
  maseByStep: number[];
}

/** What `evaluate()` reports: the GRU next to the baselines, in the target's units. */
export interface Evaluation {
  /** Steps ahead each window is scored on (every step counts equally). */
  horizon: number;
  /** Number of test windows. */
  windows: number;
  /** Rows `[start, end)` of the test part (0-based, in time order). */
  testRows: [number, number];
  /** Season length used by the seasonal baselines and the MASE scale, when there is one. */
  seasonalPeriod?: number;
  /** The forecaster's model first (named by {@link modelLabel}), then the baselines. */
  scores: ModelScore[];
  /** Baselines that could not be fitted, with the reason. */
  unavailable: { model: string; reason: string }[];
  /** The MASE denominator: in-sample MAE of the seasonal naive (or naive) forecast on the rows before the test part. */
  maseScale: number;
  /** Why MAPE is left out (`NaN` in the scores), when it is: the actual values cross zero. */
  mapeOmitted?: string;
  /**
   * Which model made the GRU row's forecasts, chosen on the validation part: `'trained'`
   * the trained GRU; `'untrained'` when no training epoch beat the untrained model clearly
   * (by more than one standard error), so the GRU's head stayed at zero and the forecast is
   * the naive one plus the linear highway; `'naive'` when, in addition, the linear highway
   * did not beat the naive forecast clearly, so the forecast is exactly the naive one.
   */
  choice: ModelChoice;
  /** The baseline with the lowest MASE (lowest MAE when the MASE scale is `NaN`). */
  bestBaseline: string;
  /** `1 - MAE(GRU) / MAE(naive)`: above 0 the GRU beats the last-value forecast. */
  skillVsNaive: number;
  /** `1 - MASE(GRU) / MASE(best baseline)` (MAE when the MASE scale is `NaN`): above 0 the GRU beats every baseline. */
  skillVsBest: number;
  /** `[windows][horizon]` GRU forecasts of the test part, in the target's units. */
  predictions: number[][];
  /** Each baseline's `[windows][horizon]` forecasts, by model name (for the charts). */
  baselinePredictions: Record<string, number[][]>;
  /** Row of each window's first forecast step, `[windows]`. */
  origins: number[];
}

/**
 * The name of the model that made a forecaster's forecast, from its choice on the validation
 * part: the trained GRU; the untrained GRU (its head at zero), which is the naive forecast plus
 * the linear highway; or the naive forecast alone.
 *
 * @param choice the run's {@link ModelChoice}.
 * @example
 * modelLabel('untrained'); // => 'GRU untrained (naive + linear highway)'
 */
export function modelLabel(choice: ModelChoice): string {
  if (choice === 'untrained') return 'GRU untrained (naive + linear highway)';
  if (choice === 'naive') return 'Naive (last value), kept over the GRU';
  return 'GRU';
}

/** Most test windows AutoARIMA forecasts (about 10 s); a longer test part is sampled every k-th window. */
const ARIMA_WINDOWS = 2000;

/** MAE, RMSE, MAPE and MASE of one model over all windows and per step. */
function score(model: string, actual: number[][], predicted: number[][], scale: number): ModelScore {
  const horizon = actual[0].length;
  const metrics = errorMetrics(actual.flat(), predicted.flat());
  const maeByStep = Array.from({ length: horizon }, (_, h) => errorMetrics(actual.map((r) => r[h]), predicted.map((r) => r[h])).mae);
  return { model, ...metrics, maeByStep, mase: metrics.mae / scale, maseByStep: maeByStep.map((m) => m / scale) };
}

/**
 * Scores the run's model and the baselines on every window of the test part (see
 * {@link scoreForecasts}).
 */
export function scoreRun(run: FittedRun, series: SeriesData, config: ForecasterConfig, verbose: 0 | 1 = 0): Evaluation {
  const scaled = predictScaled(run.model, run.prepared.test.x, config.strategy, config.horizon, run.windowScale);
  const predictions = unscale(run.prepared.targetScaler, scaled);
  const scaler = run.prepared.targetScaler;
  checkFiniteForecasts('evaluate', predictions, (s) => {
    const start = run.testStart + s;
    const end = start + config.timeStep;
    return { from: formatDate(series.dates[start]), to: formatDate(series.dates[end - 1]), values: series.target.slice(start, end) };
  }, [scaler.dataMin[0], scaler.dataMax[0]]);
  return scoreForecasts(run, series, config, predictions, verbose);
}

/**
 * Scores the GRU's test forecasts and the baselines on every window of the test part. The
 * actual values and the baselines come from the unscaled series; a baseline only looks at
 * rows before each window's first forecast step (the mean and AutoARIMA at rows before the
 * test part). With `verbose: 1` a long AutoARIMA pass shows its progress.
 */
export function scoreForecasts(run: FittedRun, series: SeriesData, config: ForecasterConfig, predictions: number[][], verbose: 0 | 1 = 0): Evaluation {
  const { timeStep, horizon } = config;
  const windows = predictions.length;
  const origins = Array.from({ length: windows }, (_, s) => run.testStart + s + timeStep);
  const actual = origins.map((o) => series.target.slice(o, o + horizon));
  const training = series.target.slice(0, run.testStart);
  const season = run.period > 1 ? run.period : undefined;
  const scale = maseScale(training, season ?? 1);
  const forecasts: [string, number[][]][] = [['Naive (last value)', origins.map((o) => naiveForecast(series.target, o, horizon))]];
  const unavailable: { model: string; reason: string }[] = [];
  if (season !== undefined) {
    const seasonal = origins.map((o) => seasonalNaiveForecast(series.target, o, horizon, season));
    if (seasonal.every((f) => f !== undefined)) forecasts.push([`Seasonal naive (period ${season})`, seasonal as number[][]]);
    else unavailable.push({ model: `Seasonal naive (period ${season})`, reason: `fewer than ${season} rows before the test part` });
  } else {
    unavailable.push({ model: 'Seasonal naive', reason: 'no season detected in the training part (give seasonalPeriod to set one)' });
  }
  const mean = training.reduce((a, b) => a + b, 0) / training.length;
  forecasts.push(['Training mean', origins.map(() => new Array<number>(horizon).fill(mean))]);
  // Proportionate, as statsforecast's cross-validation with `step_size`: each origin's
  // forecast costs a pass over the fitted history (5 ms), so a test part of 30,000 windows
  // would take minutes; beyond ARIMA_WINDOWS it is scored on every k-th window, said in its name.
  const stride = Math.ceil(windows / ARIMA_WINDOWS);
  const arimaAt = origins.filter((_, i) => i % stride === 0);
  const progress = verbose === 1 && arimaAt.length >= 200 ? openPhaseProgress('AutoARIMA on the test part', arimaAt.length, { items: 'windows' }) : undefined;
  const arima = arimaForecasts(series.target, run.testStart, arimaAt, horizon, season ?? 0, progress !== undefined ? { onProgress: (done) => progress.tick(done) } : {});
  progress?.end();
  const strided: ModelScore[] = [];
  if ('forecasts' in arima && stride === 1) forecasts.push([arima.label, arima.forecasts]);
  else if ('forecasts' in arima) strided.push(score(`${arima.label}, on 1 in ${stride} of ${windows} windows`, actual.filter((_, i) => i % stride === 0), arima.forecasts, scale));
  else unavailable.push({ model: 'AutoARIMA', reason: arima.reason });

  const scores = [score(modelLabel(run.choice), actual, predictions, scale), ...forecasts.map(([name, f]) => score(name, actual, f, scale)), ...strided];
  const flat = actual.flat();
  const crosses = flat.some((v) => v <= 0) && flat.some((v) => v >= 0);
  let mapeOmitted: string | undefined;
  if (crosses) {
    mapeOmitted = `MAPE left out: the actual values reach zero or cross it (${Math.min(...flat)} to ${Math.max(...flat)}), where a percentage error is undefined or explodes`;
    for (const s of scores) s.mape = NaN;
  }
  const baselines = scores.slice(1);
  const key = (s: ModelScore): number => (Number.isFinite(s.mase) ? s.mase : s.mae);
  const best = baselines.reduce((a, b) => (key(b) < key(a) ? b : a));
  return {
    horizon,
    windows,
    testRows: [run.testStart, run.testStart + run.prepared.parts.test.shape[0]],
    ...(season !== undefined ? { seasonalPeriod: season } : {}),
    scores,
    unavailable,
    maseScale: scale,
    ...(mapeOmitted !== undefined ? { mapeOmitted } : {}),
    choice: run.choice,
    bestBaseline: best.model,
    skillVsNaive: 1 - scores[0].mae / scores[1].mae,
    skillVsBest: 1 - key(scores[0]) / key(best),
    predictions,
    baselinePredictions: Object.fromEntries(forecasts),
    origins,
  };
}
