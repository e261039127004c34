/**
 * The accuracy measures of the M4 competition, as its organisers defined them: sMAPE and
 * MASE for point forecasts, OWA relative to the Naive2 benchmark, and MSIS and coverage
 * for 95 % prediction intervals.
 *
 * Sources: Makridakis, Spiliotis and Assimakopoulos, "The M4 Competition: 100,000 time
 * series and 61 forecasting methods", International Journal of Forecasting 36(1), 2020,
 * section 2 (equations for sMAPE, MASE, OWA, MSIS); the M4 Competitor's Guide (2018) for
 * MSIS at `a = 0.05` and ACD; M4-methods' "Benchmarks and Evaluation.R" (`smape_cal`,
 * `mase_cal`) for the exact arithmetic, including MASE's scale over the `n - m` seasonal
 * differences of the training series, with `m` 24 for hourly and 1 for weekly, daily and
 * yearly data.
 */

import { maseScale } from './forecast-errors';

/** Throws unless `actual` and `forecast` are non-empty and as long as each other. */
function checkPair(caller: string, actual: ArrayLike<number>, forecast: ArrayLike<number>, name = 'forecast'): void {
  if (actual.length === 0) throw new Error(`${caller}: actual must hold at least one value, got none`);
  if (forecast.length !== actual.length) throw new Error(`${caller}: ${name} must have as many values as actual (${actual.length}), got ${forecast.length}`);
}

/**
 * Symmetric mean absolute percentage error in percent, M4's sMAPE:
 * `200 / h * sum |y - f| / (|y| + |f|)`.
 *
 * A step where both `y` and `f` are 0 counts as no error (M4's code would give `NaN`; no
 * M4 series has a zero).
 *
 * @param actual the held-back values `[h]`.
 * @param forecast the point forecasts `[h]`.
 * @throws Error when the lengths differ or are 0.
 * @example
 * smape([100, 200], [110, 180]); // => 10.025062656641603
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  checkPair('smape', actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denom = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (denom > 0) sum += Math.abs(actual[i] - forecast[i]) / denom;
  }
  return (200 * sum) / actual.length;
}

/**
 * Throws unless `period` is a positive integer and `training` longer than it; then MASE's
 * denominator, the mean absolute seasonal difference of the training series over its
 * `n - m` pairs (M4's `masep`; the MASE scale of ./forecast-errors.ts computes it).
 */
function checkedScale(caller: string, training: ArrayLike<number>, period: number): number {
  if (!Number.isInteger(period) || period < 1) throw new Error(`${caller}: period must be a positive integer, got ${period}`);
  if (training.length <= period) throw new Error(`${caller}: training must be longer than period (${period}), got ${training.length} values`);
  return maseScale(training, period);
}

/**
 * Mean absolute scaled error, M4's MASE: the forecast's mean absolute error over the
 * horizon divided by the MASE scale of the training series.
 *
 * @param actual the held-back values `[h]`.
 * @param forecast the point forecasts `[h]`.
 * @param training the series the forecast was made from.
 * @param period `m` (24 hourly, 1 weekly in M4).
 * @throws Error when `period` is not a positive integer, the training series is not longer
 *   than it, or the lengths of `actual` and `forecast` differ.
 * @example
 * mase([6, 8], [5, 5], [1, 3, 2, 5], 1); // => 1
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, training: ArrayLike<number>, period: number): number {
  checkPair('mase', actual, forecast);
  const scale = checkedScale('mase', training, period);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return sum / actual.length / scale;
}

/** A method's sMAPE and MASE (each averaged over the series of a set). */
export interface PointAccuracy {
  smape: number;
  mase: number;
}

/**
 * Overall weighted average, M4's OWA: the mean of sMAPE and MASE each relative to Naive2's
 * on the same series, `(sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2) / 2`. M4 computes it from
 * the measures averaged over a whole set (a frequency, or all 100,000), not series by series.
 *
 * @param method the method's mean sMAPE and MASE.
 * @param naive2 Naive2's mean sMAPE and MASE on the same series.
 * @example
 * owa({ smape: 9.328, mase: 0.893 }, { smape: 18.383, mase: 2.395 }); // => 0.44014... (ES-RNN, M4 hourly)
 */
export function owa(method: PointAccuracy, naive2: PointAccuracy): number {
  return (method.smape / naive2.smape + method.mase / naive2.mase) / 2;
}

/**
 * Mean scaled interval score, M4's MSIS for a `level` % interval (M4 scored 95 %, `a = 0.05`):
 * `1/h sum [(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}]`, divided by
 * the MASE scale of the training series.
 *
 * @param actual the held-back values `[h]`.
 * @param lower the interval's lower bounds `[h]`.
 * @param upper the interval's upper bounds `[h]`.
 * @param training the series the forecast was made from.
 * @param period `m` as for MASE.
 * @param level the interval's nominal coverage in percent. Default 95.
 * @throws Error when the lengths differ, `level` is not in (0, 100), `period` is not a
 *   positive integer or the training series is not longer than it.
 * @example
 * msis([10, 20], [8, 8], [12, 12], [1, 3, 2, 5], 1); // => 82 ((4 + 4 + 2/0.05 * 8) / 2 / 2)
 */
export function msis(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  training: ArrayLike<number>,
  period: number,
  level = 95,
): number {
  checkPair('msis', actual, lower, 'lower');
  checkPair('msis', actual, upper, 'upper');
  if (!(level > 0 && level < 100)) throw new Error(`msis: level must be a percentage strictly between 0 and 100, got ${level}`);
  const a = (100 - level) / 100; // 0.05 exactly for 95, not 1 - 0.95
  const scale = checkedScale('msis', training, period);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    sum += upper[i] - lower[i];
    if (y < lower[i]) sum += (2 / a) * (lower[i] - y);
    if (y > upper[i]) sum += (2 / a) * (y - upper[i]);
  }
  return sum / actual.length / scale;
}

/**
 * Empirical coverage of an interval: the fraction of held-back values within
 * `[lower, upper]` (bounds included). M4's ACD is `|coverage - 0.95|` over a whole set.
 *
 * @param actual the held-back values `[h]`.
 * @param lower lower bounds `[h]`.
 * @param upper upper bounds `[h]`.
 * @throws Error when the lengths differ or are 0.
 * @example
 * coverage([1, 5, 9], [0, 0, 0], [4, 6, 8]); // => 0.6666666666666666
 */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  checkPair('coverage', actual, lower, 'lower');
  checkPair('coverage', actual, upper, 'upper');
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / actual.length;
}
