/**
 * The M4 competition's exponential smoothing benchmarks (M4-methods, "Benchmarks and
 * Evaluation.R"): SES, Holt and damped Holt fitted to the seasonally adjusted series (M4's
 * seasonality test and multiplicative decomposition) by R's `ses` and `holt` (ETS(A,N,N),
 * ETS(A,A,N) and ETS(A,Ad,N) minimising the one-step mean squared error), reseasonalised,
 * and **Comb**, the mean of the three, the benchmark M4 ranked every entry against.
 *
 * SES, Holt and Damped carry R's class-1 intervals of the adjusted series multiplied by the
 * seasonal indices (as Naive2's are); Comb has no intervals of its own (M4 gave none), so
 * its `intervals` is always empty.
 */
import { type BaselineForecast, type BaselineOptions, checkBaselineArgs, type PredictionInterval } from './baseline-forecast';
import { fitEtsForm } from './ets-fit';
import { forecastEtsFit } from './ets-forecast';
import { type EtsSpec } from './ets-model';
import { seasonalAdjustment } from './seasonal-adjustment';

/** The four forecasts of {@link combForecasts}. */
export interface CombForecasts {
  ses: BaselineForecast;
  holt: BaselineForecast;
  damped: BaselineForecast;
  /** The mean of the other three, point forecasts only. */
  comb: BaselineForecast;
}

const FORMS: Record<'ses' | 'holt' | 'damped', { spec: EtsSpec; method: string }> = {
  ses: { spec: { error: 'A', trend: 'N', damped: false, season: 'N' }, method: 'SES' },
  holt: { spec: { error: 'A', trend: 'A', damped: false, season: 'N' }, method: 'Holt' },
  damped: { spec: { error: 'A', trend: 'A', damped: true, season: 'N' }, method: 'Damped' },
};

/**
 * M4's SES, Holt, Damped and Comb forecasts of one series, the seasonal adjustment done once.
 *
 * @param values the series, oldest first, at least 10 finite values (damped Holt's parameters need them).
 * @param options `horizon`, `period` (24 for M4 hourly; 1 never adjusts), `levels` (for SES, Holt, Damped).
 * @throws Error for a bad series or option, or when one of the three cannot be fitted.
 * @example
 * combForecasts(hourlySeries, { horizon: 48, period: 24 }).comb.mean.length; // => 48
 */
export function combForecasts(values: ArrayLike<number>, options: BaselineOptions): CombForecasts {
  const { horizon, period, levels } = checkBaselineArgs('combForecasts', values, options, 10);
  const adjustment = seasonalAdjustment(values, period, horizon);
  const index = adjustment.futureIndex;
  const reseason = (v: number[]): number[] => v.map((x, i) => x * index[i]);
  const one = (key: 'ses' | 'holt' | 'damped'): BaselineForecast => {
    const fit = fitEtsForm(adjustment.adjusted, FORMS[key].spec, { criterion: 'mse' });
    if (fit === undefined) throw new Error(`combForecasts: ${FORMS[key].method} could not be fitted to the series (${values.length} observations)`);
    const { mean, intervals } = forecastEtsFit(fit, horizon, levels);
    const scaled: PredictionInterval[] = intervals.map(({ level, lower, upper }) => ({ level, lower: reseason(lower), upper: reseason(upper) }));
    return { method: FORMS[key].method, mean: reseason(mean), intervals: scaled, seasonallyAdjusted: adjustment.applied };
  };
  const ses = one('ses');
  const holt = one('holt');
  const damped = one('damped');
  const mean = ses.mean.map((v, i) => (v + holt.mean[i] + damped.mean[i]) / 3);
  return { ses, holt, damped, comb: { method: 'Comb', mean, intervals: [], seasonallyAdjusted: adjustment.applied } };
}

/**
 * M4's Comb benchmark alone: see {@link combForecasts}.
 *
 * @param values the series, oldest first, at least 10 finite values.
 * @param options `horizon`, `period`.
 * @throws Error as {@link combForecasts}.
 * @example
 * combForecast(weeklySeries, { horizon: 13 }).method; // => 'Comb'
 */
export function combForecast(values: ArrayLike<number>, options: BaselineOptions): BaselineForecast {
  return combForecasts(values, { ...options, levels: [] }).comb;
}
