/**
 * Fitting a collection of series: the global GRU trained across all of them, the
 * statistical methods run on each, the forecast of each series chosen among them by its own
 * held-out last stretch, and intervals calibrated on those held-out errors (conformal).
 *
 * Per series of `n` values, with `k` validation windows of `horizon` steps (fewer for a
 * series too short for `k`, as many as leave it `season + 1` values before the first):
 * 1. the GRU trains on windows whose targets end before `n - k · horizon` (every series at
 *    once, `global-gru.ts`), early-stopped on the window at that cutoff;
 * 2. every candidate (the GRU without refitting; each statistical method refitted on the
 *    values before each origin) forecasts the `k` held-out windows;
 * 3. the candidate with the lowest held-out MASE forecasts the series (ties go to the one
 *    listed first); a series too short for a held-out window gets its seasonal naive (or
 *    naive) forecast, and the report says why;
 * 4. the chosen candidate forecasts after the end (statistical methods refitted on all
 *    values, the GRU from the last window), with intervals from its held-out errors over
 *    all series (`conformal.ts`).
 */
import { runBaselines } from '../../baselines/run-baselines';
import type { BaselineMethod, SeriesBaselines } from '../../baselines/baseline-methods';
import type { PredictionInterval } from '../../baselines/baseline-forecast';
import { openPhaseProgress } from '../../charts/phase-progress';
import type { TrainingObserver } from '../../training/observer';
import { conformalIntervals, conformalWidths } from './conformal';
import { globalForecasts, trainGlobalGru, type GlobalGru, type GlobalGruSpec } from './global-gru';
import { seriesScale } from './series-windows';

/** What may forecast a series: the global GRU, a statistical method, or the mean of the GRU, ETS and Theta. */
export type Candidate = 'gru' | BaselineMethod | 'combination';

/** The candidates the combination averages. */
const COMBINED = ['gru', 'ets', 'theta'] as const;

/** Forecast for every series whatever the candidates: the measures' reference (M4's OWA is relative to Naive2) and the fallbacks of short series. */
const REFERENCES = ['naive2', 'seasonalNaive', 'naive'] as const;

/** Settings of {@link fitMany}. */
export interface ManySettings {
  horizon: number;
  period: number;
  /** Interval levels in percent. */
  levels: number[];
  /** The candidates, in order of preference on ties. */
  candidates: Candidate[];
  /** Held-out windows per series (`k`). */
  validationWindows: number;
  /** Each series its own held-out winner, or one winner (lowest mean held-out MASE) for all. */
  choice: 'series' | 'collection';
  gru: GlobalGruSpec;
  /** Worker threads for the statistical methods (0: this thread). */
  threads?: number;
  verbose: 0 | 1;
  observer?: TrainingObserver | TrainingObserver[];
}

/** One series' forecast after its last value, and how it was chosen. */
export interface SeriesForecast {
  /** The candidate that forecasts it. */
  candidate: Candidate;
  /** The forecasting method as a report names it: `'GRU (global)'`, `'ETS(M,Ad,N)'`, `'Theta'`, ... */
  model: string;
  /** Why this candidate: the held-out comparison, or why there was none. */
  why: string;
  mean: number[];
  intervals: PredictionInterval[];
  /** Each candidate's held-out MASE on this series (missing: it could not forecast the series). */
  validation: Partial<Record<Candidate, number>>;
}

/** One candidate's forecast of one series after its end. */
export interface CandidateForecast {
  /** As a report names it (`'ETS(M,Ad,N)'` rather than `'ETS'`). */
  model: string;
  mean: number[];
  intervals: PredictionInterval[];
}

/** What {@link fitMany} returns. */
export interface ManyFit {
  forecasts: SeriesForecast[];
  /** Per series, every candidate's forecast and the references' (Naive2, seasonal naive, naive), for the evaluation. */
  candidates: Array<Partial<Record<Candidate, CandidateForecast>>>;
  gru: GlobalGru;
  /** Per candidate, the conformal widths per level and step (scale units), from its held-out errors over all series. */
  widths: Partial<Record<Candidate, Record<number, number[]>>>;
  /** Seconds spent: training the GRU, the statistical methods (held-out and final), everything. */
  seconds: { gru: number; baselines: number; total: number };
}

