/**
 * AutoARIMA through the `arima` package (the C library ctsa compiled to WebAssembly): one
 * fit, the orders and variance it chose, and forecasts with their error variances. Used by
 * the forecaster's evaluation (./arima.ts) and by the `arima` method (./arima-forecast.ts).
 *
 * Porting notes, from the package's behaviour (version 0.2.8):
 * - its `predict` returns `[forecasts, variances]`: the second array is the forecast error
 *   variance per step (it starts near the fitted innovations variance and grows by `sigma2`
 *   per step for a random walk), not a standard error;
 * - for a model with no AR or MA term, seasonal or not (ARIMA(0,1,0), the random walk, is
 *   the search's choice for about one weekly M4 series in ten), `predict` returns memory that
 *   is not its answer (values of 1e-309, then input values). Such a model's forecast needs
 *   only its differencing, mean and variance, so it is computed here from the fit's summary
 *   (which the package prints when `verbose` is set: the only place it states the orders).
 */
import ARIMA = require('arima');

/** Seasonal AutoARIMA is tried up to this period; longer seasons (365 days) make its search far too slow. */
export const MAX_SEASONAL_PERIOD = 24;

/** The orders of a seasonal ARIMA model `(p,d,q)(P,D,Q)[s]`; `s` is 0 for a non-seasonal one. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  s: number;
}

/** Point forecasts and forecast error variances, one per step ahead (`[horizon]` each). */
export interface ArimaPrediction {
  mean: number[];
  variance: number[];
}

/** A fitted AutoARIMA model, alive while the callback of {@link withAutoArima} runs. */
export interface AutoArimaModel {
  order: ArimaOrder;
  /** The innovations variance of the fit, as the package's summary prints it (6 significant digits). */
  sigma2: number;
  /** The fitted mean of a model without differencing (0 with differencing: the package adds no drift), as its summary prints it. */
  mean: number;
  /** The model as R names it: `'ARIMA(0,1,1)'`, `'ARIMA(3,0,0)(1,1,1)[24]'`. */
  label: string;
  /**
   * Forecasts `horizon` steps after `history`, with the fitted coefficients.
   *
   * @param history the series to forecast from: the fitted one, or another stretch of the same length.
   * @throws Error when `history` is not as long as the fitted series.
   */
  forecast(history: ArrayLike<number>, horizon: number): ArimaPrediction;
}

/** What the package's summary says about the fit. */
interface Summary {
  order: ArimaOrder;
  sigma2: number;
  mean: number;
  trend: number;
}

/**
 * Runs `work` with the process's stdout and stderr writes held back and returns them with
 * its result: the WebAssembly build prints its search, warnings and summary there (through
 * `console.log` bound when the package loaded, so only the streams' `write` can catch them).
 */
