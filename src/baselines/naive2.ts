/**
 * Naive2, the M4 competition's reference method (the denominator of OWA): the naive
 * forecast of the seasonally adjusted series, reseasonalised (M4-methods, "Benchmarks and
 * Evaluation.R": `naive(des_input, h)$mean * SIout`). Its intervals are R's `naive()`
 * intervals of the adjusted series multiplied by the same seasonal indices.
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, normalIntervals } from './baseline-forecast';
import { lagWalk } from './lag-walk';
import { normalQuantile } from './normal-quantile';
import { seasonalAdjustment } from './seasonal-adjustment';

/**
 * Forecasts a series by M4's Naive2.
 *
 * @param values the series, oldest first, at least 2 finite values.
 * @param options `horizon`, `period` (24 for M4 hourly; 1, the default, never adjusts),
 *   `levels` of the prediction intervals.
 * @returns the forecast; `seasonallyAdjusted` tells whether M4's seasonality test fired.
 * @throws Error for a bad series or option (see {@link checkBaselineArgs}).
 * @example
 * naive2Forecast(trainH1, { horizon: 48, period: 24, levels: [95] }).seasonallyAdjusted; // => true
 */
export function naive2Forecast(values: ArrayLike<number>, options: BaselineOptions): BaselineForecast {
  const { horizon, period, levels } = checkBaselineArgs('naive2Forecast', values, options);
  const adjustment = seasonalAdjustment(values, period, horizon);
  const walk = lagWalk(adjustment.adjusted, 1, horizon);
  const index = adjustment.futureIndex;
  const intervals = normalIntervals(walk.mean, walk.se, levels, normalQuantile).map(({ level, lower, upper }) => ({
    level,
    lower: lower.map((v, i) => v * index[i]),
    upper: upper.map((v, i) => v * index[i]),
  }));
  return { method: 'Naive2', mean: walk.mean.map((v, i) => v * index[i]), intervals, seasonallyAdjusted: adjustment.applied };
}
