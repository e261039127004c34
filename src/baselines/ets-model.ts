/**
 * The exponential smoothing state space models (ETS) of Hyndman, Koehler, Snyder and Grose
 * (2002), as R's forecast::ets runs them (its C code `etscalc.c`): the model forms, and the
 * filter that runs a form with given parameters and initial states over a series, giving
 * the one-step errors and the likelihood that the fit minimises.
 *
 * Glossary: `l` level, `b` trend (growth), `s` seasonal states (`s[0]` the newest, `s[m-1]`
 * the one that applies to the next observation), `alpha`, `beta`, `gamma` the smoothing
 * parameters, `phi` the damping parameter (1 when not damped), `m` the seasonal period.
 * The state vector is `[l, b?, s[0..m-1]?]`, R's order.
 *
 * Hand-written: no npm package implements R's ets (the registry's forecasting packages,
 * `arima` among them, offer ARIMA models only), and the fits must be R's to choose R's forms.
 *
 * Porting note: only additive or no trend (damped or not) is implemented, as R's
 * `ets(allow.multiplicative.trend = FALSE)`, its default, searches; multiplicative trends
 * (and the simulated intervals they need) are not.
 */

/** Error type: additive or multiplicative. */
export type EtsError = 'A' | 'M';
/** Trend type: none or additive (damped when {@link EtsSpec.damped}). */
export type EtsTrend = 'N' | 'A';
/** Season type: none, additive or multiplicative. */
export type EtsSeason = 'N' | 'A' | 'M';

/** One model form, as `ETS(M,Ad,N)` names it. */
export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  damped: boolean;
  season: EtsSeason;
}

/** Smoothing and damping parameters; `beta` 0 without trend, `gamma` 0 without season, `phi` 1 when not damped. */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/**
 * The form's name as R prints it.
 *
 * @example
 * etsLabel({ error: 'M', trend: 'A', damped: true, season: 'N' }); // => 'ETS(M,Ad,N)'
 */
