/**
 * The few statistics of a small sample that grulab prints (over seeds, over timing repeats):
 * mean, sample standard deviation, median and quantiles. Written out here rather than taken
 * from a statistics package because they are a few lines each and a reader of a notebook
 * should see exactly which definitions the printed spreads use: the standard deviation
 * divides by `n - 1`, and quantiles interpolate linearly between order statistics (numpy's
 * and R's default, type 7).
 */

/**
 * Throws unless `values` is a non-empty array of finite numbers.
 *
 * @param caller the public function the user called, first in the message.
 * @param name the argument's name as the user wrote it.
 * @param values the sample.
 * @returns `values`.
 * @throws Error "caller: name must ..., got ..." naming the first bad index.
 * @example
 * checkSample('compareSamples', 'samples.GRU', [0.2, 0.3]); // => [0.2, 0.3]
 */
export function checkSample(caller: string, name: string, values: ArrayLike<number>): ArrayLike<number> {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${caller}: ${name} must be an array of numbers, got ${String(values)}`);
  }
  if (values.length === 0) throw new Error(`${caller}: ${name} must hold at least one value, got an empty array`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) {
      throw new Error(`${caller}: ${name}[${i}] must be a finite number, got ${String(values[i])}`);
    }
  }
  return values;
}

/**
 * The arithmetic mean.
 *
 * @param values a non-empty sample.
 * @example
 * mean([1, 2, 6]); // => 3
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * The sample standard deviation (divided by `n - 1`); 0 for a single value.
 *
 * @param values a non-empty sample.
 * @example
 * standardDeviation([1, 2, 3]); // => 1
 */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/**
 * The `q`-quantile, interpolated linearly between the order statistics (numpy's default).
 *
 * @param values a non-empty sample, in any order.
 * @param q between 0 and 1: 0.5 is the median, 0.25 and 0.75 the quartiles.
 * @example
 * quantile([5, 1, 3, 2, 4], 0.25); // => 2
 * quantile([1, 2, 3, 4], 0.5); // => 2.5
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
}

/**
 * The median (the 0.5-quantile).
 *
 * @param values a non-empty sample.
 * @example
 * median([3, 1, 2]); // => 2
 */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
