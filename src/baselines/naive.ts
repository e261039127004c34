/**
 * The naive baselines a forecast has to beat (TensorFlow's time-series tutorial starts
 * with them; statsforecast calls them `Naive` and `SeasonalNaive`).
 */
import { checkPositiveInteger } from '../base/checks';

/**
 * The last-value (persistence) forecast: every future step equals the last known value.
 *
 * @param series the whole series, oldest first.
 * @param origin index of the first step to forecast; `series[origin - 1]` is the last known value.
 * @param horizon number of steps.
 * @returns `horizon` copies of `series[origin - 1]`.
 * @throws Error when `origin` is not in `1..series.length`.
 * @example
 * naiveForecast([3, 5, 4], 3, 2); // => [4, 4]
 */
export function naiveForecast(series: ArrayLike<number>, origin: number, horizon: number): number[] {
  if (!Number.isInteger(origin) || origin < 1 || origin > series.length) {
    throw new Error(`naiveForecast: origin must be an integer in 1..${series.length}, got ${origin}`);
  }
  return new Array<number>(horizon).fill(series[origin - 1]);
}

/**
 * The seasonal naive forecast: each future step repeats the value one season earlier
 * (`series[t - period]`, or `k` seasons earlier when the step lies more than a season ahead).
 *
 * @param series the whole series, oldest first.
 * @param origin index of the first step to forecast (only `series[0..origin-1]` is used).
 * @param horizon number of steps.
 * @param period the season's length in rows, a positive integer.
 * @returns the `horizon` forecasts, or `undefined` when the series before `origin` is
 *   shorter than one season.
 * @throws Error when `period` is not a positive integer.
 * @example
 * seasonalNaiveForecast([1, 2, 3, 10, 20, 30], 6, 2, 3); // => [10, 20]
 */
export function seasonalNaiveForecast(series: ArrayLike<number>, origin: number, horizon: number, period: number): number[] | undefined {
  checkPositiveInteger('seasonalNaiveForecast', 'period', period);
  if (origin - period < 0) return undefined;
  return Array.from({ length: horizon }, (_, h) => series[origin + h - period * Math.ceil((h + 1) / period)]);
}