function captured<T>(work: () => T): { value: T; text: string } {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let text = '';
  const keep = ((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = keep;
  process.stderr.write = keep;
  try {
    return { value: work(), text };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Float64 values as the byte array the `arima` wrapper hands to WebAssembly (its own `uintify`). */
function asBytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

/** The last match of `pattern` in `text`. */
function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let found: RegExpExecArray | undefined;
  for (const m of text.matchAll(pattern)) found = m as RegExpExecArray;
  return found;
}

/** Reads the orders, variance, mean and trend from the summary the package printed, or says what is missing. */
function readSummary(text: string, s: number): Summary | string {
  const order = lastMatch(text, /ARIMA Seasonal Order : \(\s*(\d+),\s*(\d+),\s*(\d+)\)\s*\*\s*\(\s*(\d+),\s*(\d+),\s*(\d+)\)/g);
  const number = (name: string): number => Number(lastMatch(text, new RegExp(`^${name}\\s+(\\S+)`, 'gm'))?.[1]);
  const [sigma2, mean, trend] = [number('SIGMA\\^2'), number('MEAN'), number('TREND')];
  if (order === undefined || ![sigma2, mean, trend].every(Number.isFinite)) return `its summary did not state the orders, SIGMA^2, MEAN and TREND (${JSON.stringify(text.slice(-300))})`;
  const [p, d, q, P, D, Q] = order.slice(1, 7).map(Number);
  return { order: { p, d, q, P, D, Q, s: P + D + Q > 0 ? s : 0 }, sigma2, mean, trend };
}

/**
 * The label R gives a model.
 *
 * @example
 * arimaLabel({ p: 3, d: 0, q: 0, P: 1, D: 1, Q: 1, s: 24 }); // => 'ARIMA(3,0,0)(1,1,1)[24]'
 */
export function arimaLabel(o: ArimaOrder): string {
  return `ARIMA(${o.p},${o.d},${o.q})${o.s > 0 ? `(${o.P},${o.D},${o.Q})[${o.s}]` : ''}`;
}

/**
 * Forecasts of a model with no AR or MA term: `(1 - B)^d (1 - B^s)^D y_t = e_t`, or
 * `y_t = mean + e_t` without differencing, each future error 0; the variance at step `h` is
 * `sigma2` times the sum of the first `h` squared psi weights of `1 / ((1 - B)^d (1 - B^s)^D)`.
 *
 * @param history the series, oldest first, longer than `d + s D`.
 * @example
 * differencingForecast([1, 3, 2], { p: 0, d: 1, q: 0, P: 0, D: 0, Q: 0, s: 0 }, 2, 0, 3); // => { mean: [2, 2, 2], variance: [2, 4, 6] }
 */
export function differencingForecast(history: ArrayLike<number>, order: ArimaOrder, sigma2: number, mean: number, horizon: number): ArimaPrediction {
  // phi(B) = (1 - B)^d (1 - B^s)^D as coefficients c[0..K], c[0] = 1
  let c = [1];
  const times = (factor: number[]): void => {
    const next = new Array<number>(c.length + factor.length - 1).fill(0);
    c.forEach((a, i) => factor.forEach((b, j) => (next[i + j] += a * b)));
    c = next;
  };
  for (let i = 0; i < order.d; i++) times([1, -1]);
  for (let i = 0; i < order.D; i++) times([1, ...new Array<number>(order.s - 1).fill(0), -1]);
  const k = c.length - 1;
  if (k === 0) return { mean: new Array<number>(horizon).fill(mean), variance: new Array<number>(horizon).fill(sigma2) };
  if (history.length < k) throw new Error(`differencingForecast: history must hold at least ${k} values for ${arimaLabel(order)}, got ${history.length}`);
  const y = Array.from(history).slice(-k);
  const psi = [1];
  const forecast: number[] = [];
  const variance: number[] = [];
  let sum = 0;
  for (let h = 0; h < horizon; h++) {
    let next = 0;
    let weight = 0;
    for (let j = 1; j <= k; j++) {
      next -= c[j] * y[y.length - j];
      if (h - j >= 0) weight -= c[j] * psi[h - j];
    }
    if (h > 0) psi.push(weight);
    sum += psi[h] * psi[h];
    y.push(next);
    forecast.push(next);
    variance.push(sigma2 * sum);
  }
  return { mean: forecast, variance };
}

/**
 * Fits AutoARIMA to `history` (seasonal when `period` is 2 to {@link MAX_SEASONAL_PERIOD}
 * and the history holds three seasons) and runs `use` with the model; `fault` says what is
 * wrong with the result, if anything. The package's default stepwise search sometimes gives
 * a broken fit (forecasts of 1e-309); its other search (`search: 0`) is then tried. The
 * WebAssembly memory is freed before this returns; nothing is printed.
 *
 * @param history the series to fit, oldest first, at least 20 values (the package's minimum).
 * @param period the seasonal period, 0 or 1 for none.
 * @param use what to do with the fitted model (forecast from one or several origins).
 * @param fault the reason `use`'s result cannot be used, or `undefined` when it can.
 * @returns `use`'s result and the model's label, or why there is none.
 * @example
 * withAutoArima(weekly, 1, (m) => m.forecast(weekly, 13), (r) => implausibleArima(r, weekly)); // => { value: { mean: [...], variance: [...] }, label: 'ARIMA(0,1,1)' }
 */
export function withAutoArima<T>(history: ArrayLike<number>, period: number, use: (model: AutoArimaModel) => T, fault: (value: T) => string | undefined): { value: T; label: string } | { reason: string } {
  const n = history.length;
  if (n < 20) return { reason: `needs at least 20 values, got ${n}` };
  const seasonal = period >= 2 && period <= MAX_SEASONAL_PERIOD && n >= 3 * period;
  const s = seasonal ? period : 0;
  const base = seasonal ? { auto: true, s, verbose: true } : { auto: true, P: 0, D: 0, Q: 0, s: 0, verbose: true };
  const values = Array.from(history);
  let last = '';
  for (const options of [base, { ...base, search: 0 }]) {
    let fitted: InstanceType<typeof ARIMA> | undefined;
    try {
      const { text } = captured(() => (fitted = new ARIMA(options).fit(values)));
      const summary = readSummary(text, s);
      if (typeof summary === 'string') {
        last = summary;
        continue;
      }
      const { order, sigma2 } = summary;
      const label = arimaLabel(order);
      const model = fitted as InstanceType<typeof ARIMA>;
      const pure = order.p + order.q + order.P + order.Q === 0;
      if (pure && (summary.trend !== 0 || (order.d + order.D > 0 && summary.mean !== 0))) {
        return { reason: `it chose ${label} with a constant (mean ${summary.mean}, trend ${summary.trend}), whose forecasts the package does not give` };
      }
      const forecast = (from: ArrayLike<number>, horizon: number): ArimaPrediction => {
        if (from.length !== n) throw new Error(`forecast: history must hold the fitted ${n} values, got ${from.length}`);
        if (pure) return differencingForecast(from, order, sigma2, summary.mean, horizon);
        // Porting note: the package forecasts from the series it keeps in `ts` (the bytes it
        // passes to ctsa's predict); swapping in another stretch of the same length gives the
        // forecast from its end with the fitted coefficients, as statsmodels' `apply` does.
        (model as unknown as { ts: Uint8Array }).ts = asBytes(from);
        const [mean, variance] = captured(() => model.predict(horizon)).value;
        return { mean, variance };
      };
      const value = use({ order, sigma2, mean: summary.mean, label, forecast });
      const wrong = fault(value);
      if (wrong === undefined) return { value, label };
      last = `${label}: ${wrong}`;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      fitted?.destroy();
    }
  }
  return { reason: `the fit failed: ${last}` };
}

/**
 * Why forecasts look like a broken fit (not finite, denormal, or far outside the history's
 * range; variances not finite or negative), or `undefined`.
 *
 * @example
 * implausibleArima({ mean: [1e-309], variance: [1] }, [1, 2, 3]); // => 'a forecast of 1.00e-309 lies far outside the history's range 1 to 3'
 */
export function implausibleArima(predictions: ArimaPrediction | ArimaPrediction[], history: ArrayLike<number>): string | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < history.length; i++) [lo, hi] = [Math.min(lo, history[i]), Math.max(hi, history[i])];
  const slack = 3 * Math.max(hi - lo, Math.abs(hi), 1e-9);
  for (const { mean, variance } of Array.isArray(predictions) ? predictions : [predictions]) {
    for (const v of mean) {
      if (!Number.isFinite(v)) return `a forecast is ${v}`;
      if ((v !== 0 && Math.abs(v) < 1e-200) || v < lo - slack || v > hi + slack) return `a forecast of ${v.toPrecision(3)} lies far outside the history's range ${lo} to ${hi}`;
    }
    for (const v of variance) if (!(Number.isFinite(v) && v >= 0)) return `a forecast variance is ${v}`;
  }
  return undefined;
}
