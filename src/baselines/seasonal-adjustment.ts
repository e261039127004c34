/**
 * The M4 benchmarks' seasonal adjustment (M4-methods, "Benchmarks and Evaluation.R"):
 * when the 90 % ACF test at lag `m` finds seasonality, the series is divided by its
 * classical multiplicative seasonal component, a method forecasts the adjusted series, and
 * its forecasts are multiplied by the last season's indices, repeated.
 */
import { decompose } from './decompose';
import { seasonalityTest, type SeasonalityTestRule } from './seasonality-test';

/** A series ready for a non-seasonal method, and how to put the season back. */
export interface SeasonalAdjustment {
  /** The adjusted series (the series itself when not seasonal). */
  adjusted: Float64Array;
  /** Whether the test found seasonality and the series was adjusted. */
  applied: boolean;
  /** The seasonal index of each future step (`[horizon]`; all 1 when not adjusted). */
  futureIndex: Float64Array;
}

/**
 * Tests `values` for seasonality at lag `period` and, when seasonal, divides it by its
 * multiplicative seasonal component; the future indices are the last `period` seasonal
 * values repeated (M4's `SIout`).
 *
 * @param values the series, oldest first.
 * @param period the seasonal period (1: never adjusted).
 * @param horizon how many future indices to return.
 * @param rule which form of the test, see {@link seasonalityTest}. Default `'m4'`.
 * @example
 * seasonalAdjustment(hourly, 24, 48).applied; // => true for a series with a daily cycle
 */
export function seasonalAdjustment(values: ArrayLike<number>, period: number, horizon: number, rule: SeasonalityTestRule = 'm4'): SeasonalAdjustment {
  const n = values.length;
  const futureIndex = new Float64Array(horizon).fill(1);
  if (period <= 1 || !seasonalityTest(values, period, rule)) return { adjusted: Float64Array.from(values), applied: false, futureIndex };
  const { seasonal } = decompose(values, period, 'multiplicative');
  const adjusted = new Float64Array(n);
  for (let i = 0; i < n; i++) adjusted[i] = values[i] / seasonal[i];
  for (let i = 0; i < horizon; i++) futureIndex[i] = seasonal[n - period + (i % period)];
  return { adjusted, applied: true, futureIndex };
}