/** How reports name each candidate. */
export const CANDIDATE_LABELS: Record<Candidate, string> = {
  gru: 'GRU (global)', combination: 'Mean of GRU, ETS, Theta', naive: 'Naive', seasonalNaive: 'Seasonal naive', naive2: 'Naive2',
  theta: 'Theta', ets: 'ETS', ses: 'SES', holt: 'Holt', damped: 'Damped', comb: 'Comb (SES, Holt, Damped)', arima: 'AutoARIMA',
};

/** The statistical methods the candidates need. */
function methodsFor(candidates: readonly Candidate[]): BaselineMethod[] {
  const needed = new Set<BaselineMethod>();
  for (const c of candidates) {
    if (c === 'combination') COMBINED.forEach((m) => m !== 'gru' && needed.add(m));
    else if (c !== 'gru') needed.add(c);
  }
  return [...needed];
}

/** Each candidate's point forecast of one series, from the GRU's and the methods' forecasts. */
function candidateMeans(candidates: readonly Candidate[], gru: number[] | undefined, stats: SeriesBaselines | undefined): Partial<Record<Candidate, number[]>> {
  const means: Partial<Record<Candidate, number[]>> = {};
  const of = (c: Candidate): number[] | undefined => (c === 'gru' ? gru : stats?.forecasts[c as BaselineMethod]?.mean);
  for (const c of candidates) {
    if (c !== 'combination') {
      const m = of(c);
      if (m !== undefined) means[c] = m;
      continue;
    }
    const parts = COMBINED.map(of);
    if (parts.every((p) => p !== undefined)) means.combination = (parts[0] as number[]).map((_, h) => parts.reduce((s, p) => s + (p as number[])[h], 0) / parts.length);
  }
  return means;
}

/** Mean absolute error over the window, in scale units (one window's MASE). */
function scaledError(actual: ArrayLike<number>, start: number, forecast: readonly number[], scale: number): number {
  let sum = 0;
  for (let h = 0; h < forecast.length; h++) sum += Math.abs(actual[start + h] - forecast[h]);
  return sum / forecast.length / scale;
}

/**
 * The candidates by their mean held-out MASE over the series every candidate forecast (so
 * that each mean is over the same series), lowest first; ties keep the listed order.
 */
function collectionRanking(candidates: readonly Candidate[], validations: ReadonlyArray<Partial<Record<Candidate, number>>>): { candidate: Candidate; mase: number }[] {
  const shared = validations.filter((v) => candidates.every((c) => Number.isFinite(v[c])));
  const rows = shared.length > 0 ? shared : validations;
  return candidates
    .map((candidate) => {
      const values = rows.map((v) => v[candidate]).filter((m): m is number => m !== undefined && Number.isFinite(m));
      return { candidate, mase: values.length === 0 ? Infinity : values.reduce((a, b) => a + b, 0) / values.length };
    })
    .filter((r) => Number.isFinite(r.mase))
    .sort((a, b) => a.mase - b.mase);
}

/**
 * Fits the collection and forecasts `horizon` steps after each series' end.
 *
 * @param series each series' values, oldest first.
 * @param settings see {@link ManySettings}.
 * @returns each series' forecast with intervals and the reason for its model, the GRU, the widths, timings.
 * @throws Error when no series is long enough to train the GRU on (with `'gru'` among the candidates).
 */
