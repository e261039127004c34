/**
 * ETS forecasts as R's `forecast(ets(y), h, level)` gives them: the form chosen by AICc
 * (./ets-select.ts), point forecasts and analytic prediction intervals (./ets-intervals.ts).
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, normalIntervals, type PredictionInterval } from './baseline-forecast';
import { type EtsFit } from './ets-fit';
import { etsMoments } from './ets-intervals';
import { type EtsSelectOptions, selectEts } from './ets-select';
import { normalQuantile } from './normal-quantile';

/** Options of {@link etsForecast}: the forecast's and the search's. */
export interface EtsForecastOptions extends BaselineOptions, Omit<EtsSelectOptions, 'period'> {}

/** An ETS forecast with the fitted model it came from. */
export interface EtsBaselineForecast extends BaselineForecast {
  /** The chosen fit: form, parameters, states, AICc, residual variance. */
  fit: EtsFit;
}

/**
 * Forecasts `horizon` steps ahead from a fitted form, with intervals at `levels`.
 *
 * @param fit from {@link selectEts} or `fitEtsForm`.
 * @param horizon steps ahead.
 * @param levels coverage levels in percent. Default none.
 * @example
 * forecastEtsFit(selectEts(weekly), 13, [95]).mean.length; // => 13
 */
export function forecastEtsFit(fit: EtsFit, horizon: number, levels: number[] = []): { mean: number[]; intervals: PredictionInterval[] } {
  const { mean, variance } = etsMoments(fit, horizon);
  return { mean, intervals: normalIntervals(mean, variance.map(Math.sqrt), levels, normalQuantile) };
}

/**
 * Automatic ETS forecast of one series: R's `forecast(ets(ts(values, frequency = period)), h = horizon, level = levels)`.
 *
 * @param values the series, oldest first, finite values.
 * @param options `horizon`, `period` (seasonal forms need `1 < period <= 24`), `levels`,
 *   and the search's options (`model`, `damped`, `ic`, ...; see {@link EtsSelectOptions}).
 * @returns the forecast; `method` is the chosen form (`'ETS(M,Ad,N)'`), `fit` the model.
 * @throws Error for bad input, a series too short for the forms allowed, or when no form fits.
 * @example
 * etsForecast(weeklySeries, { horizon: 13, levels: [80, 95] }).method; // => 'ETS(M,Ad,N)'
 */
export function etsForecast(values: ArrayLike<number>, options: EtsForecastOptions): EtsBaselineForecast {
  const { horizon, period, levels } = checkBaselineArgs('etsForecast', values, options, 3);
  const fit = selectEts(values, { ...options, period });
  const { mean, intervals } = forecastEtsFit(fit, horizon, levels);
  return { method: fit.label, mean, intervals, seasonallyAdjusted: false, fit };
}
