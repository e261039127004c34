/**
 * The statistical methods by name, so that a caller (or a worker thread) can ask for
 * "naive2, theta and ets" for each series of a set and get plain, serialisable results.
 */
import { type BaselineForecast, type BaselineOptions } from './baseline-forecast';
import { combForecasts } from './comb';
import { etsForecast } from './ets-forecast';
import { naiveIntervalForecast, seasonalNaiveIntervalForecast } from './lag-walk';
import { naive2Forecast } from './naive2';
import { thetaForecast } from './theta';

/** The methods {@link forecastBaselines} runs. */
export const BASELINE_METHODS = ['naive', 'seasonalNaive', 'naive2', 'theta', 'ets', 'ses', 'holt', 'damped', 'comb'] as const;

/** One of {@link BASELINE_METHODS}. */
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

/** Every requested method's forecast of one series, or why it could not be made. */
export interface SeriesBaselines {
  forecasts: Partial<Record<BaselineMethod, BaselineForecast>>;
  /** The error message of each method that failed on this series (too short, not positive, ...). */
  failures: Partial<Record<BaselineMethod, string>>;
}

/**
 * Throws unless `methods` is a non-empty list of known method names.
 *
 * @throws Error naming the unknown method and listing the known ones.
 * @example
 * checkMethods('runBaselines', ['naive2', 'ets']); // => ['naive2', 'ets']
 */
export function checkMethods(caller: string, methods: unknown): BaselineMethod[] {
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new Error(`${caller}: methods must be a non-empty array of ${BASELINE_METHODS.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(methods)}`);
  }
  for (const method of methods) {
    if (!(BASELINE_METHODS as readonly unknown[]).includes(method)) {
      throw new Error(`${caller}: unknown method ${JSON.stringify(method)}; the methods are ${BASELINE_METHODS.map((m) => `'${m}'`).join(', ')}`);
    }
  }
  return methods as BaselineMethod[];
}

/**
 * Forecasts one series by each of `methods`; a method that throws is recorded in
 * `failures` and the others still run. SES, Holt, Damped and Comb share one seasonal
 * adjustment and fits.
 *
 * @param values the series, oldest first.
 * @param methods names from {@link BASELINE_METHODS}.
 * @param options `horizon`, `period`, `levels` (see {@link BaselineOptions}).
 * @throws Error for an unknown method name (a bad series or option is a failure of every method).
 * @example
 * forecastBaselines(weekly, ['naive2', 'theta'], { horizon: 13 }).forecasts.theta?.mean.length; // => 13
 */
export function forecastBaselines(values: ArrayLike<number>, methods: BaselineMethod[], options: BaselineOptions): SeriesBaselines {
  checkMethods('forecastBaselines', methods);
  const result: SeriesBaselines = { forecasts: {}, failures: {} };
  let smoothing: ReturnType<typeof combForecasts> | { error: string } | undefined;
  for (const method of methods) {
    try {
      result.forecasts[method] = one(method);
    } catch (error) {
      result.failures[method] = error instanceof Error ? error.message : String(error);
    }
  }
  return result;

  function one(method: BaselineMethod): BaselineForecast {
    switch (method) {
      case 'naive':
        return naiveIntervalForecast(values, options);
      case 'seasonalNaive':
        return seasonalNaiveIntervalForecast(values, options);
      case 'naive2':
        return naive2Forecast(values, options);
      case 'theta': {
        const { alpha, drift, ...forecast } = thetaForecast(values, options);
        return { ...forecast, details: { alpha, drift } };
      }
      case 'ets': {
        const { fit, ...forecast } = etsForecast(values, options);
        const { alpha, beta, gamma, phi } = fit.params;
        return { ...forecast, details: { alpha, beta, gamma, phi, aicc: fit.aicc, sigma2: fit.sigma2 } };
      }
      case 'ses':
      case 'holt':
      case 'damped':
      case 'comb': {
        if (smoothing === undefined) {
          try {
            smoothing = combForecasts(values, options);
          } catch (error) {
            smoothing = { error: error instanceof Error ? error.message : String(error) };
          }
        }
        if ('error' in smoothing) throw new Error(smoothing.error);
        return smoothing[method];
      }
    }
  }
}
