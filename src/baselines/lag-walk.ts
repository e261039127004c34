/**
 * The naive and seasonal naive forecasts with R's prediction intervals, as
 * `forecast::naive` and `forecast::snaive` compute them (both are R's `lagwalk`, a random
 * walk at lag 1 or lag `m`): the forecast repeats the last observation (or the last
 * season), and the variance grows with the number of whole lags ahead, from the mean
 * squared lag-`k` difference of the training series.
 *
 * The Naive2 benchmark (./naive2.ts) runs the lag-1 walk on a seasonally adjusted series.
 * (./naive.ts holds the rolling-origin naive forecasts the forecaster's backtests use;
 * these are R's single-origin forecasts with intervals.)
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, normalIntervals } from './baseline-forecast';
import { normalQuantile } from './normal-quantile';

/** A lag walk's forecast before it is named. */
export interface LagWalkForecast {
  mean: number[];
  /** Standard error per step: `sqrt(mse * ceil(step / lag))`. */
  se: number[];
}

/**
 * R's `lagwalk` followed by `forecast.lagwalk` without drift: point forecasts repeat the
 * last `lag` observations; `se[i] = sqrt(mse * (floor(i / lag) + 1))` with `mse` the mean
 * of the squared differences `y[t] - y[t - lag]`.
 *
 * @param values the series, oldest first (at least `lag + 1` values, checked by callers).
 * @param lag 1 for the naive method, `m` for the seasonal naive.
 * @param horizon steps to forecast.
 * @example
 * lagWalk([1, 2, 4], 1, 2); // => { mean: [4, 4], se: [1.5811388300841898, 2.23606797749979] }
 */
export function lagWalk(values: ArrayLike<number>, lag: number, horizon: number): LagWalkForecast {
  const n = values.length;
  let sum = 0;
  for (let t = lag; t < n; t++) sum += (values[t] - values[t - lag]) ** 2;
  const mse = sum / (n - lag);
  const mean: number[] = [];
  const se: number[] = [];
  for (let i = 0; i < horizon; i++) {
    mean.push(values[n - lag + (i % lag)]);
    se.push(Math.sqrt(mse * (Math.floor(i / lag) + 1)));
  }
  return { mean, se };
}

/**
 * The naive forecast (the last observation, repeated), with R's `naive()` intervals.
 *
 * @param values the series, oldest first, at least 2 finite values.
 * @param options `horizon`, `levels` (`period` is not used).
 * @throws Error for a bad series or option (see {@link checkBaselineArgs}).
 * @example
 * naiveIntervalForecast([1, 2, 4], { horizon: 2 }).mean; // => [4, 4]
 */
export function naiveIntervalForecast(values: ArrayLike<number>, options: BaselineOptions): BaselineForecast {
  const { horizon, levels } = checkBaselineArgs('naiveIntervalForecast', values, options);
  const walk = lagWalk(values, 1, horizon);
  return { method: 'Naive', mean: walk.mean, intervals: normalIntervals(walk.mean, walk.se, levels, normalQuantile), seasonallyAdjusted: false };
}

/**
 * The seasonal naive forecast (the last season, repeated), with R's `snaive()` intervals;
 * for `period` 1 it is the naive forecast.
 *
 * @param values the series, oldest first, more than `period` finite values.
 * @param options `horizon`, `period`, `levels`.
 * @throws Error for a bad series or option.
 * @example
 * seasonalNaiveIntervalForecast([1, 5, 2, 6], { horizon: 3, period: 2 }).mean; // => [2, 6, 2]
 */
export function seasonalNaiveIntervalForecast(values: ArrayLike<number>, options: BaselineOptions): BaselineForecast {
  const period = options?.period ?? 1;
  const { horizon, levels } = checkBaselineArgs('seasonalNaiveIntervalForecast', values, options, Number.isInteger(period) && period > 0 ? period + 1 : 2);
  const walk = lagWalk(values, period, horizon);
  return { method: 'Seasonal naive', mean: walk.mean, intervals: normalIntervals(walk.mean, walk.se, levels, normalQuantile), seasonallyAdjusted: false };
}
