/**
 * The 90 % autocorrelation test for seasonality that decides whether the M4 benchmarks
 * seasonally adjust a series, in its two published forms:
 *
 * - M4's `SeasonalityTest` (M4-methods, "Benchmarks and Evaluation.R"), used by Naive2,
 *   SES, Holt, Damped and Comb: a series shorter than `3 m` is not seasonal; otherwise the
 *   lag-`m` autocorrelation (of R's default `acf`, lags up to `10 log10(n)`) must exceed
 *   `1.645 / sqrt(n) * sqrt(1 + 2 * sum of the squared autocorrelations at lags 1..m-1)`.
 * - R's `forecast::thetaf`: the same statistic with `qnorm(0.95)`, lags up to `m`, for a
 *   series longer than `2 m` that is not constant.
 */
import { checkPositiveInteger } from '../base/checks';
import { normalQuantile } from './normal-quantile';
import { isConstant } from './series-checks';

/**
 * The sample autocorrelations of a series at lags `0..lagMax`, as R's `acf(x)` computes
 * them: the series is centred on its mean, each lag's sum of products is divided by `n`
 * (not `n - lag`), and the result is divided by the lag-0 value and kept within [-1, 1].
 *
 * @param values the series, oldest first.
 * @param lagMax the largest lag; default R's `floor(10 * log10(n))`, at most `n - 1`.
 * @returns `lagMax + 1` values, the first 1 (`NaN` throughout for a constant series).
 * @example
 * autocorrelation([1, 2, 3, 4, 5], 2); // => Float64Array [1, 0.4, -0.1]
 */
export function autocorrelation(values: ArrayLike<number>, lagMax?: number): Float64Array {
  const n = values.length;
  const maxLag = Math.min(lagMax ?? Math.floor(10 * Math.log10(n)), n - 1);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = values[i] - mean;
  const acf = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let sum = 0;
    for (let i = 0; i < n - lag; i++) sum += x[i + lag] * x[i];
    acf[lag] = sum / n;
  }
  const var0 = acf[0];
  for (let lag = 0; lag <= maxLag; lag++) {
    const a = acf[lag] / var0;
    acf[lag] = a > 1 ? 1 : a < -1 ? -1 : a;
  }
  return acf;
}

/** Which published form of the test to run. */
export type SeasonalityTestRule = 'm4' | 'thetaf';

/**
 * Whether a series is seasonal with period `period` by the 90 % ACF test.
 *
 * `rule: 'm4'` is M4-methods' `SeasonalityTest(input, ppy)`: `n >= 3 period` is needed, the
 * critical value is 1.645 and R's default number of lags, `floor(10 log10 n)`, is used: with
 * fewer lags than `period` the test says not seasonal, so for `period` 24 M4's rule needs
 * `n >= 252`, not only `3 period`. `rule: 'thetaf'` is the test inside
 * R's `thetaf`: `n > 2 period` and a non-constant series are needed, the critical value is
 * `qnorm(0.95)` and lags up to `period` are computed. Either way a period of 1 is never
 * seasonal.
 *
 * @param values the series, oldest first.
 * @param period the seasonal period `m` (24 for hourly data, 1 for M4's weekly data).
 * @param rule `'m4'` (default) or `'thetaf'`.
 * @throws Error when `period` is not a positive integer.
 * @example
 * seasonalityTest(hourly, 24); // => true for a series with a daily cycle
 */
export function seasonalityTest(values: ArrayLike<number>, period: number, rule: SeasonalityTestRule = 'm4'): boolean {
  checkPositiveInteger('seasonalityTest', 'period', period);
  const n = values.length;
  if (period <= 1) return false;
  if (rule === 'm4') {
    if (n < 3 * period) return false;
    const acf = autocorrelation(values);
    if (acf.length <= period) return false; // R: xacf[ppy] is NA
    let sum = 1;
    for (let k = 1; k < period; k++) sum += 2 * acf[k] * acf[k];
    const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(sum);
    return Math.abs(acf[period]) > limit; // NaN (constant series) is false, as R's NA
  }
  if (rule !== 'thetaf') throw new Error(`seasonalityTest: rule must be 'm4' or 'thetaf', got ${JSON.stringify(rule)}`);
  if (!(n > 2 * period) || isConstant(values)) return false;
  const acf = autocorrelation(values, period);
  let sum = 0;
  for (let k = 1; k < period; k++) sum += acf[k] * acf[k];
  const stat = Math.sqrt((1 + 2 * sum) / n);
  return Math.abs(acf[period]) / stat > normalQuantile(0.95);
}
