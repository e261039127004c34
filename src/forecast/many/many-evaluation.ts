/**
 * Scoring a collection's forecasts the way M4 scored them: sMAPE and MASE per series,
 * averaged; OWA relative to Naive2; MSIS and the empirical coverage of the intervals; for
 * grulab's forecast (each series by the model chosen for it) and for every candidate and
 * reference beside it.
 */
import { coverage, mase, msis, owa, smape } from '../../metrics/m4';
import { CANDIDATE_LABELS, type Candidate, type ManyFit } from './fit-many';

/** One method's measures averaged over the series it forecast. */
export interface MethodScore {
  /** `'grulab'` (each series by its chosen model), or the candidate's name. */
  method: string;
  /** Series scored (a method that failed on a series is not scored there). */
  series: number;
  smape: number;
  mase: number;
  /** `(sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2` over the same series; `NaN` without Naive2. */
  owa: number;
  /** MSIS at 95 % (M4's interval score), when the method has a 95 % interval. */
  msis?: number;
  /** Share of actual values inside each level's interval, by level. */
  coverage: Record<number, number>;
}

/** One series' measures of grulab's forecast. */
export interface SeriesScore {
  id: string;
  model: string;
  why: string;
  smape: number;
  mase: number;
  msis?: number;
  coverage: Record<number, number>;
}

/** What the many-series forecaster's `evaluate` returns. */
export interface ManyEvaluation {
  horizon: number;
  period: number;
  levels: number[];
  /** grulab first, then each candidate and reference, by OWA. */
  methods: MethodScore[];
  series: SeriesScore[];
  /** How many series each model forecast in grulab's forecast. */
  chosen: Record<string, number>;
  /** Where the actual values came from: a given test table, or the last `horizon` values held out and refitted without. */
  source: 'test' | 'holdout';
  /** Seconds of the fit that was scored. */
  seconds: ManyFit['seconds'];
}

interface Scored {
  smape: number;
  mase: number;
  msis?: number;
  coverage: Record<number, number>;
}

function scoreOne(actual: readonly number[], training: readonly number[], period: number, mean: readonly number[], intervals: ReadonlyArray<{ level: number; lower: number[]; upper: number[] }>): Scored {
  const cov: Record<number, number> = {};
  for (const i of intervals) cov[i.level] = coverage(actual, i.lower, i.upper);
  const i95 = intervals.find((i) => i.level === 95);
  return {
    smape: smape(actual, mean),
    mase: mase(actual, mean, training, period),
    ...(i95 !== undefined ? { msis: msis(actual, i95.lower, i95.upper, training, period, 95) } : {}),
    coverage: cov,
  };
}

function average(method: string, rows: Scored[], reference: Scored[] | undefined, levels: number[]): MethodScore {
  const mean = (pick: (s: Scored) => number | undefined): number => rows.reduce((a, s) => a + (pick(s) ?? NaN), 0) / rows.length;
  const coverageByLevel: Record<number, number> = {};
  for (const level of levels) if (rows.every((r) => r.coverage[level] !== undefined)) coverageByLevel[level] = mean((s) => s.coverage[level]);
  const own = { smape: mean((s) => s.smape), mase: mean((s) => s.mase) };
  const ref = reference !== undefined && reference.length === rows.length ? { smape: reference.reduce((a, s) => a + s.smape, 0) / rows.length, mase: reference.reduce((a, s) => a + s.mase, 0) / rows.length } : undefined;
  const msisMean = rows.every((r) => r.msis !== undefined) ? mean((s) => s.msis) : undefined;
  return { method, series: rows.length, ...own, owa: ref !== undefined ? owa(own, ref) : NaN, ...(msisMean !== undefined ? { msis: msisMean } : {}), coverage: coverageByLevel };
}

/**
 * Scores a fit's forecasts against the actual values that followed each series.
 *
 * @param fit what `fitMany` returned for these series.
 * @param ids the series' ids, in the fit's order.
 * @param training each series' values the fit saw.
 * @param actual each series' next `horizon` values.
 * @param settings `horizon`, `period` (MASE's seasonal lag) and the interval `levels`.
 * @param source where the actual values came from.
 * @throws Error when a series' actual values are not `horizon` long.
 */
export function scoreMany(
  fit: ManyFit,
  ids: readonly string[],
  training: ReadonlyArray<readonly number[]>,
  actual: ReadonlyArray<readonly number[]>,
  settings: { horizon: number; period: number; levels: number[] },
  source: 'test' | 'holdout',
): ManyEvaluation {
  const { horizon, period, levels } = settings;
  actual.forEach((a, i) => {
    if (a.length !== horizon) throw new Error(`evaluate: series '${ids[i]}' has ${a.length} actual values after its end, expected ${horizon} (the horizon)`);
  });
  const chosen: Record<string, number> = {};
  const grulab = fit.forecasts.map((f, i) => {
    chosen[f.model] = (chosen[f.model] ?? 0) + 1;
    return scoreOne(actual[i], training[i], period, f.mean, f.intervals);
  });
  const names = new Set<Candidate>();
  fit.candidates.forEach((c) => Object.keys(c).forEach((k) => names.add(k as Candidate)));
  const byCandidate = new Map<Candidate, Array<Scored | undefined>>();
  for (const name of names) {
    byCandidate.set(name, fit.candidates.map((c, i) => {
      const f = c[name];
      return f === undefined ? undefined : scoreOne(actual[i], training[i], period, f.mean, f.intervals);
    }));
  }
  const naive2 = byCandidate.get('naive2');
  const methods: MethodScore[] = [];
  const complete = (rows: Array<Scored | undefined>): rows is Scored[] => rows.every((r) => r !== undefined);
  methods.push(average('grulab', grulab, naive2 !== undefined && complete(naive2) ? naive2 : undefined, levels));
  const others: MethodScore[] = [];
  for (const [name, rows] of byCandidate) {
    const kept = rows.map((r, i) => [r, naive2?.[i]] as const).filter(([r, n]) => r !== undefined && n !== undefined) as Array<readonly [Scored, Scored]>;
    if (kept.length === 0) continue;
    others.push(average(CANDIDATE_LABELS[name], kept.map(([r]) => r), kept.map(([, n]) => n), levels));
  }
  others.sort((a, b) => (Number.isNaN(a.owa) ? 1 : Number.isNaN(b.owa) ? -1 : a.owa - b.owa));
  methods.push(...others);
  const series = fit.forecasts.map((f, i): SeriesScore => ({ id: ids[i], model: f.model, why: f.why, ...grulab[i] }));
  return { horizon, period, levels, methods, series, chosen, source, seconds: fit.seconds };
}
