/**
 * Choosing between nested forecasts on few validation windows: the one-standard-error rule
 * (Breiman et al., 1984; Hastie, Tibshirani & Friedman, "The Elements of Statistical
 * Learning", 7.10), with the standard error of the paired per-window differences.
 *
 * Ten validation windows of a random walk cannot tell a fitted AR model from noise: the
 * lowest mean loss is then often a fluke of those windows, and the fitted model loses to
 * the naive forecast on the test part. So a more complex candidate is taken only when its
 * gain over a simpler one is clear: larger than one standard error of the mean of the
 * per-window loss differences. With hundreds of windows the standard error is small and
 * the rule takes the best candidate, as a plain minimum would.
 */

/**
 * The index of the simplest candidate whose validation loss is within one standard error
 * of the best candidate's.
 *
 * @param losses per candidate, simplest first, its loss on each validation window (all
 *   candidates on the same windows, in the same order).
 * @returns the chosen candidate's index; `0` when there are no windows.
 * @throws when the candidates' window counts differ.
 * @example
 * // the second candidate is better on average, but not clearly: the first is kept
 * simplestWithinOneStandardError([[1, 1, 1, 1], [0.5, 1.5, 0.4, 1.4]]); // => 0
 * simplestWithinOneStandardError([[1, 1, 1, 1], [0.5, 0.6, 0.4, 0.5]]); // => 1
 */
export function simplestWithinOneStandardError(losses: number[][]): number {
  if (losses.length === 0) return 0;
  const windows = losses[0].length;
  if (losses.some((l) => l.length !== windows)) {
    throw new Error(`simplestWithinOneStandardError: every candidate must be scored on the same windows, got ${losses.map((l) => l.length).join(', ')} windows`);
  }
  if (windows === 0) return 0;
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const means = losses.map(mean);
  let best = 0;
  means.forEach((m, i) => {
    if (m < means[best]) best = i;
  });
  for (let i = 0; i < best; i++) {
    const differences = losses[i].map((l, w) => l - losses[best][w]);
    const d = mean(differences);
    const variance = windows > 1 ? differences.reduce((a, b) => a + (b - d) ** 2, 0) / (windows - 1) : Infinity;
    if (d <= Math.sqrt(variance / windows)) return i;
  }
  return best;
}
