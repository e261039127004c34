/**
 * Automatic ETS: every admissible combination of error, trend (damped or not) and season
 * fitted, the one with the smallest AICc kept, as R's `forecast::ets(y)` (and
 * statsforecast's AutoETS, a port of it) choose.
 */
import { describe } from '../base/describe';
import { type EtsBounds } from './ets-admissible';
import { type EtsCriterion, type EtsFit, fitEtsForm } from './ets-fit';
import { type EtsError, type EtsSeason, type EtsSpec, type EtsTrend } from './ets-model';
import { isConstant } from './series-checks';

/** Options of {@link selectEts}. */
export interface EtsSelectOptions {
  /** Seasonal period `m`: 24 for hourly data, 1 for non-seasonal. Default 1. */
  period?: number;
  /**
   * Three letters, error / trend / season, each a type or `Z` for "choose": `'ZZZ'`
   * (default) searches all, `'MAN'` fits one form, `'ZZN'` excludes seasonality.
   */
  model?: string;
  /** `true` or `false` fixes damping; default both are tried (trended forms only). */
  damped?: boolean;
  /** Information criterion that picks the form. Default `'aicc'`. */
  ic?: 'aicc' | 'aic' | 'bic';
  /** What each fit minimises. Default `'lik'`. */
  criterion?: EtsCriterion;
  /** Only additive components. Default `false`. */
  additiveOnly?: boolean;
  /** Usual parameter bounds. Default R's. */
  bounds?: EtsBounds;
}

/**
 * Fits the ETS forms that `options` allow and returns the best by the information
 * criterion, searching as R's `ets` does: error `A` then `M`, trend `N` then `A`, season
 * `N`, `A`, `M`, damped before undamped; forms R forbids (`A` errors with a multiplicative
 * season, multiplicative forms on data that are not all positive) are skipped; seasonal
 * forms need `1 < m <= 24` and more than `m` observations.
 *
 * A constant series (R's `is.constant`) with `model` left at `'ZZZ'` gets R's answer for
 * it, simple exponential smoothing with alpha 0.99999 from the first value: the
 * returned fit is `ETS(A,N,N)` with zero residuals and variance.
 *
 * Porting note: R falls back to Holt-Winters' heuristic fits for a series too short for
 * the form's parameters (`n <= npars + 4`); this port does not and throws instead.
 *
 * @param y the series, oldest first, finite values.
 * @param options see {@link EtsSelectOptions}.
 * @returns the chosen fit.
 * @throws Error for a bad `model`, a series too short for any form, or when no form can be fitted.
 * @example
 * selectEts(weeklySeries).label; // => 'ETS(M,Ad,N)' for the first M4 weekly series
 */
export function selectEts(y: ArrayLike<number>, options: EtsSelectOptions = {}): EtsFit {
  const model = options.model ?? 'ZZZ';
  const period = options.period ?? 1;
  if (!/^[AMZ][NAZ][NAMZ]$/.test(model)) {
    throw new Error(`selectEts: model must be three letters (error A/M/Z, trend N/A/Z, season N/A/M/Z) such as 'ZZZ' or 'MAN', got ${describe(model)}`);
  }
  const n = y.length;
  if (options.model === undefined && isConstant(y)) return constantFit(y);
  let seasonLetter = model[2];
  if (period < 1 || n <= period) seasonLetter = 'N';
  if (period === 1) {
    if (seasonLetter === 'A' || seasonLetter === 'M') throw new Error(`selectEts: a seasonal model needs period > 1, got period 1 and model '${model}'`);
    seasonLetter = 'N';
  }
  if (period > 24) {
    if (seasonLetter === 'A' || seasonLetter === 'M') throw new Error(`selectEts: seasonal ETS handles periods up to 24, got ${period}`);
    seasonLetter = 'N';
  }
  const errorLetter = model[0];
  const trendLetter = model[1];
  const additiveOnly = options.additiveOnly ?? false;
  if (
    (errorLetter === 'A' && seasonLetter === 'M') ||
    (additiveOnly && (errorLetter === 'M' || seasonLetter === 'M'))
  ) {
    throw new Error(`selectEts: forbidden model combination '${model}'`);
  }
  let positive = true;
  for (let i = 0; i < n; i++) if (!(y[i] > 0)) positive = false;
  if (!positive && errorLetter === 'M') throw new Error(`selectEts: multiplicative errors need positive data; the series has a value <= 0`);
  if (options.damped === true && trendLetter === 'N') throw new Error(`selectEts: damped needs a trend, got model '${model}'`);
  const npars = 2 + (trendLetter === 'A' ? 2 : 0) + (seasonLetter === 'A' || seasonLetter === 'M' ? period : 0) + (options.damped ? 1 : 0);
  if (n <= npars + 4) throw new Error(`selectEts: the series is too short (${n} observations) for model '${model}'; R would fall back to Holt-Winters here`);

  const errors: EtsError[] = errorLetter === 'Z' ? ['A', 'M'] : [errorLetter as EtsError];
  const trends: EtsTrend[] = trendLetter === 'Z' ? ['N', 'A'] : [trendLetter as EtsTrend];
  const seasons: EtsSeason[] = seasonLetter === 'Z' ? ['N', 'A', 'M'] : [seasonLetter as EtsSeason];
  const dampings = options.damped === undefined ? [true, false] : [options.damped];
  const ic = options.ic ?? 'aicc';
  let best: EtsFit | undefined;
  let bestIc = Infinity;
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        for (const damped of dampings) {
          if (trend === 'N' && damped) continue;
          if (error === 'A' && season === 'M') continue;
          if (additiveOnly && (error === 'M' || season === 'M')) continue;
          if (!positive && error === 'M') continue;
          const spec: EtsSpec = { error, trend, damped, season };
          const fit = fitEtsForm(y, spec, { period, criterion: options.criterion, bounds: options.bounds });
          if (fit === undefined) continue;
          const value = fit[ic];
          if (!Number.isNaN(value) && value < bestIc) {
            best = fit;
            bestIc = value;
          }
        }
      }
    }
  }
  if (best === undefined) throw new Error(`selectEts: no model could be fitted (model '${model}', ${n} observations)`);
  return best;
}

/** R's fit of a constant series: simple exponential smoothing, alpha 0.99999, level the first value. */
function constantFit(y: ArrayLike<number>): EtsFit {
  const n = y.length;
  const level = y[0];
  return {
    spec: { error: 'A', trend: 'N', damped: false, season: 'N' },
    label: 'ETS(A,N,N)',
    period: 1,
    params: { alpha: 0.99999, beta: 0, gamma: 0, phi: 1 },
    initState: [level],
    lastState: [y[n - 1]],
    residuals: Array.from({ length: n }, (_, i) => y[i] - level),
    fitted: new Array<number>(n).fill(level),
    logLik: NaN,
    aic: NaN,
    aicc: NaN,
    bic: NaN,
    mse: 0,
    amse: 0,
    sigma2: 0,
    estimated: 0,
    optimizer: { evaluations: 0, fail: 0 },
  };
}