export async function fitMany(series: ReadonlyArray<readonly number[]>, settings: ManySettings): Promise<ManyFit> {
  const started = Date.now();
  const { horizon, period, validationWindows: k, candidates, levels } = settings;
  const minimum = Math.max(2, period + 1); // values before a held-out window
  const windows = series.map((y) => Math.max(0, Math.min(k, Math.floor((y.length - minimum) / horizon))));
  const cutoffs = series.map((y, i) => y.length - windows[i] * horizon);
  const gruStart = Date.now();
  const gru = await trainGlobalGru({ series, cutoffs }, settings.gru, { verbose: settings.verbose, ...(settings.observer !== undefined ? { observer: settings.observer } : {}) });
  const gruSeconds = (Date.now() - gruStart) / 1000;
  const nonNegative = series.map((y) => y.every((v) => v >= 0));
  const scales = series.map((y, i) => seriesScale(y, period, Math.max(1, cutoffs[i])));
  const methods = methodsFor(candidates);
  let baselineMs = 0;

  const runStats = async (inputs: number[][], title: string): Promise<SeriesBaselines[]> => {
    if (methods.length === 0) return inputs.map(() => ({ forecasts: {}, failures: {} }));
    const t = Date.now();
    const progress = settings.verbose === 1 ? openPhaseProgress(title, inputs.length) : undefined;
    const results = await runBaselines(inputs, { methods, horizon, period, levels: [], ...(settings.threads !== undefined ? { threads: settings.threads } : {}), ...(progress !== undefined ? { onProgress: (done: number) => progress.tick(done) } : {}) });
    progress?.end();
    baselineMs += Date.now() - t;
    return results;
  };

  // 2. held-out forecasts of every candidate: window j starts at cutoff + j · horizon
  const validated = windows.map((w) => w > 0);
  const errors: Array<Partial<Record<Candidate, number[]>>> = series.map(() => ({}));
  const scores: Partial<Record<Candidate, number[][]>> = {};
  for (let j = 0; j < k; j++) {
    // window j of k ends (k - j - 1) horizons before the end; a series with fewer windows has the last ones
    const origins = series.map((y) => y.length - (k - j) * horizon);
    const idx = series.map((_, i) => i).filter((i) => windows[i] >= k - j);
    const gruMeans = globalForecasts(gru, series, origins.map((o) => Math.max(1, o)), nonNegative);
    const stats = await runStats(idx.map((i) => series[i].slice(0, origins[i])), `Statistical methods, held-out window ${j + 1} of ${k} (${methods.join(', ')})`);
    idx.forEach((i, r) => {
      const means = candidateMeans(candidates, gruMeans[i], stats[r]);
      for (const c of candidates) {
        const m = means[c];
        if (m === undefined) continue;
        (errors[i][c] ??= []).push(scaledError(series[i], origins[i], m, scales[i]));
        (scores[c] ??= []).push(m.map((f, h) => Math.abs(series[i][origins[i] + h] - f) / scales[i]));
      }
    });
  }
  const widths: Partial<Record<Candidate, Record<number, number[]>>> = {};
  for (const c of candidates) if (scores[c] !== undefined && levels.length > 0) widths[c] = conformalWidths(scores[c] as number[][], levels);

  // 3. the choice: per series, or one for the collection
  const validations = series.map((_, i) => {
    const validation: Partial<Record<Candidate, number>> = {};
    for (const c of candidates) {
      const e = errors[i][c];
      if (e !== undefined && e.length === windows[i] && e.length > 0) validation[c] = e.reduce((a, b) => a + b, 0) / e.length;
    }
    return validation;
  });
  const pooled = settings.choice === 'collection' ? collectionRanking(candidates, validations) : undefined;
  const choices = series.map((y, i) => {
    const validation = validations[i];
    const ranked = candidates.filter((c) => validation[c] !== undefined && Number.isFinite(validation[c])).sort((a, b) => (validation[a] as number) - (validation[b] as number));
    if (ranked.length === 0) {
      const fallback: Candidate = y.length > period && period > 1 ? 'seasonalNaive' : 'naive';
      const why = validated[i]
        ? `no candidate could forecast its held-out window; ${CANDIDATE_LABELS[fallback]} instead`
        : `too short for a held-out window (${y.length} values; ${horizon + minimum} needed): ${CANDIDATE_LABELS[fallback]}`;
      return { candidate: fallback, why, validation };
    }
    if (pooled !== undefined) {
      const best = pooled.find((p) => validation[p.candidate] !== undefined) ?? pooled[0];
      const runnerUp = pooled.find((p) => p !== best);
      const why = `one model for the collection (${series.length} series): the lowest mean held-out MASE, ${best.mase.toFixed(3)}${runnerUp === undefined ? '' : ` against ${CANDIDATE_LABELS[runnerUp.candidate]} ${runnerUp.mase.toFixed(3)}`}`;
      return { candidate: best.candidate, why, validation };
    }
    const best = ranked[0];
    const runnerUp = ranked[1];
    const why = runnerUp === undefined
      ? `the only candidate with a held-out forecast (MASE ${(validation[best] as number).toFixed(3)})`
      : `lowest held-out MASE: ${(validation[best] as number).toFixed(3)} against ${CANDIDATE_LABELS[runnerUp]} ${(validation[runnerUp] as number).toFixed(3)}`;
    return { candidate: best, why, validation };
  });

  // 4. the final forecasts: the GRU from the last window; every method refitted on all values
  // (also Naive2 and the seasonal naive forecast: the measures' references and the fallbacks)
  const finalGru = globalForecasts(gru, series, series.map((y) => y.length), nonNegative);
  const finalScales = series.map((y) => seriesScale(y, period));
  const finalMethods = [...new Set<BaselineMethod>([...methods, ...REFERENCES])];
  const t = Date.now();
  const progress = settings.verbose === 1 ? openPhaseProgress(`Statistical methods on all values (${finalMethods.join(', ')})`, series.length) : undefined;
  const finalStats = await runBaselines(series.map((y) => y.slice()), {
    methods: finalMethods, horizon, period, levels,
    ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
    ...(progress !== undefined ? { onProgress: (done: number) => progress.tick(done) } : {}),
  });
  progress?.end();
  baselineMs += Date.now() - t;

  // every candidate's and reference's final forecast, with intervals (conformal where it has held-out errors, else its own)
  const all = series.map((_, i): Partial<Record<Candidate, CandidateForecast>> => {
    const stats = finalStats[i];
    const means = candidateMeans([...new Set<Candidate>([...candidates, ...REFERENCES])], finalGru[i], stats);
    const out: Partial<Record<Candidate, CandidateForecast>> = {};
    for (const [c, mean] of Object.entries(means) as Array<[Candidate, number[]]>) {
      const own = c === 'gru' || c === 'combination' ? undefined : stats.forecasts[c];
      const w = widths[c];
      const calibrated = w !== undefined && levels.every((l) => w[l].every(Number.isFinite));
      out[c] = {
        model: own?.method ?? CANDIDATE_LABELS[c],
        mean,
        // conformal where the held-out errors suffice, else the method's own intervals (none for the GRU)
        intervals: calibrated ? conformalIntervals(mean, finalScales[i], w, levels, nonNegative[i]) : (own?.intervals ?? []),
      };
    }
    return out;
  });

  const forecasts = series.map((_, i): SeriesForecast => {
    const { candidate, why, validation } = choices[i];
    const chosen = all[i][candidate];
    if (chosen !== undefined) return { candidate, ...chosen, why, validation };
    // the chosen method failed on all values (it forecast the held-out window): the GRU stands in
    const failure = finalStats[i].failures[candidate as BaselineMethod] ?? 'no forecast';
    return { candidate: 'gru', ...(all[i].gru as CandidateForecast), why: `${why}; ${CANDIDATE_LABELS[candidate]} failed on all values (${failure}), so the GRU forecasts`, validation };
  });
  return { forecasts, candidates: all, gru, widths, seconds: { gru: gruSeconds, baselines: baselineMs / 1000, total: (Date.now() - started) / 1000 } };
}
