/**
 * Two small R behaviours the statistical methods depend on: how R averages (`mean`, which
 * refines its sum once) and when R's forecast package calls a series constant
 * (`forecast:::is.constant`, which asks `all.equal`).
 */

/**
 * The mean as R's `mean(x)` computes it: the sum divided by the count, then corrected once
 * by the mean of the deviations from it (R accumulates in long double; this second pass
 * recovers most of what that buys).
 *
 * @param values the numbers (none missing).
 * @returns their mean; `NaN` for no values.
 * @example
 * rMean([1, 2, 3, 4]); // => 2.5
 */
export function rMean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  let mean = sum / n;
  if (Number.isFinite(mean)) {
    let t = 0;
    for (let i = 0; i < n; i++) t += values[i] - mean;
    mean += t / n;
  }
  return mean;
}

/**
 * Whether R's forecast package takes `values` for a constant series
 * (`isTRUE(all.equal(x, rep(x[1], length(x))))`): among the values that differ from the
 * first, the summed absolute difference from it is at most 1.5e-8 of their summed absolute
 * value (an absolute difference when that sum is tiny).
 *
 * @param values the series.
 * @example
 * isConstant([5, 5, 5.00000001]); // => true
 * isConstant([5, 5, 6]); // => false
 */
export function isConstant(values: ArrayLike<number>): boolean {
  const tolerance = 1.5e-8;
  const first = values[0];
  let diff = 0;
  let size = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === first) continue;
    diff += Math.abs(values[i] - first);
    size += Math.abs(values[i]);
    count++;
  }
  if (count === 0) return true;
  let xy = diff / count;
  const xn = size / count;
  if (Number.isFinite(xn) && xn > tolerance) xy /= xn;
  return !(Number.isNaN(xy) || xy > tolerance);
}
