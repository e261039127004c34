/**
 * Forecast errors in the data's own units (MAE, RMSE, MAPE) and scaled (MASE).
 */

/** Errors of one forecaster on one set of points, in the target's units (MAPE in %). */
export interface ErrorMetrics {
  /** Mean absolute error, `mean(|actual - predicted|)`. */
  mae: number;
  /** Root mean squared error, `sqrt(mean((actual - predicted)²))`. */
  rmse: number;
  /**
   * Mean absolute percentage error, `100 · mean(|actual - predicted| / |actual|)` over the
   * points whose actual value is not 0 (a 0 would divide by zero); `NaN` when every actual
   * is 0. Values near 0 inflate it (a temperature of 0.1 °C turns a 1 °C miss into 1000 %),
   * so read MAE and RMSE first for series that cross zero.
   */
  mape: number;
  /** Number of points compared. */
  count: number;
}

/**
 * MAE, RMSE and MAPE of `predicted` against `actual`.
 *
 * @param actual the true values, `[points]`.
 * @param predicted the forecasts, `[points]`, same length.
 * @returns {@link ErrorMetrics}; MAPE skips actual values of exactly 0.
 * @throws Error when the lengths differ, there are no points, or a value is not finite
 *   (naming the index).
 * @example
 * errorMetrics([10, 20], [11, 18]); // => { mae: 1.5, rmse: 1.5811..., mape: 10, count: 2 }
 */
export function errorMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): ErrorMetrics {
  if (actual.length !== predicted.length) {
    throw new Error(`errorMetrics: actual and predicted must have the same length, got ${actual.length} and ${predicted.length}`);
  }
  if (actual.length === 0) throw new Error('errorMetrics: there are no points to compare (actual is empty)');
  let absSum = 0;
  let sqSum = 0;
  let pctSum = 0;
  let pctCount = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const p = predicted[i];
    if (!Number.isFinite(a) || !Number.isFinite(p)) {
      throw new Error(`errorMetrics: actual[${i}] and predicted[${i}] must be finite numbers, got ${a} and ${p}`);
    }
    const e = Math.abs(a - p);
    absSum += e;
    sqSum += e * e;
    if (a !== 0) {
      pctSum += e / Math.abs(a);
      pctCount++;
    }
  }
  const n = actual.length;
  return { mae: absSum / n, rmse: Math.sqrt(sqSum / n), mape: pctCount === 0 ? NaN : (100 * pctSum) / pctCount, count: n };
}

/** The mean of several metrics (e.g. over backtest folds), each field averaged; `count` summed. */
export function meanMetrics(all: ReadonlyArray<ErrorMetrics>): ErrorMetrics {
  if (all.length === 0) throw new Error('meanMetrics: no metrics to average');
  const mean = (pick: (m: ErrorMetrics) => number) => all.reduce((s, m) => s + pick(m), 0) / all.length;
  return { mae: mean((m) => m.mae), rmse: mean((m) => m.rmse), mape: mean((m) => m.mape), count: all.reduce((s, m) => s + m.count, 0) };
}

/**
 * The MASE scale (Hyndman & Koehler, 2006): the in-sample MAE of the seasonal naive
 * forecast one step ahead, `mean(|y[t] - y[t - period]|)` over the training values
 * (`period` 1: the naive forecast). A forecast's MASE is its MAE divided by this: below 1
 * it beats what the seasonal naive forecast did in sample.
 *
 * @param training the values the models were fitted on, oldest first.
 * @param period the season, `1` (or 0) for none.
 * @returns the scale; `NaN` when the training part is shorter than one season plus one, or constant.
 * @example
 * maseScale([1, 2, 4, 7], 1); // => 2
 */
export function maseScale(training: ArrayLike<number>, period: number): number {
  const m = Math.max(1, period);
  let sum = 0;
  for (let t = m; t < training.length; t++) sum += Math.abs(training[t] - training[t - m]);
  const n = training.length - m;
  return n > 0 && sum > 0 ? sum / n : NaN;
}
