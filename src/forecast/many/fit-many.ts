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
 *    listed first), averaged with the anchor (ETS) when there is one; for a collection, one
 *    candidate for all, the first listed unless another is clearly lower (`series-choice.ts`); a
 *    series too short for a held-out window gets its seasonal naive (or naive) forecast, and
 *    the report says why;
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
import { CANDIDATE_LABELS, chooseModels, type Candidate, type Validation } from './series-choice';

export { CANDIDATE_LABELS, type Candidate } from './series-choice';

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
  /** Each series its own held-out winner, or one candidate for all (the first listed unless another is clearly lower: `series-choice.ts`). */
  choice: 'series' | 'collection';
  /** With `choice: 'series'`: the candidate averaged with each series' winner (alone when it wins). */
  anchor?: Candidate;
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
  /** When set, the forecast is the mean of this candidate's and `candidate`'s. */
  anchor?: Candidate;
  /** The forecasting method as a report names it: `'GRU (global)'`, `'ETS(M,Ad,N)'`, `'Theta'`, ... */
  model: string;
  /** Why this candidate: the held-out comparison, or why there was none. */
  why: string;
  mean: number[];
  intervals: PredictionInterval[];
  /** Each candidate's held-out MASE on this series (missing: it could not forecast the series). */
  validation: Validation;
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

/** Per candidate, one series' held-out MASE of each window. */
type ErrorsOf = Partial<Record<Candidate, number[]>>;
/** Per candidate, every held-out window's absolute errors per step (scale units), over all series: the conformal scores. */
type ScoresOf = Partial<Record<Candidate, number[][]>>;

/** Records one held-out forecast of series `i`: its window's MASE and its errors per step. */
function recordError(into: { errors: ErrorsOf[]; scores: ScoresOf }, i: number, c: Candidate, actual: { values: readonly number[]; start: number; scale: number }, forecast: number[]): void {
  (into.errors[i][c] ??= []).push(scaledError(actual.values, actual.start, forecast, actual.scale));
  (into.scores[c] ??= []).push(forecast.map((f, h) => Math.abs(actual.values[actual.start + h] - f) / actual.scale));
}

/** Per candidate, the conformal widths per level and step from its held-out scores. */
function widthsOf(scores: ScoresOf, candidates: readonly Candidate[], levels: number[]): Partial<Record<Candidate, Record<number, number[]>>> {
  const widths: Partial<Record<Candidate, Record<number, number[]>>> = {};
  for (const c of candidates) if (scores[c] !== undefined && levels.length > 0) widths[c] = conformalWidths(scores[c] as number[][], levels);
  return widths;
}

/** Per series, each candidate's mean held-out MASE, where it forecast every one of the series' windows. */
function meanErrors(errors: readonly ErrorsOf[], candidates: readonly Candidate[], windows: readonly number[]): Validation[] {
  return errors.map((byCandidate, i) => {
    const validation: Validation = {};
    for (const c of candidates) {
      const e = byCandidate[c];
      if (e !== undefined && e.length === windows[i] && e.length > 0) validation[c] = e.reduce((a, b) => a + b, 0) / e.length;
    }
    return validation;
  });
}

/**
 * Where each series' held-out stretch starts: its last `validationWindows` horizons, or as
 * many as it holds with at least `max(2, period + 1)` values before them.
 *
 * @param series each series' values.
 * @param horizon steps per held-out window.
 * @param period the season (the values needed before a window grow with it).
 * @param validationWindows held-out windows wanted per series.
 * @returns per series, its held-out windows and the row where they start (the series' length
 *   with none), and the values a series needs before a held-out window.
 * @example
 * heldOutCutoffs([new Array(100).fill(1)], 10, 4, 2).cutoffs; // => [80]
 */
