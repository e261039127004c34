/**
 * The Theta method, the M4 competition's Theta benchmark, as R's `forecast::thetaf` computes
 * it (Hyndman and Billah's formulation, "Unmasking the Theta method", IJF 2003): simple
 * exponential smoothing of the (seasonally adjusted) series plus a drift of half the slope
 * of its least-squares line, reseasonalised; intervals are SES's widened by
 * `sqrt(1 + j alpha^2)`.
 *
 * Hand-written, as ETS is (./ets-model.ts): no npm package has R's thetaf.
 *
 * Porting note: M4-methods' own `Theta.classic` (SES of the theta-2 line averaged with the
 * linear trend) is the same method in another form but not the same arithmetic; R's
 * thetaf is what this follows. Like thetaf, when a seasonal index is below 1e-4 the series
 * is not adjusted but the forecasts are still multiplied by the last season's indices
 * (thetaf warns and carries on so); such indices only arise for series with zeros.
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, normalIntervals } from './baseline-forecast';
import { decompose } from './decompose';
import { fitEtsForm } from './ets-fit';
import { forecastEtsFit } from './ets-forecast';
import { normalQuantile } from './normal-quantile';
import { lineFit } from './regression';
import { seasonalityTest } from './seasonality-test';

/** A Theta forecast with the two numbers that define it. */
export interface ThetaForecast extends BaselineForecast {
  /** SES's smoothing parameter (at least 1e-10). */
  alpha: number;
  /** The drift per step: half the slope of the least-squares line through the (adjusted) series. */
  drift: number;
}

/**
 * Forecasts a series by the Theta method, as R's `thetaf(ts(values, frequency = period), h, level)`.
 *
 * @param values the series, oldest first, at least 7 finite values (SES needs them).
 * @param options `horizon`, `period` (seasonal adjustment is tried when `> 1`: thetaf's
 *   test, `n > 2 period`), `levels`.
 * @returns the forecast, with `alpha` and `drift`; `seasonallyAdjusted` as thetaf decided.
 * @throws Error for a bad series or option, or when SES cannot be fitted.
 * @example
 * thetaForecast(weeklySeries, { horizon: 13, levels: [95] }).mean.length; // => 13
 */
export function thetaForecast(values: ArrayLike<number>, options: BaselineOptions): ThetaForecast {
  const { horizon, period, levels } = checkBaselineArgs('thetaForecast', values, options, 7);
  const n = values.length;
  const seasonal = seasonalityTest(values, period, 'thetaf');
  let x = Float64Array.from(values);
  let futureIndex: Float64Array | undefined;
  let adjusted = false;
  if (seasonal) {
    const decomposition = decompose(values, period, 'multiplicative');
    if (!decomposition.seasonal.some((s) => Math.abs(s) < 1e-4)) {
      x = x.map((v, i) => v / decomposition.seasonal[i]);
      adjusted = true;
    }
    futureIndex = Float64Array.from({ length: horizon }, (_, i) => decomposition.seasonal[n - period + (i % period)]);
  }
  const fit = fitEtsForm(x, { error: 'A', trend: 'N', damped: false, season: 'N' }, { criterion: 'mse' });
  if (fit === undefined) throw new Error(`thetaForecast: simple exponential smoothing could not be fitted to the series (${n} observations)`);
  const ses = forecastEtsFit(fit, horizon);
  const drift = lineFit(Float64Array.from({ length: n }, (_, i) => i), x).slope / 2;
  const alpha = Math.max(1e-10, fit.params.alpha);
  const mean = ses.mean.map((v, j) => v + drift * (j + (1 - (1 - alpha) ** n) / alpha));
  if (futureIndex !== undefined) for (let j = 0; j < horizon; j++) mean[j] *= futureIndex[j];
  const se = Array.from({ length: horizon }, (_, j) => Math.sqrt(fit.sigma2) * Math.sqrt(j * alpha * alpha + 1));
  return { method: 'Theta', mean, intervals: normalIntervals(mean, se, levels, normalQuantile), seasonallyAdjusted: adjusted, alpha, drift };
}
