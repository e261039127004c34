/**
 * Anomaly detection from a forecaster's residuals: a point is anomalous when the series
 * departs from what the model expected by more than the model's errors usually are. The
 * threshold comes from residuals on validation data (data the model did not train on and
 * that is not the data being scanned), so the test stretch never tunes its own detector.
 */

/** Options of {@link detectAnomalies}. */
export interface DetectAnomaliesOptions {
  /** Actual values of the stretch to scan, `[points]`. */
  actual: ArrayLike<number>;
  /** The forecaster's predictions for the same points, `[points]`. */
  predicted: ArrayLike<number>;
  /** Actual and predicted values on validation data, used only to set the threshold. */
  validation: { actual: ArrayLike<number>; predicted: ArrayLike<number> };
  /**
   * How the threshold on `|residual|` is set from the validation residuals:
   * `'quantile'` (default): their `quantile`-th quantile times `factor`;
   * `'mad'`: their median plus `factor` robust standard deviations (1.4826 × the median
   * absolute deviation), which a few anomalies inside the validation data barely move.
   */
  method?: 'quantile' | 'mad';
  /** Quantile of the validation `|residuals|` for `'quantile'`. Default `0.99`. */
  quantile?: number;
  /** Multiplier: of the quantile (default `1`) or of the robust standard deviation (default `4`). */
  factor?: number;
}

/** What {@link detectAnomalies} found. */
export interface AnomalyResult {
  /** The threshold on `|actual - predicted|`, in the series' units. */
  threshold: number;
  /** `actual - predicted` for each scanned point. */
  residuals: number[];
  /** `true` where `|residual| > threshold`. */
  flags: boolean[];
  /** Indices of the flagged points, ascending. */
  indices: number[];
}

function residualsOf(fn: string, name: string, actual: ArrayLike<number>, predicted: ArrayLike<number>): number[] {
  if (actual === undefined || predicted === undefined || actual.length !== predicted.length) {
    throw new Error(`${fn}: ${name}actual and ${name}predicted must have the same length, got ${actual?.length} and ${predicted?.length}`);
  }
  if (actual.length === 0) throw new Error(`${fn}: ${name}actual is empty; there are no points`);
  return Array.from({ length: actual.length }, (_, i) => {
    const r = actual[i] - predicted[i];
    if (!Number.isFinite(r)) {
      throw new Error(`${fn}: ${name}actual[${i}] and ${name}predicted[${i}] must be finite numbers, got ${actual[i]} and ${predicted[i]}`);
    }
    return r;
  });
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
function quantileOf(sorted: number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Flags the points where a forecaster's residual `actual - predicted` is larger in size
 * than a threshold chosen on validation residuals.
 *
 * @param options {@link DetectAnomaliesOptions}: the stretch to scan, the validation
 *   residuals' actual and predicted values, and how to set the threshold.
 * @returns {@link AnomalyResult}: threshold, residuals, flags and flagged indices.
 * @throws Error when lengths differ, a part is empty, a value is not finite (naming the
 *   index), `quantile` is outside `(0, 1]`, `factor` is not positive, or `method` is unknown.
 * @example
 * detectAnomalies({ actual: [10, 11, 30, 12], predicted: [10.2, 10.8, 11, 11.5],
 *   validation: { actual: [5, 6, 7, 8], predicted: [5.5, 5.6, 7.2, 7.9] } });
 * // => { threshold: 0.497, flags: [false, false, true, true], indices: [2, 3], ... }
 * @see notebooks/09-anomaly-detection.ipynb
 */
export function detectAnomalies(options: DetectAnomaliesOptions): AnomalyResult {
  const fn = 'detectAnomalies';
  if (options === null || typeof options !== 'object') throw new Error(`${fn}: expected an options object, got ${String(options)}`);
  const { method = 'quantile', quantile = 0.99 } = options;
  if (method !== 'quantile' && method !== 'mad') throw new Error(`${fn}: method must be 'quantile' or 'mad', got ${JSON.stringify(method)}`);
  const factor = options.factor ?? (method === 'mad' ? 4 : 1);
  if (!(quantile > 0 && quantile <= 1)) throw new Error(`${fn}: quantile must be in (0, 1], got ${quantile}`);
  if (!(factor > 0 && Number.isFinite(factor))) throw new Error(`${fn}: factor must be a positive number, got ${factor}`);
  if (options.validation === null || typeof options.validation !== 'object') {
    throw new Error(`${fn}: validation must be { actual, predicted } (validation data, not the scanned stretch), got ${String(options.validation)}`);
  }
  const validation = residualsOf(fn, 'validation.', options.validation.actual, options.validation.predicted);
  const residuals = residualsOf(fn, '', options.actual, options.predicted);
  const sizes = validation.map(Math.abs).sort((a, b) => a - b);
  let threshold: number;
  if (method === 'quantile') {
    threshold = factor * quantileOf(sizes, quantile);
  } else {
    const sorted = [...validation].sort((a, b) => a - b);
    const median = quantileOf(sorted, 0.5);
    const deviations = sorted.map((r) => Math.abs(r - median)).sort((a, b) => a - b);
    // 1.4826 × MAD estimates the standard deviation of normal residuals, unmoved by a few outliers.
    threshold = Math.abs(median) + factor * 1.4826 * quantileOf(deviations, 0.5);
  }
  const flags = residuals.map((r) => Math.abs(r) > threshold);
  const indices = flags.flatMap((flag, i) => (flag ? [i] : []));
  return { threshold, residuals, flags, indices };
}
