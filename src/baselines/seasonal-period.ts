/**
 * A seasonal period read off the autocorrelation function, for the seasonal baselines and
 * the MASE scale when the user gives none.
 */

/** How far (in autocorrelation) a peak must rise above the dip before it. */
const PROMINENCE = 0.2;

/** Options of {@link detectSeasonalPeriod}. */
export interface DetectSeasonalPeriodOptions {
  /** Longest lag to look at. Default `floor(values.length / 2)`. */
  maxLag?: number;
  /** Smallest autocorrelation a peak needs to count as a season. Default `0.3`. */
  minCorrelation?: number;
}

/**
 * Guesses the seasonal period of a series from its autocorrelation function (ACF): the
 * straight-line trend is removed, the ACF is computed for lags `1..maxLag`, and the period
 * is the top of the first ACF peak that comes after the ACF's first dip (so the slow decay
 * of the first lags is not taken for a season), rises at least 0.2 above the lowest ACF
 * before it (so wiggles are not either) and reaches 90 % of the highest such peak (so two
 * seasons back, which correlate about as well as one, do not win).
 *
 * A heuristic in the spirit of Darts' `check_seasonality`: pass the period yourself when
 * you know it (7 for daily data with a weekly rhythm, 12 for monthly data, 365 for a yearly
 * cycle in daily data).
 *
 * @param values the series, oldest first (e.g. the training part of the target).
 * @param options see {@link DetectSeasonalPeriodOptions}.
 * @returns the period in rows, or `undefined` when no peak reaches `minCorrelation`
 *   (or the series has fewer than 8 values or is constant).
 * @example
 * detectSeasonalPeriod(trainTemps); // => 363 for the training part of the synthetic daily temperature series (true cycle 365.25 days)
 */
export function detectSeasonalPeriod(values: ArrayLike<number>, options: DetectSeasonalPeriodOptions = {}): number | undefined {
  const n = values.length;
  if (n < 8) return undefined;
  const maxLag = Math.min(options.maxLag ?? Math.floor(n / 2), n - 2);
  const minCorrelation = options.minCorrelation ?? 0.3;
  const residual = detrend(values);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += residual[i] * residual[i];
  variance /= n;
  if (!(variance > 0)) return undefined;
  // Each lag's products averaged over the n - lag pairs there are, so long lags are not
  // shrunk towards 0 (the textbook estimator divides by n) and compete fairly.
  const acf = new Float64Array(maxLag + 2);
  acf[0] = 1;
  for (let lag = 1; lag <= maxLag + 1 && lag < n; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += residual[i] * residual[i - lag];
    acf[lag] = sum / (n - lag) / variance;
  }
  let lag = 1;
  while (lag < maxLag && !(acf[lag] < acf[lag - 1] && acf[lag] <= acf[lag + 1])) lag++; // first dip
  // A peak counts when it rises PROMINENCE above the lowest ACF since the first dip, so
  // the small wiggles of an autocorrelated series are not taken for seasons.
  const peaks: number[] = [];
  let trough = acf[lag];
  for (; lag <= maxLag; lag++) {
    trough = Math.min(trough, acf[lag]);
    const isPeak = acf[lag] >= acf[lag - 1] && acf[lag] > acf[lag + 1];
    if (isPeak && acf[lag] >= minCorrelation && acf[lag] - trough >= PROMINENCE) peaks.push(lag);
  }
  if (peaks.length === 0) return undefined;
  // Multiples of the period peak about as high (2 seasons back look like 1); take the
  // first peak that comes close to the highest one, then the top of its hump.
  const highest = Math.max(...peaks.map((l) => acf[l]));
  let best = peaks.find((l) => acf[l] >= 0.9 * highest) as number;
  for (let j = best; j <= maxLag && acf[j] > acf[best] - PROMINENCE; j++) if (acf[j] > acf[best]) best = j;
  return best;
}

/** `values` minus their least-squares straight line. */
function detrend(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const meanT = (n - 1) / 2;
  let meanV = 0;
  for (let i = 0; i < n; i++) meanV += values[i];
  meanV /= n;
  let cov = 0;
  let varT = 0;
  for (let i = 0; i < n; i++) {
    cov += (i - meanT) * (values[i] - meanV);
    varT += (i - meanT) ** 2;
  }
  const slope = cov / varT;
  return Float64Array.from({ length: n }, (_, i) => values[i] - meanV - slope * (i - meanT));
}
