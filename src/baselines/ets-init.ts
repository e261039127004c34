/**
 * Where R's forecast::ets starts its optimiser: the initial smoothing parameters
 * (`initparam`) and the initial states (`initstate`: a classical decomposition for the
 * seasonal states, then a mean or a straight line over the first `max(10, 2m)` seasonally
 * adjusted observations for the level and trend).
 */
import { type EtsBounds, ETS_DEFAULT_BOUNDS } from './ets-admissible';
import { type EtsSpec } from './ets-model';
import { decompose } from './decompose';
import { leastSquares, lineFit } from './regression';
import { rMean } from './series-checks';

/** The starting parameters, in the order the optimiser sees them (alpha, beta?, gamma?, phi?). */
export interface EtsStartParams {
  alpha: number;
  beta?: number;
  gamma?: number;
  phi?: number;
}

/**
 * R's `initparam` for `bounds = "both"` (or `"usual"`): alpha a fifth of the way into its
 * range divided by `m`, beta a tenth into `[lower, min(upper, alpha)]`, gamma a twentieth
 * into `[lower, min(upper, 1 - alpha)]`, phi 99 % into its range.
 *
 * @param spec the model form.
 * @param period `m` of a seasonal model (1 otherwise).
 * @param bounds the usual bounds. Default R's.
 * @example
 * etsStartParams({ error: 'A', trend: 'A', damped: true, season: 'N' }, 1).phi; // => 0.9782
 */
export function etsStartParams(spec: EtsSpec, period: number, bounds: EtsBounds = ETS_DEFAULT_BOUNDS): EtsStartParams {
  const lower = [...bounds.lower];
  const upper = [...bounds.upper];
  const m = spec.season === 'N' ? 1 : period;
  let alpha = lower[0] + (0.2 * (upper[0] - lower[0])) / m;
  if (alpha > 1 || alpha < 0) alpha = lower[0] + 0.002;
  const start: EtsStartParams = { alpha };
  if (spec.trend !== 'N') {
    upper[1] = Math.min(upper[1], alpha);
    let beta = lower[1] + 0.1 * (upper[1] - lower[1]);
    if (beta < 0 || beta > alpha) beta = alpha - 0.001;
    start.beta = beta;
  }
  if (spec.season !== 'N') {
    upper[2] = Math.min(upper[2], 1 - alpha);
    let gamma = lower[2] + 0.05 * (upper[2] - lower[2]);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001;
    start.gamma = gamma;
  }
  if (spec.damped) {
    let phi = lower[3] + 0.99 * (upper[3] - lower[3]);
    if (phi < 0 || phi > 1) phi = upper[3] - 0.001;
    start.phi = phi;
  }
  return start;
}

/**
 * R's `initstate`: the initial states `[l, b?, s0..s(m-2)?]` (the last seasonal state is
 * not free: the optimiser's target fills it in so the states sum to `m` or 0).
 *
 * Seasonal states come from `decompose` when `n >= 3m`, else from a regression on a trend
 * and one Fourier pair (R's `tslm(y ~ trend + fourier(y, 1))`); multiplicative ones are
 * kept at least 0.01 (and rescaled when they sum past `m`).
 *
 * @param y the series.
 * @param spec the model form.
 * @param period `m`.
 * @throws Error "not enough data" for a seasonal model on fewer than 4 observations (R's check).
 * @example
 * etsStartStates([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { error: 'A', trend: 'A', damped: false, season: 'N' }, 1); // => [0, 1] (to rounding)
 */
export function etsStartStates(y: ArrayLike<number>, spec: EtsSpec, period: number): number[] {
  const n = y.length;
  let initSeason: number[] = [];
  let adjusted: Float64Array;
  let m = 1;
  if (spec.season !== 'N') {
    m = period;
    if (n < 4) throw new Error(`ets: not enough data for a seasonal model (${n} observations)`);
    let seasonal: Float64Array;
    if (n < 3 * m) {
      // R: fit <- tslm(y ~ trend + fourier(y, 1)); the seasonal part is y less (or over) the fitted line
      const trend = Float64Array.from({ length: n }, (_, i) => i + 1);
      const columns: ArrayLike<number>[] = [new Float64Array(n).fill(1), trend];
      const sin = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * (i + 1)) / m));
      const cos = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * (i + 1)) / m));
      if (m !== 2) columns.push(sin); // fourier() drops the sine that is 0 at every point when m = 2
      columns.push(cos);
      const [c0, c1] = leastSquares(columns, y);
      seasonal = Float64Array.from({ length: n }, (_, i) => (spec.season === 'A' ? y[i] - c0 - c1 * (i + 1) : y[i] / (c0 + c1 * (i + 1))));
    } else {
      seasonal = decompose(y, m, spec.season === 'A' ? 'additive' : 'multiplicative').seasonal;
    }
    for (let i = m - 1; i >= 1; i--) initSeason.push(seasonal[i]); // rev(seasonal[2:m])
    adjusted = new Float64Array(n);
    if (spec.season === 'A') {
      for (let i = 0; i < n; i++) adjusted[i] = y[i] - seasonal[i];
    } else {
      initSeason = initSeason.map((s) => Math.max(s, 0.01));
      const sum = initSeason.reduce((a, s) => a + s, 0);
      if (sum > m) {
        const total = initSeason.reduce((a, s) => a + s + 0.01, 0);
        initSeason = initSeason.map((s) => s / total);
      }
      for (let i = 0; i < n; i++) adjusted[i] = y[i] / Math.max(seasonal[i], 0.01);
    }
  } else {
    adjusted = Float64Array.from(y);
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  const head = adjusted.subarray(0, maxn);
  if (spec.trend === 'N') return [rMean(head), ...initSeason];
  const fit = lineFit(
    Float64Array.from({ length: maxn }, (_, i) => i + 1),
    head,
  );
  let l0 = fit.intercept;
  let b0 = fit.slope;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 0.001;
    b0 *= 1 - 0.001;
  }
  return [l0, b0, ...initSeason];
}