export function etsLabel(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend}${spec.damped ? 'd' : ''},${spec.season})`;
}

/**
 * Parses a form such as `'MAdN'` or `'ETS(M,Ad,N)'`.
 *
 * @throws Error for anything else, naming what was received.
 * @example
 * parseEtsSpec('AAdA'); // => { error: 'A', trend: 'A', damped: true, season: 'A' }
 */
export function parseEtsSpec(text: string): EtsSpec {
  const match = /^(?:ETS\()?([AM]),?([NA])(d?),?([NAM])\)?$/.exec(String(text));
  if (!match) throw new Error(`parseEtsSpec: expected a form such as 'MAdN' or 'ETS(M,Ad,N)' (trend N or A), got '${String(text)}'`);
  return { error: match[1] as EtsError, trend: match[2] as EtsTrend, damped: match[3] === 'd', season: match[4] as EtsSeason };
}

/** Number of states: level, trend if any, `m` seasonal states if seasonal. */
export function stateCount(spec: EtsSpec, period: number): number {
  return 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? period : 0);
}

/** What {@link etsFilter} computes over a series. */
export interface EtsFilterResult {
  /** R's `lik`: `n log(sum e^2)`, plus `2 sum log|fitted|` for multiplicative errors. */
  lik: number;
  /** One-step errors: `y - fitted` (additive) or `(y - fitted) / fitted` (multiplicative); `[n]`. */
  e: Float64Array;
  /** One-step fitted values `[n]`. */
  fitted: Float64Array;
  /** Mean squared 1..nmse-step-ahead errors (R's `amse`). */
  amse: Float64Array;
  /** The state after the last observation, R's order `[l, b?, s[0..m-1]?]`. */
  lastState: Float64Array;
}

const TOL = 1.0e-10;
const HUGEN = 1.0e10;

/**
 * Runs a model form over `y` from `initState` (R's `etscalc`): one-step forecasts, errors,
 * state updates and the likelihood. With `full` false only `lik` (and, for `nmse > 0`,
 * `amse`) is computed, the fast path the optimiser calls.
 *
 * Porting note: R copies the `m` seasonal states at every step; here they sit in a ring
 * buffer, which does the same arithmetic in O(1) per step. The `amse` horizons use R
 * 8.x's damped sum (`phi + phi + phi^2 ...`), a slip later forecast versions fixed; it
 * only matters for `opt.crit = "amse"`.
 *
 * @param y the series `[n]`.
 * @param spec the model form.
 * @param period `m` (ignored without season).
 * @param initState `[l, b?, s[0..m-1]?]`.
 * @param params smoothing parameters.
 * @param nmse horizons of `amse` (0 to skip it; R uses 3).
 * @param full whether to return errors, fitted values and the last state.
 * @example
 * etsFilter(y, { error: 'A', trend: 'N', damped: false, season: 'N' }, 1, [y[0]], { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 3, true).lik;
 */
export function etsFilter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  period: number,
  initState: ArrayLike<number>,
  params: EtsParams,
  nmse: number,
  full: boolean,
): EtsFilterResult {
  const n = y.length;
  const trended = spec.trend !== 'N';
  const season = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
  const m = season > 0 ? period : 1;
  const multError = spec.error === 'M';
  const { alpha, beta, gamma, phi } = params;
  const ratio = beta / alpha;
  let l = initState[0];
  let b = trended ? initState[1] : 0;
  const s = new Float64Array(m); // ring: s[(head + j) % m] is R's s[j]
  let head = 0;
  if (season > 0) for (let j = 0; j < m; j++) s[j] = initState[(trended ? 1 : 0) + 1 + j];
  const e = full ? new Float64Array(n) : new Float64Array(0);
  const fitted = full ? new Float64Array(n) : new Float64Array(0);
  const h = Math.min(nmse, 30);
  const amse = new Float64Array(h);
  const denom = new Float64Array(h);
  const f = new Float64Array(Math.max(h, 1));
  let sse = 0;
  let sumLog = 0;
  const oldest = (): number => s[(head + m - 1) % m];
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    // one-step forecast (and the nmse-step ones for amse)
    let f0: number;
    if (h <= 1) {
      f0 = trended ? l + phi * b : l;
      if (season === 1) f0 += oldest();
      else if (season === 2) f0 *= oldest();
      if (h === 1) f[0] = f0;
    } else {
      let phistar = phi;
      for (let k = 0; k < h; k++) {
        let fk = trended ? l + phistar * b : l;
        let j = m - 1 - k;
        while (j < 0) j += m;
        if (season === 1) fk += s[(head + j) % m];
        else if (season === 2) fk *= s[(head + j) % m];
        f[k] = fk;
        if (k < h - 1) phistar += Math.abs(phi - 1.0) < TOL ? 1.0 : phi ** (k + 1);
      }
      f0 = f[0];
    }
    const ei = multError ? (yi - f0) / f0 : yi - f0;
    if (full) {
      e[i] = ei;
      fitted[i] = f0;
    }
    for (let k = 0; k < h; k++) {
      if (i + k < n) {
        denom[k] += 1.0;
        const tmp = y[i + k] - f[k];
        amse[k] = (amse[k] * (denom[k] - 1.0) + tmp * tmp) / denom[k];
      }
    }
    // state update
    const phib = trended ? phi * b : 0;
    const q = l + phib;
    const sOld = season > 0 ? oldest() : 0;
    let p: number;
    if (season === 0) p = yi;
    else if (season === 1) p = yi - sOld;
    else p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    const oldl = l;
    l = q + alpha * (p - q);
    if (trended) b = phib + ratio * (l - oldl - phib);
    if (season > 0) {
      let t: number;
      if (season === 1) t = yi - q;
      else t = Math.abs(q) < TOL ? HUGEN : yi / q;
      head = (head + m - 1) % m;
      s[head] = sOld + gamma * (t - sOld); // overwrites the oldest, which is s[m-1]
    }
    sse += ei * ei;
    if (multError) sumLog += Math.log(Math.abs(f0));
  }
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * sumLog;
  const lastState = new Float64Array(full ? 1 + (trended ? 1 : 0) + (season > 0 ? m : 0) : 0);
  if (full) {
    lastState[0] = l;
    if (trended) lastState[1] = b;
    if (season > 0) for (let j = 0; j < m; j++) lastState[(trended ? 1 : 0) + 1 + j] = s[(head + j) % m];
  }
  return { lik, e, fitted, amse, lastState };
}

/**
 * The likelihood alone (R's `lik` from `etscalc`), the optimiser's hot path: the same
 * arithmetic in the same order as {@link etsFilter}, without the multi-step forecasts,
 * the stored errors or a modulo per step.
 *
 * @param y the series `[n]`.
 * @param spec the model form.
 * @param period `m` (ignored without season).
 * @param initState `[l, b?, s[0..m-1]?]`.
 * @param params smoothing parameters.
 * @param scratch at least `m` numbers of working space (the seasonal ring).
 * @example
 * etsLikelihood(y, spec, 24, states, params, new Float64Array(24)); // => etsFilter(y, spec, 24, states, params, 0, false).lik
 */
export function etsLikelihood(
  y: ArrayLike<number>,
  spec: EtsSpec,
  period: number,
  initState: ArrayLike<number>,
  params: EtsParams,
  scratch: Float64Array,
): number {
  const n = y.length;
  const trended = spec.trend !== 'N';
  const season = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
  const m = season > 0 ? period : 1;
  const multError = spec.error === 'M';
  const { alpha, beta, gamma } = params;
  const phi = trended ? params.phi : 0;
  const ratio = beta / alpha;
  let l = initState[0];
  let b = trended ? initState[1] : 0;
  const s = scratch;
  const offset = trended ? 2 : 1;
  if (season > 0) for (let j = 0; j < m; j++) s[j] = initState[offset + j];
  // R's s[m-1], the state for the coming observation, sits at s[oldest]; the new state overwrites it.
  let oldest = m - 1;
  let sse = 0;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    const phib = phi * b;
    const q = l + phib;
    const sOld = s[oldest];
    let f0 = q;
    let p = yi;
    if (season === 1) {
      f0 += sOld;
      p = yi - sOld;
    } else if (season === 2) {
      f0 *= sOld;
      p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    }
    const ei = multError ? (yi - f0) / f0 : yi - f0;
    const oldl = l;
    l = q + alpha * (p - q);
    if (trended) b = phib + ratio * (l - oldl - phib);
    if (season === 1) s[oldest] = sOld + gamma * (yi - q - sOld);
    else if (season === 2) s[oldest] = sOld + gamma * ((Math.abs(q) < TOL ? HUGEN : yi / q) - sOld);
    if (season > 0) oldest = oldest === 0 ? m - 1 : oldest - 1;
    sse += ei * ei;
    if (multError) sumLog += Math.log(Math.abs(f0));
  }
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * sumLog;
  return lik;
}