export function heldOutCutoffs(series: ReadonlyArray<ArrayLike<number>>, horizon: number, period: number, validationWindows: number): { windows: number[]; cutoffs: number[]; minimum: number } {
  const minimum = Math.max(2, period + 1); // values before a held-out window
  const windows = series.map((y) => Math.max(0, Math.min(validationWindows, Math.floor((y.length - minimum) / horizon))));
  return { windows, cutoffs: series.map((y, i) => y.length - windows[i] * horizon), minimum };
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
  const { windows, cutoffs, minimum } = heldOutCutoffs(series, horizon, period, k);
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

  // 2. held-out forecasts of every candidate (and, with an anchor, of its mean with each
  // other candidate): window j starts at cutoff + j · horizon
  const anchor = settings.choice === 'series' && settings.anchor !== undefined && candidates.includes(settings.anchor) ? settings.anchor : undefined;
  const validated = windows.map((w) => w > 0);
  const heldOut = { errors: series.map((): ErrorsOf => ({})), scores: {} as ScoresOf };
  const paired = { errors: series.map((): ErrorsOf => ({})), scores: {} as ScoresOf };
  for (let j = 0; j < k; j++) {
    // window j of k ends (k - j - 1) horizons before the end; a series with fewer windows has the last ones
    const origins = series.map((y) => y.length - (k - j) * horizon);
    const idx = series.map((_, i) => i).filter((i) => windows[i] >= k - j);
    const gruMeans = globalForecasts(gru, series, origins.map((o) => Math.max(1, o)), nonNegative);
    const stats = await runStats(idx.map((i) => series[i].slice(0, origins[i])), `Statistical methods, held-out window ${j + 1} of ${k} (${methods.join(', ')})`);
    idx.forEach((i, r) => {
      const means = candidateMeans(candidates, gruMeans[i], stats[r]);
      const actual = { values: series[i], start: origins[i], scale: scales[i] };
      const anchored = anchor === undefined ? undefined : means[anchor];
      for (const c of candidates) {
        const m = means[c];
        if (m === undefined) continue;
        recordError(heldOut, i, c, actual, m);
        if (anchored !== undefined && c !== anchor) recordError(paired, i, c, actual, m.map((f, h) => (f + anchored[h]) / 2));
      }
    });
  }
  const widths = widthsOf(heldOut.scores, candidates, levels);
  const pairWidths = widthsOf(paired.scores, candidates, levels);

  // 3. the choice: per series, or one for the collection (series-choice.ts)
  const validations = meanErrors(heldOut.errors, candidates, windows);
  const choices = chooseModels(series.map((y) => y.length), validations, validated, meanErrors(paired.errors, candidates, windows), {
    candidates, choice: settings.choice, ...(anchor !== undefined ? { anchor } : {}), horizon, period, minimum,
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

  const calibrated = (w: Record<number, number[]> | undefined): w is Record<number, number[]> => w !== undefined && levels.every((l) => w[l].every(Number.isFinite));
  // every candidate's and reference's final forecast, with intervals (conformal where it has held-out errors, else its own)
  const all = series.map((_, i): Partial<Record<Candidate, CandidateForecast>> => {
    const stats = finalStats[i];
    const means = candidateMeans([...new Set<Candidate>([...candidates, ...REFERENCES])], finalGru[i], stats);
    const out: Partial<Record<Candidate, CandidateForecast>> = {};
    for (const [c, mean] of Object.entries(means) as Array<[Candidate, number[]]>) {
      const own = c === 'gru' || c === 'combination' ? undefined : stats.forecasts[c];
      const w = widths[c];
      out[c] = {
        model: own?.method ?? CANDIDATE_LABELS[c],
        mean,
        // conformal where the held-out errors suffice, else the method's own intervals (none for the GRU)
        intervals: calibrated(w) ? conformalIntervals(mean, finalScales[i], w, levels, nonNegative[i]) : (own?.intervals ?? []),
      };
    }
    return out;
  });

  const forecasts = series.map((_, i): SeriesForecast => {
    const { candidate, anchor: pairedWith, why, validation } = choices[i];
    const chosen = all[i][candidate];
    const partner = pairedWith === undefined ? undefined : all[i][pairedWith];
    if (chosen !== undefined && partner !== undefined && pairedWith !== undefined) {
      // the mean of the winner's and the anchor's forecasts, its intervals from the pair's own held-out errors
      const mean = chosen.mean.map((f, h) => (f + partner.mean[h]) / 2);
      const w = pairWidths[candidate];
      return {
        candidate, anchor: pairedWith, model: `Mean of ${partner.model} and ${chosen.model}`, why, validation, mean,
        intervals: calibrated(w) ? conformalIntervals(mean, finalScales[i], w, levels, nonNegative[i]) : [],
      };
    }
    if (chosen !== undefined) return { candidate, ...chosen, why: partner === undefined && pairedWith !== undefined ? `${why}; ${CANDIDATE_LABELS[pairedWith]} failed on all values, so ${CANDIDATE_LABELS[candidate]} alone` : why, validation };
    // the chosen method failed on all values (it forecast the held-out window): the GRU stands in
    const failure = finalStats[i].failures[candidate as BaselineMethod] ?? 'no forecast';
    return { candidate: 'gru', ...(all[i].gru as CandidateForecast), why: `${why}; ${CANDIDATE_LABELS[candidate]} failed on all values (${failure}), so the GRU forecasts`, validation };
  });
  return { forecasts, candidates: all, gru, widths, seconds: { gru: gruSeconds, baselines: baselineMs / 1000, total: (Date.now() - started) / 1000 } };
}
