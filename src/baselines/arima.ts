/**
 * The AutoARIMA baseline, through the `arima` package (the C library ctsa compiled to
 * WebAssembly). Fitted once on the rows before the test part; each test window is then
 * forecast from its own origin with the fitted coefficients.
 */
import ARIMA = require('arima');

/** Longest stretch of history the model is fitted on (and each origin's forecast reads). */
const MAX_HISTORY = 600;
/** Seasonal AutoARIMA is tried up to this period; longer seasons (365 days) make its search far too slow. */
const MAX_SEASONAL_PERIOD = 24;

/** AutoARIMA's forecasts of each window, or the reason it could not be fitted. */
export type ArimaForecasts = { forecasts: number[][]; label: string } | { reason: string };

/** Runs `work` with the process's console and stdout writes muted (the WASM build may print its search). */
function quietly<T>(work: () => T): T {
  const write = process.stdout.write;
  const log = console.log;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  console.log = () => undefined;
  try {
    return work();
  } finally {
    process.stdout.write = write;
    console.log = log;
  }
}

/** Float64 values as the byte array the `arima` wrapper hands to WebAssembly (its own `uintify`). */
function asBytes(values: number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

/**
 * AutoARIMA (seasonal when `period` is between 2 and 24 and the history holds two seasons)
 * fitted on the `MAX_HISTORY` rows before `fitEnd`, forecasting `horizon` steps from each origin.
 *
 * @param series the whole target, oldest first.
 * @param fitEnd rows `[.., fitEnd)` are used for fitting (the test part starts there).
 * @param origins each window's first forecast row (at or after `fitEnd`).
 * @param horizon steps per window.
 * @param period the detected season, `0` for none.
 * @returns `[windows][horizon]` forecasts, or why there are none.
 */
export function arimaForecasts(series: number[], fitEnd: number, origins: number[], horizon: number, period: number): ArimaForecasts {
  const length = Math.min(MAX_HISTORY, fitEnd);
  if (length < 20) return { reason: `needs at least 20 rows before the test part, got ${fitEnd}` };
  const history = series.slice(fitEnd - length, fitEnd);
  const seasonal = period >= 2 && period <= MAX_SEASONAL_PERIOD && length >= 3 * period;
  const base = seasonal ? { auto: true, s: period, verbose: false } : { auto: true, P: 0, D: 0, Q: 0, s: 0, verbose: false };
  const label = seasonal ? `AutoARIMA (seasonal, period ${period})` : 'AutoARIMA';
  // The package's default stepwise search sometimes returns a broken fit (forecasts of
  // 1e-309, the package's known AutoARIMA issues); its other search (`search: 0`) then
  // usually succeeds.
  let last = '';
  for (const options of [base, { ...base, search: 0 }]) {
    let model: InstanceType<typeof ARIMA> | undefined;
    try {
      const forecasts = quietly(() => {
        const fitted = new ARIMA(options).fit(history);
        model = fitted;
        // Porting note: the package forecasts from the series it keeps in `ts` (the bytes it
        // passes to ctsa's predict); swapping in the `length` rows before each origin gives
        // that origin's forecast with the fitted coefficients, as statsmodels' `apply` does.
        return origins.map((origin) => {
          (fitted as unknown as { ts: Uint8Array }).ts = asBytes(series.slice(origin - length, origin));
          return fitted.predict(horizon)[0];
        });
      });
      const fault = implausible(forecasts, history);
      if (fault === undefined) return { forecasts, label };
      last = fault;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      model?.destroy();
    }
  }
  return { reason: `the fit failed: ${last}` };
}

/** Why forecasts look like a broken fit (not finite, denormal, or far outside the history's range), or `undefined`. */
function implausible(forecasts: number[][], history: number[]): string | undefined {
  const lo = Math.min(...history);
  const hi = Math.max(...history);
  const slack = 3 * Math.max(hi - lo, Math.abs(hi), 1e-9);
  for (const row of forecasts) {
    for (const v of row) {
      if (!Number.isFinite(v)) return `a forecast is ${v}`;
      if ((v !== 0 && Math.abs(v) < 1e-200) || v < lo - slack || v > hi + slack) return `a forecast of ${v.toPrecision(3)} lies far outside the history's range ${lo} to ${hi}`;
    }
  }
  return undefined;
}
