/**
 * Windows for one model trained across many series: each window scaled by its own series,
 * as a residual on the seasonal naive forecast, so windows of a series of millions and of a
 * series of tens train the same network.
 *
 * For a window ending at `origin` (the first step to forecast) of series `y`:
 * - `level` is the mean of the window's last season (its last value when there is no season);
 *   the inputs are `(y - level) / scale`;
 * - `scale` is the series' own mean absolute seasonal difference over its training history
 *   (the MASE denominator, as M4 defines it), so a unit of the network's output is a unit of
 *   MASE;
 * - the targets are `(y[origin + h] - base[h]) / scale`, where `base` is the seasonal naive
 *   forecast from the window: an untrained network (outputs 0) is the seasonal naive forecast,
 *   and training learns what to add to it (the single-series forecaster's residual on the
 *   naive forecast, with the season).
 *
 * Short series are padded on the left with their first value (edge padding), so every
 * series gets a window of the network's length.
 */

/** How windows are cut and scaled. */
export interface WindowSpec {
  /** Input length in steps (a multiple of `patch`). */
  length: number;
  /** Values per GRU step (the window is read `patch` values at a time). */
  patch: number;
  /** Steps forecast. */
  horizon: number;
  /** Season length; `1` for none. */
  period: number;
  /** Normalised targets are clipped to `[-clip, clip]` for training (a spike does not dominate the squared loss). */
  clip: number;
}

/** One window's scaling: what turns the network's outputs back into the series' units. */
export interface WindowScaling {
  level: number;
  scale: number;
  /** The seasonal naive forecast from the window, `[horizon]`. */
  base: number[];
}

/**
 * The series' scale: mean absolute seasonal difference (lag `period`) of `history` before
 * `end` (default all of it), or of
 * the one-step differences when the history is shorter than a season and one; a constant
 * series gets 1 % of its level (or 1), so no window divides by zero.
 *
 * @example
 * seriesScale([1, 2, 4, 7], 1); // => 2
 */
export function seriesScale(history: ArrayLike<number>, period: number, end: number = history.length): number {
  const lag = end > period ? period : 1;
  let sum = 0;
  let n = 0;
  for (let t = lag; t < end; t++) {
    sum += Math.abs(history[t] - history[t - lag]);
    n++;
  }
  if (n > 0 && sum > 0) return sum / n;
  const last = end > 0 ? Math.abs(history[end - 1]) : 0;
  return last > 0 ? 0.01 * last : 1;
}

/** `y[k]` for `k` in `[origin - length, origin)`, padded on the left with `y[0]`. */
function windowValues(y: ArrayLike<number>, origin: number, length: number, out: Float32Array, offset: number): void {
  for (let k = 0; k < length; k++) out[offset + k] = y[Math.max(0, origin - length + k)];
}

/**
 * Writes the normalised input window of `y` before `origin` into `out` at `offset`
 * (`spec.length` values), and returns its scaling.
 */
export function writeWindow(y: ArrayLike<number>, origin: number, scale: number, spec: WindowSpec, out: Float32Array, offset: number): WindowScaling {
  const { length, period, horizon } = spec;
  windowValues(y, origin, length, out, offset);
  const season = Math.min(period, length);
  let level = 0;
  for (let k = length - season; k < length; k++) level += out[offset + k];
  level /= season;
  // seasonal naive from the window: step h repeats the value one (or more) seasons back
  const base = Array.from({ length: horizon }, (_, h) => out[offset + length - season + (h % season)]);
  for (let k = 0; k < length; k++) out[offset + k] = (out[offset + k] - level) / scale;
  return { level, scale, base };
}

/** The normalised targets of the window at `origin` (clipped), written into `out` at `offset`. */
export function writeTargets(y: ArrayLike<number>, origin: number, scaling: WindowScaling, spec: WindowSpec, out: Float32Array, offset: number): void {
  for (let h = 0; h < spec.horizon; h++) {
    const v = (y[origin + h] - scaling.base[h]) / scaling.scale;
    out[offset + h] = Math.max(-spec.clip, Math.min(spec.clip, v));
  }
}

/**
 * The network's outputs for one window back in the series' units.
 *
 * @param nonNegative clip the forecast at 0 (for series that never go below 0).
 */
export function denormalise(outputs: ArrayLike<number>, scaling: WindowScaling, nonNegative: boolean): number[] {
  return Array.from({ length: outputs.length }, (_, h) => {
    const v = scaling.base[h] + outputs[h] * scaling.scale;
    return nonNegative ? Math.max(0, v) : v;
  });
}
