/**
 * The `arima` method: AutoARIMA fitted on the whole series and forecast from its end, as
 * M4's ARIMA benchmark ran R's `forecast(auto.arima(x), h)`, through the `arima` package
 * (./auto-arima.ts). Intervals are `mean ± z sqrt(variance)` from the package's forecast
 * error variances, as R's `forecast.Arima` builds them from its standard errors.
 *
 * Porting note: the package is ctsa's AutoARIMA, not R's: its unit-root tests, search and
 * estimation differ, so it often chooses other orders than `auto.arima` (it never adds R's
 * drift term) and its forecasts are close to R's only where the orders agree.
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, normalIntervals } from './baseline-forecast';
import { implausibleArima, withAutoArima } from './auto-arima';
import { normalQuantile } from './normal-quantile';

/**
 * Forecasts a series by AutoARIMA, as `forecast(auto.arima(ts(values, frequency = period)), h = horizon, level = levels)`.
 *
 * @param values the series, oldest first, at least 20 finite values (the package's minimum).
 * @param options `horizon`, `period` (a seasonal model is searched when it is 2 to 24 and the
 *   series holds three seasons; default 1, none), `levels` of the prediction intervals.
 * @returns the forecast, named by the chosen model (`'ARIMA(0,1,1)'`,
 *   `'ARIMA(3,0,0)(1,1,1)[24]'`); `details` holds the orders (`period` 0 for a
 *   non-seasonal model), the fitted `mean` (0 with differencing) and the innovations variance
 *   `sigma2`. It never seasonally adjusts.
 * @throws Error for a bad series or option, or when the package cannot fit the series (the reason it gave).
 * @example
 * arimaForecast(weeklySeries, { horizon: 13, levels: [95] }).method; // => 'ARIMA(1,1,1)' (for example)
 */
export function arimaForecast(values: ArrayLike<number>, options: BaselineOptions): BaselineForecast {
  const { horizon, period, levels } = checkBaselineArgs('arimaForecast', values, options, 20);
  const fit = withAutoArima(
    values,
    period,
    (model) => ({ prediction: model.forecast(values, horizon), model }),
    ({ prediction }) => implausibleArima(prediction, values),
  );
  if ('reason' in fit) throw new Error(`arimaForecast: ${fit.reason}`);
  const { prediction, model } = fit.value;
  const { p, d, q, P, D, Q, s } = model.order;
  const intervals = normalIntervals(prediction.mean, prediction.variance.map(Math.sqrt), levels, normalQuantile);
  return { method: model.label, mean: prediction.mean, intervals, seasonallyAdjusted: false, details: { p, d, q, P, D, Q, period: s, mean: model.mean, sigma2: model.sigma2 } };
}
