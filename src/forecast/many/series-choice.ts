/**
 * Which candidate forecasts each series, from every candidate's held-out MASE: one winner for
 * the whole collection, or each series its own; and, per series with an anchor (ETS by
 * default), the mean of the anchor and the series' winner.
 *
 * Why the anchor: a handful of series gives each a few held-out windows, and a winner picked
 * on so few errors is often luck (on R's monthly and quarterly datasets, the per-series winner
 * alone lost to ETS alone on 8 monthly series, 0.700 OWA against 0.655). Averaging the
 * winner with a strong default keeps what the held-out windows found and halves the cost of
 * a lucky pick, the way combined forecasts won M4 (most of its top ten combined methods).
 */
import type { BaselineMethod } from '../../baselines/baseline-methods';
import { simplestWithinOneStandardError } from '../model-choice';

/** What may forecast a series: the global GRU, a statistical method, or the mean of the GRU, ETS and Theta. */
export type Candidate = 'gru' | BaselineMethod | 'combination';

/** How reports name each candidate. */
export const CANDIDATE_LABELS: Record<Candidate, string> = {
  gru: 'GRU (global)', combination: 'Mean of GRU, ETS, Theta', naive: 'Naive', seasonalNaive: 'Seasonal naive', naive2: 'Naive2',
  theta: 'Theta', ets: 'ETS', ses: 'SES', holt: 'Holt', damped: 'Damped', comb: 'Comb (SES, Holt, Damped)', arima: 'AutoARIMA',
};

/** Each candidate's held-out MASE on one series (missing: it could not forecast every held-out window). */
export type Validation = Partial<Record<Candidate, number>>;

/** How one series' forecast is chosen. */
export interface SeriesChoice {
  /** The candidate that forecasts the series (with `anchor`: the one averaged with it). */
  candidate: Candidate;
  /** When set, the forecast is the mean of this candidate's and `candidate`'s. */
  anchor?: Candidate;
  /** Why, in words for the report. */
  why: string;
  validation: Validation;
}

/** What {@link chooseModels} needs to know. */
export interface ChoiceSettings {
  /** In order of preference on ties. */
  candidates: readonly Candidate[];
  choice: 'series' | 'collection';
  /** With `choice: 'series'`: averaged with each series' winner (alone when it wins itself). */
  anchor?: Candidate;
  horizon: number;
  period: number;
  /** Values a series needs before its first held-out window. */
  minimum: number;
}

/**
 * One candidate for the whole collection: the first listed (the preferred) whose mean
 * held-out MASE, over the series every candidate forecast, is within one standard error of
 * the paired per-series differences of the lowest mean's (`model-choice.ts`). With one
 * held-out window per series a lower mean is often that window's luck: on M4's weekly set
 * the mean of the GRU, ETS and Theta won two seeds in four by a hair and lost on the test
 * part (OWA 0.83 against the GRU's 0.75).
 */
function collectionChoice(candidates: readonly Candidate[], validations: readonly Validation[]): { chosen: Candidate; means: { candidate: Candidate; mase: number }[] } | undefined {
  const complete = candidates.filter((c) => validations.some((v) => Number.isFinite(v[c])));
  const shared = validations.filter((v) => complete.every((c) => Number.isFinite(v[c])));
  if (complete.length === 0 || shared.length === 0) return undefined;
  const losses = complete.map((c) => shared.map((v) => v[c] as number));
  const means = complete.map((candidate, k) => ({ candidate, mase: losses[k].reduce((a, b) => a + b, 0) / shared.length }));
  return { chosen: complete[simplestWithinOneStandardError(losses)], means };
}

/**
 * Chooses each series' forecast from the candidates' held-out MASE.
 *
 * @param lengths each series' length.
 * @param validations each series' held-out MASE per candidate.
 * @param validated whether each series had a held-out window at all.
 * @param pairs with an anchor: each series' held-out MASE of the anchor's and each other candidate's mean.
 * @param settings see {@link ChoiceSettings}.
 * @returns per series, the candidate (and the anchor it is averaged with) and why.
 * @example
 * chooseModels([100], [{ ets: 1.2, theta: 0.9 }], [true], [{ theta: 1.0 }],
 *   { candidates: ['ets', 'theta'], choice: 'series', anchor: 'ets', horizon: 8, period: 4, minimum: 5 })[0];
 * // => { candidate: 'theta', anchor: 'ets', why: 'lowest held-out MASE: Theta 0.900 against ETS 1.200; averaged with ETS (mean: 1.000)', ... }
 */
export function chooseModels(
  lengths: readonly number[],
  validations: readonly Validation[],
  validated: readonly boolean[],
  pairs: readonly Validation[],
  settings: ChoiceSettings,
): SeriesChoice[] {
  const { candidates, horizon, period, minimum } = settings;
  const pooled = settings.choice === 'collection' ? collectionChoice(candidates, validations) : undefined;
  const anchor = settings.choice === 'series' ? settings.anchor : undefined;
  return lengths.map((n, i): SeriesChoice => {
    const validation = validations[i];
    const ranked = candidates.filter((c) => validation[c] !== undefined && Number.isFinite(validation[c])).sort((a, b) => (validation[a] as number) - (validation[b] as number));
    if (ranked.length === 0) {
      const fallback: Candidate = n > period && period > 1 ? 'seasonalNaive' : 'naive';
      const why = validated[i]
        ? `no candidate could forecast its held-out window; ${CANDIDATE_LABELS[fallback]} instead`
        : `too short for a held-out window (${n} values; ${horizon + minimum} needed): ${CANDIDATE_LABELS[fallback]}`;
      return { candidate: fallback, why, validation };
    }
    if (pooled !== undefined && validation[pooled.chosen] !== undefined) {
      const mean = (c: Candidate): number => pooled.means.find((m) => m.candidate === c)?.mase ?? NaN;
      const lowest = [...pooled.means].sort((a, b) => a.mase - b.mase)[0];
      const others = pooled.means.filter((m) => m.candidate !== pooled.chosen).sort((a, b) => a.mase - b.mase)[0];
      const head = `one model for the collection (${lengths.length} series): ${CANDIDATE_LABELS[pooled.chosen]}, mean held-out MASE ${mean(pooled.chosen).toFixed(3)}`;
      const why = lowest.candidate === pooled.chosen
        ? `${head}, the lowest${others === undefined ? '' : ` (${CANDIDATE_LABELS[others.candidate]} ${others.mase.toFixed(3)})`}`
        : `${head}; ${CANDIDATE_LABELS[lowest.candidate]}'s ${lowest.mase.toFixed(3)} is lower by less than one standard error of the per-series differences`;
      return { candidate: pooled.chosen, why, validation };
    }
    const best = ranked[0];
    const mase = (c: Candidate): string => (validation[c] as number).toFixed(3);
    if (anchor !== undefined && best !== anchor && validation[anchor] !== undefined) {
      const pair = pairs[i][best];
      return {
        candidate: best, anchor, validation,
        why: `lowest held-out MASE: ${CANDIDATE_LABELS[best]} ${mase(best)} against ${CANDIDATE_LABELS[anchor]} ${mase(anchor)}; averaged with ${CANDIDATE_LABELS[anchor]}${pair === undefined ? '' : ` (mean: ${pair.toFixed(3)})`}`,
      };
    }
    const runnerUp = ranked[1];
    const why = runnerUp === undefined
      ? `the only candidate with a held-out forecast (MASE ${mase(best)})`
      : `lowest held-out MASE: ${mase(best)} against ${CANDIDATE_LABELS[runnerUp]} ${mase(runnerUp)}`;
    return { candidate: best, why, validation };
  });
}
