/**
 * What every statistical method in this folder returns, and the argument checks they share.
 * Plain arrays only, so a result crosses to and from a worker thread unchanged.
 */
import { checkPositiveInteger } from '../base/checks';
import { describe } from '../base/describe';

/** A central prediction interval at one coverage level. */
export interface PredictionInterval {
  /** Nominal coverage in percent (80 for an 80 % interval). */
  level: number;
  /** Lower bound per step ahead (`[horizon]`). */
  lower: number[];
  /** Upper bound per step ahead (`[horizon]`). */
  upper: number[];
}

/** A statistical method's forecast of one series. */
export interface BaselineForecast {
  /** The method as a report names it: `'Naive2'`, `'Theta'`, `'ETS(M,Ad,N)'`, `'Comb'`, ... */
  method: string;
  /** Point forecasts, one per step ahead (`[horizon]`). */
  mean: number[];
  /** One interval per requested level, in the order asked for; empty when none was asked for or the method has none. */
  intervals: PredictionInterval[];
  /** Whether the series was seasonally adjusted (multiplicative decomposition) before the method ran and reseasonalised after. */
  seasonallyAdjusted: boolean;
  /** Numbers a report may show about the fit, such as `{ alpha: 0.3, aicc: 1234.5 }`. */
  details?: Record<string, number>;
}

/** Options every method takes. */
export interface BaselineOptions {
  /** Steps to forecast (`h`: 48 for M4 hourly, 13 for weekly). */
  horizon: number;
  /** Seasonal period `m` (24 for hourly, 1 for weekly as M4 ran it). Default 1. */
  period?: number;
  /** Coverage levels in percent of the prediction intervals wanted, such as `[80, 95]`. Default none. */
  levels?: number[];
}

/** The options checked, defaults filled. */
export interface CheckedOptions {
  horizon: number;
  period: number;
  levels: number[];
}

/**
 * Checks a method's series and options and fills the defaults.
 *
 * @param caller the method's function name, first in error messages.
 * @param values the series: finite numbers, at least `minLength` of them.
 * @param options see {@link BaselineOptions}.
 * @param minLength the fewest observations the method can work with. Default 2.
 * @throws Error naming the argument, the value received and what was expected.
 * @example
 * checkBaselineArgs('naive2', [1, 2, 3], { horizon: 2 }); // => { horizon: 2, period: 1, levels: [] }
 */
export function checkBaselineArgs(caller: string, values: ArrayLike<number>, options: BaselineOptions, minLength = 2): CheckedOptions {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${caller}: values must be an array of numbers, got ${describe(values)}`);
  }
  if (values.length < minLength) throw new Error(`${caller}: values must hold at least ${minLength} observations, got ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) {
      throw new Error(`${caller}: values[${i}] must be a finite number, got ${describe(values[i])}`);
    }
  }
  if (options === null || typeof options !== 'object') throw new Error(`${caller}: options must be an object such as { horizon: 48, period: 24 }, got ${describe(options)}`);
  const horizon = checkPositiveInteger(caller, 'horizon', options.horizon);
  const period = checkPositiveInteger(caller, 'period', options.period ?? 1);
  const levels = options.levels ?? [];
  if (!Array.isArray(levels)) throw new Error(`${caller}: levels must be an array of percentages such as [80, 95], got ${describe(levels)}`);
  levels.forEach((level, i) => {
    if (typeof level !== 'number' || !(level > 0 && level < 100)) {
      throw new Error(`${caller}: levels[${i}] must be a percentage strictly between 0 and 100, got ${describe(level)}`);
    }
  });
  return { horizon, period, levels: [...levels] };
}

/**
 * Symmetric normal intervals `mean ± z * se`, `z = qnorm(0.5 + level / 200)`, as R's
 * forecast functions build them.
 *
 * @param mean point forecasts.
 * @param se forecast standard errors, as many.
 * @param levels coverage levels in percent.
 * @param quantile the standard normal quantile function.
 * @example
 * normalIntervals([10], [1], [95], normalQuantile)[0].upper; // => [11.959963984540054]
 */
export function normalIntervals(mean: ArrayLike<number>, se: ArrayLike<number>, levels: number[], quantile: (p: number) => number): PredictionInterval[] {
  return levels.map((level) => {
    const z = quantile(0.5 + level / 200);
    const lower: number[] = [];
    const upper: number[] = [];
    for (let i = 0; i < mean.length; i++) {
      lower.push(mean[i] - z * se[i]);
      upper.push(mean[i] + z * se[i]);
    }
    return { level, lower, upper };
  });
}
