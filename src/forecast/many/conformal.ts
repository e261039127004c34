/**
 * Conformal prediction intervals from held-out errors, as statsforecast's
 * `ConformalIntervals` builds them: the errors a model made on windows it did not train on,
 * per step ahead, give the width that covers the wanted share of them. Here the errors of
 * all series are pooled, each divided by its series' scale (the MASE denominator), so a
 * collection of hundreds of series calibrates one width per step and each series gets it
 * back in its own units; a series' interval is then `forecast ± width[h] · scale`.
 *
 * Split conformal (Vovk et al. 2005; Angelopoulos & Bates 2021, "A Gentle Introduction to
 * Conformal Prediction"): with `n` scores, the width for level `L` % is the
 * `ceil((n + 1) · L / 100)`-th smallest score, which covers a new error with probability at
 * least `L` % when the errors are exchangeable.
 */
import type { PredictionInterval } from '../../baselines/baseline-forecast';

/**
 * The width of each step's interval, per level: `widths[level][h]`, in scale units.
 *
 * @param scores held-out `|actual - forecast| / scale`, one row per window, `[windows][horizon]`.
 * @param levels coverage levels in percent, e.g. `[80, 95]`.
 * @returns per level, one width per step; `Infinity` where fewer scores than the level needs.
 * @throws Error when there is no score, a row's length differs, or a level is not in `(0, 100)`.
 * @example
 * conformalWidths([[1], [2], [3], [4]], [50]); // => { 50: [3] } (the ceil(5 · 0.5) = 3rd smallest)
 */
export function conformalWidths(scores: ReadonlyArray<ReadonlyArray<number>>, levels: readonly number[]): Record<number, number[]> {
  if (scores.length === 0) throw new Error('conformalWidths: no held-out errors to calibrate on');
  const horizon = scores[0].length;
  if (scores.some((row) => row.length !== horizon)) throw new Error(`conformalWidths: every row must have ${horizon} steps`);
  const widths: Record<number, number[]> = {};
  for (const level of levels) {
    if (!(level > 0 && level < 100)) throw new Error(`conformalWidths: levels must be percentages in (0, 100), got ${level}`);
    widths[level] = [];
  }
  for (let h = 0; h < horizon; h++) {
    const column = scores.map((row) => row[h]).filter(Number.isFinite).sort((a, b) => a - b);
    const n = column.length;
    for (const level of levels) {
      const rank = Math.ceil(((n + 1) * level) / 100);
      widths[level].push(rank <= n ? column[rank - 1] : Infinity);
    }
  }
  return widths;
}

/**
 * A forecast's intervals from the pooled widths and its series' scale.
 *
 * @param nonNegative clip the lower bounds at 0 (a series that never goes below 0).
 * @example
 * conformalIntervals([10, 12], 2, { 80: [0.5, 1] }, [80], false); // => [{ level: 80, lower: [9, 10], upper: [11, 14] }]
 */
export function conformalIntervals(mean: readonly number[], scale: number, widths: Record<number, number[]>, levels: readonly number[], nonNegative: boolean): PredictionInterval[] {
  return levels.map((level) => {
    const w = widths[level];
    return {
      level,
      lower: mean.map((m, h) => (nonNegative ? Math.max(0, m - w[h] * scale) : m - w[h] * scale)),
      upper: mean.map((m, h) => m + w[h] * scale),
    };
  });
}
