/**
 * The AutoARIMA baseline of the forecaster's evaluation (../forecast/evaluation.ts): fitted
 * once on the rows before the test part (./auto-arima.ts); each test window is then forecast
 * from its own origin with the fitted coefficients.
 */
import { implausibleArima, MAX_SEASONAL_PERIOD, withAutoArima } from './auto-arima';

/** Longest stretch of history the model is fitted on (and each origin's forecast reads). */
const MAX_HISTORY = 600;

/** AutoARIMA's forecasts of each window, or the reason it could not be fitted. */
export type ArimaForecasts = { forecasts: number[][]; label: string } | { reason: string };

/** Options of {@link arimaForecasts}. */
export interface ArimaForecastOptions {
  /** Called with the model's label once it is known, before the fit (the slow part of a long season's search). */
  onStart?(label: string): void;
  /** Called after each origin's forecast with how many are done (after the fit, which comes first). */
  onProgress?(done: number): void;
}

/**
 * AutoARIMA (seasonal when `period` is between 2 and 24 and the history holds three seasons)
 * fitted on the `MAX_HISTORY` rows before `fitEnd`, forecasting `horizon` steps from each origin.
 *
 * @param series the whole target, oldest first.
 * @param fitEnd rows `[.., fitEnd)` are used for fitting (the test part starts there).
 * @param origins each window's first forecast row (at or after `fitEnd`).
 * @param horizon steps per window.
 * @param period the detected season, `0` for none.
 * @param hooks progress hooks, see {@link ArimaForecastOptions}; default none.
 * @returns `[windows][horizon]` forecasts, or why there are none.
 * @example
 * arimaForecasts(series, 500, [500, 501], 12, 12); // => { forecasts: [[...], [...]], label: 'AutoARIMA (seasonal, period 12)' }
 */
export function arimaForecasts(series: number[], fitEnd: number, origins: number[], horizon: number, period: number, hooks: ArimaForecastOptions = {}): ArimaForecasts {
  const length = Math.min(MAX_HISTORY, fitEnd);
  if (length < 20) return { reason: `needs at least 20 rows before the test part, got ${fitEnd}` };
  const history = series.slice(fitEnd - length, fitEnd);
  const seasonal = period >= 2 && period <= MAX_SEASONAL_PERIOD && length >= 3 * period;
  const label = seasonal ? `AutoARIMA (seasonal, period ${period})` : 'AutoARIMA';
  hooks.onStart?.(label);
  const fit = withAutoArima(
    history,
    seasonal ? period : 0,
    (model) =>
      origins.map((origin, i) => {
        const prediction = model.forecast(series.slice(origin - length, origin), horizon);
        hooks.onProgress?.(i + 1);
        return prediction;
      }),
    (predictions) => implausibleArima(predictions, history),
  );
  if ('reason' in fit) return fit;
  return { forecasts: fit.value.map((p) => p.mean), label };
}
