/**
 * Fitting one ETS form to a series as R's forecast::ets does it (`etsmodel` and its C++
 * target `EtsTargetFunction`): the smoothing parameters and the initial states are
 * estimated together by R's Nelder-Mead (at most 2000 evaluations, relative tolerance
 * `sqrt(.Machine$double.eps)`), every trial point outside the "usual" bounds or the
 * admissible region scoring infinity, and the fit is scored by AIC, AICc and BIC.
 */
import { type EtsBounds, ETS_DEFAULT_BOUNDS, etsParamsOk } from './ets-admissible';
import { etsStartParams, etsStartStates } from './ets-init';
import { type EtsParams, type EtsSpec, etsFilter, etsLabel, etsLikelihood } from './ets-model';
import { nelderMead } from './nelder-mead';

/** What the optimiser minimises (R's `opt.crit`). */
export type EtsCriterion = 'lik' | 'mse' | 'amse' | 'sigma' | 'mae';

/** Options of {@link fitEtsForm}. */
export interface EtsFitOptions {
  /** Seasonal period `m` (used by seasonal forms only). Default 1. */
  period?: number;
  /** Criterion to minimise. Default `'lik'` (R's default); `ses` and `holt` use `'mse'`. */
  criterion?: EtsCriterion;
  /** Horizons of the `amse` criterion. Default 3. */
  nmse?: number;
  /** Usual bounds of alpha, beta, gamma, phi. Default R's. */
  bounds?: EtsBounds;
  /** Evaluations the optimiser may use. Default 2000 (R's `maxit`). */
  maxIt?: number;
}

