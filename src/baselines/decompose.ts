/**
 * Classical seasonal decomposition by moving averages, as R's `stats::decompose`: the
 * trend is a centred moving average of one period (a `2 x m` average for even `m`), the
 * seasonal figure is the mean, position by position in the cycle, of the series divided
 * by (or minus) the trend, normalised to average 1 (or 0).
 */
import { checkPositiveInteger } from '../base/checks';
import { rMean } from './series-checks';

/** What {@link decompose} returns. */
export interface Decomposition {
  /** The seasonal component, one value per observation (the figure repeated). */
  seasonal: Float64Array;
  /** The moving-average trend; `NaN` for the first and last `floor(m / 2)` observations. */
  trend: Float64Array;
  /** The seasonal figure, one value per position in the cycle, position 0 the first observation's. */
  figure: Float64Array;
  type: 'additive' | 'multiplicative';
}

/**
 * Decomposes `values` (`n >= 2 period`) into trend and seasonal components as R's
 * `decompose(ts(values, frequency = period), type)` does. The cycle's positions are
 * counted from the first observation, so `seasonal[i] = figure[i % period]`.
 *
 * @param values the series, oldest first, no missing values.
 * @param period the seasonal period, at least 2.
 * @param type `'multiplicative'` (default, as the M4 benchmarks use it) or `'additive'`.
 * @throws Error when `period < 2` or the series has fewer than two periods (R's message
 *   "time series has no or less than 2 periods").
 * @example
 * decompose([1, 3, 1, 3, 1, 3], 2, 'additive').figure; // => Float64Array [-1, 1]
 */
export function decompose(values: ArrayLike<number>, period: number, type: 'additive' | 'multiplicative' = 'multiplicative'): Decomposition {
  checkPositiveInteger('decompose', 'period', period);
  const n = values.length;
  if (period <= 1 || n < 2 * period) {
    throw new Error(`decompose: time series has no or less than 2 periods (period ${period}, length ${n})`);
  }
  // R's filter(x, filter, sides = 2): y[i] = sum_j filter[j] x[i + shift - j], NA where it runs off the ends
  const filter = period % 2 === 0 ? [0.5 / period, ...new Array<number>(period - 1).fill(1 / period), 0.5 / period] : new Array<number>(period).fill(1 / period);
  const nf = filter.length;
  const shift = Math.floor(nf / 2);
  const trend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i + shift - (nf - 1) < 0 || i + shift >= n) {
      trend[i] = NaN;
      continue;
    }
    let z = 0;
    for (let j = 0; j < nf; j++) z += filter[j] * values[i + shift - j];
    trend[i] = z;
  }
  const figure = new Float64Array(period);
  const picked: number[] = [];
  for (let k = 0; k < period; k++) {
    picked.length = 0;
    for (let i = k; i < n; i += period) {
      const s = type === 'additive' ? values[i] - trend[i] : values[i] / trend[i];
      if (!Number.isNaN(s)) picked.push(s);
    }
    figure[k] = rMean(picked);
  }
  const centre = rMean(figure);
  for (let k = 0; k < period; k++) figure[k] = type === 'additive' ? figure[k] - centre : figure[k] / centre;
  const seasonal = new Float64Array(n);
  for (let i = 0; i < n; i++) seasonal[i] = figure[i % period];
  return { seasonal, trend, figure, type };
}