/** A fitted ETS form. */
export interface EtsFit {
  spec: EtsSpec;
  /** `'ETS(M,Ad,N)'`. */
  label: string;
  /** Seasonal period of the form (1 when not seasonal). */
  period: number;
  params: EtsParams;
  /** Initial states `[l, b?, s0..s(m-1)?]`, the last seasonal one completed. */
  initState: number[];
  /** State after the last observation, same order. */
  lastState: number[];
  /** One-step errors `[n]` (relative for multiplicative errors). */
  residuals: number[];
  /** One-step fitted values `[n]`. */
  fitted: number[];
  /** R's `-0.5 lik`, the log-likelihood up to a constant. */
  logLik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Mean squared one-step error of `y - fitted` (R's `mse`). */
  mse: number;
  /** R's `amse`: mean of the 1..nmse-step mean squared errors. */
  amse: number;
  /** Residual variance `sum(residuals^2) / (n - number of estimated values)`, R's `sigma2`. */
  sigma2: number;
  /** Values estimated: parameters and free initial states (R's `length(par)`). */
  estimated: number;
  /** Optimiser's evaluations and convergence code. */
  optimizer: { evaluations: number; fail: number };
}

/**
 * Fits one ETS form by R's procedure.
 *
 * @param y the series (positive for multiplicative errors or season; checked by callers).
 * @param spec the form.
 * @param options see {@link EtsFitOptions}.
 * @returns the fit, or `undefined` where R's `etsmodel` gives up (too few observations for
 *   the parameters, starting values out of range, a non-finite start) or returns a
 *   non-finite information criterion, so the form is skipped in a search.
 * @example
 * fitEtsForm(weekly, { error: 'M', trend: 'A', damped: true, season: 'N' })?.aicc; // => a number
 */
export function fitEtsForm(y: ArrayLike<number>, spec: EtsSpec, options: EtsFitOptions = {}): EtsFit | undefined {
  const period = spec.season === 'N' ? 1 : (options.period ?? 1);
  const criterion = options.criterion ?? 'lik';
  const nmse = options.nmse ?? 3;
  const bounds = options.bounds ?? ETS_DEFAULT_BOUNDS;
  const n = y.length;
  const start = etsStartParams(spec, period, bounds);
  const estimated = { beta: spec.trend !== 'N', gamma: spec.season !== 'N', phi: spec.damped };
  const toParams = (p: ArrayLike<number>): EtsParams => {
    let j = 0;
    const alpha = p[j++];
    const beta = estimated.beta ? p[j++] : 0;
    const gamma = estimated.gamma ? p[j++] : 0;
    const phi = estimated.phi ? p[j++] : 1;
    return { alpha, beta, gamma, phi };
  };
  const startPar = [start.alpha, ...(start.beta !== undefined ? [start.beta] : []), ...(start.gamma !== undefined ? [start.gamma] : []), ...(start.phi !== undefined ? [start.phi] : [])];
  const startParams = toParams(startPar);
  if (!etsParamsOk(startParams.alpha, startParams.beta, startParams.gamma, startParams.phi, estimated, period, bounds)) return undefined;
  let startStates: number[];
  try {
    startStates = etsStartStates(y, spec, period);
  } catch {
    return undefined;
  }
  const nPar = startPar.length;
  const nstate = startStates.length;
  const par0 = [...startPar, ...startStates];
  if (par0.length >= n - 1) return undefined; // R: aic = Inf
  const seasonStart = 1 + (spec.trend !== 'N' ? 1 : 0);
  const statesBuffer = new Float64Array(nstate + (spec.season !== 'N' ? 1 : 0));
  const fullStates = (p: ArrayLike<number>): Float64Array => {
    // the free states, then the seasonal state that makes them sum to m (or 0); reuses one buffer
    const states = statesBuffer;
    let sum = 0;
    for (let i = 0; i < nstate; i++) {
      states[i] = p[nPar + i];
      if (i >= seasonStart) sum += states[i];
    }
    if (spec.season !== 'N') states[nstate] = (spec.season === 'M' ? period : 0) - sum;
    return states;
  };
  // 'mse' reads amse[0] only, which the one-step forecasts alone decide: skip the longer horizons
  const amseHorizons = criterion === 'mse' ? 1 : criterion === 'amse' ? nmse : 0;
  const scratch = new Float64Array(period);
  const trial: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 }; // reused: the objective runs thousands of times
  const objective = (p: Float64Array): number => {
    let j = 0;
    trial.alpha = p[j++];
    if (estimated.beta) trial.beta = p[j++];
    if (estimated.gamma) trial.gamma = p[j++];
    if (estimated.phi) trial.phi = p[j++];
    const params = trial;
    if (!etsParamsOk(params.alpha, params.beta, params.gamma, params.phi, estimated, period, bounds)) return Infinity;
    const states = fullStates(p);
    if (spec.season === 'M') {
      for (let i = seasonStart; i < states.length; i++) if (states[i] < 0) return Infinity;
    }
    if (criterion === 'lik') {
      let lik = etsLikelihood(y, spec, period, states, params, scratch);
      if (lik < -1e10) lik = -1e10; // R: avoid perfect fits
      return Number.isNaN(lik) ? Infinity : lik;
    }
    const full = criterion === 'sigma' || criterion === 'mae';
    const run = etsFilter(y, spec, period, states, params, amseHorizons, full);
    switch (criterion) {
      case 'mse':
        return run.amse[0];
      case 'amse':
        return run.amse.reduce((a, v) => a + v / nmse, 0);
      case 'sigma':
        return run.e.reduce((a, v) => a + (v * v) / n, 0);
      case 'mae':
        return run.e.reduce((a, v) => a + Math.abs(v) / n, 0);
    }
  };
  let result;
  try {
    result = nelderMead(objective, par0, { absTol: -Infinity, relTol: Math.sqrt(Number.EPSILON), alpha: 1, beta: 0.5, gamma: 2, maxIt: options.maxIt ?? 2000 });
  } catch {
    return undefined; // R: "function cannot be evaluated at initial parameters"
  }
  const params = toParams(result.par);
  const initState = Float64Array.from(fullStates(result.par));
  const run = etsFilter(y, spec, period, initState, params, nmse, true);
  const np = par0.length + 1;
  const aic = run.lik + 2 * np;
  const bic = run.lik + Math.log(n) * np;
  const aicc = aic + (2 * np * (np + 1)) / (n - np - 1);
  if (Number.isNaN(aicc)) return undefined;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += run.e[i] * run.e[i];
  return {
    spec,
    label: etsLabel(spec),
    period,
    params,
    initState: Array.from(initState),
    lastState: Array.from(run.lastState),
    residuals: Array.from(run.e),
    fitted: Array.from(run.fitted),
    logLik: -0.5 * run.lik,
    aic,
    aicc,
    bic,
    mse: run.amse[0],
    amse: run.amse.reduce((a, v) => a + v, 0) / run.amse.length,
    sigma2: sse / (n - par0.length),
    estimated: par0.length,
    optimizer: { evaluations: result.evaluations, fail: result.fail },
  };
}
