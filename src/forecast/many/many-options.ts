/**
 * The many-series forecaster's options: what a user passes, their defaults (settled from the
 * data: the season from the frequency, the window from the season and the series' lengths),
 * and their checks.
 */
import type { DataFrame } from 'danfojs-node';
import { checkPositiveInteger } from '../../base/checks';
import { describe } from '../../base/describe';
import { BASELINE_METHODS } from '../../baselines/baseline-methods';
import type { Frequency } from '../../data/calendar';
import type { TimeKind } from '../../data/panel';
import type { ReadOptions } from '../../data/read-options';
import type { TrainingObserver } from '../../training/observer';
import type { Candidate, ManySettings } from './fit-many';

/** Options of the many-series forecaster (`forecaster({ id, ... })`). Give `data` or `csv`, and `id` and `target`. */
export interface ManyForecasterOptions extends ReadOptions {
  /** The table in long format as a danfojs DataFrame. Give this or `csv`. */
  data?: DataFrame;
  /** Path of the table in long format (CSV). Give this or `data`. */
  csv?: string;
  /** The column naming each series, or several columns that together name it. */
  id: string | string[];
  /** The column to forecast. */
  target: string;
  /** The time column (dates, or integer steps). Default: the first of `ds`, `Date`, `date`, `time`, `timestamp`, `step`. */
  time?: string;
  /** `'date'` or `'step'`; default: steps when every time is an integer that is not a four-digit year. */
  timeKind?: TimeKind;
  /** Steps to forecast after each series' end. Default `1`. */
  horizon?: number;
  /**
   * Season length in steps. Default: from the dates' frequency (24 hourly, 7 daily, 12 monthly,
   * 4 quarterly, 1 weekly and yearly, as M4 ran them); `1` for integer steps.
   */
  period?: number;
  /** Prediction interval levels in percent. Default `[80, 95]`. */
  levels?: number[];
  /**
   * What may forecast a series, chosen per series on its held-out last stretch (ties go to
   * the first listed): `'gru'` (the global model), the statistical methods (`'ets'`,
   * `'theta'`, `'comb'`, `'naive2'`, `'seasonalNaive'`, `'naive'`, `'ses'`, `'holt'`,
   * `'damped'`, `'arima'`), `'combination'` (the mean of the GRU, ETS and Theta).
   * Default {@link DEFAULT_CANDIDATES}, and `'arima'` too below {@link PER_SERIES_CHOICE_BELOW}
   * series with a season of 12 or less.
   */
  candidates?: Candidate[];
  /**
   * Held-out windows of `horizon` steps at the end of each series (rolling origin), for the
   * choice and the intervals. Default: 1 for 50 series or more, else 3 (a handful of series
   * needs more held-out errors per series).
   */
  validationWindows?: number;
  /**
   * How the held-out comparison chooses: `'series'`, each series its own winner; or
   * `'collection'`, one candidate for every series: the first listed, unless another's mean
   * held-out MASE over all series is lower by more than one standard error of the per-series
   * differences. Default: `'series'` below {@link PER_SERIES_CHOICE_BELOW} series, else
   * `'collection'` (with one held-out window per series, a per-series winner is mostly
   * noise: on M4's weekly set it cost 0.016 OWA against the GRU alone).
   */
  choice?: 'series' | 'collection';
  /**
   * With `choice: 'series'`: the candidate averaged with each series' held-out winner (the
   * anchor alone where it wins itself), or `'none'` for the winner alone. Default `'ets'`
   * when ETS is a candidate. Measured on R's monthly and quarterly datasets (8, 4 and 8
   * series): the winner alone lost to ETS alone on 8 monthly series (OWA 0.700 against 0.655).
   */
  anchor?: Candidate | 'none';
  /** Input window in steps. Default: 7 seasons (hourly: a week), or 8 horizons without a season, at most the median series length. */
  window?: number;
  /** Values read per GRU step. Default: the season (a day of hourly values per step), or a patch that keeps 26 steps at most. */
  patch?: number;
  /** Units of each GRU layer. Default `[64]`. */
  units?: number[];
  /** Training epochs (early stopping on the held-out windows, patience 3). Default `10`. */
  epochs?: number;
  /** Batch size. Default `64`. */
  batchSize?: number;
  /** Adam's learning rate. Default `0.001`. */
  learningRate?: number;
  /** Training windows drawn from each series. Default `256`. */
  windowsPerSeries?: number;
  /**
   * Networks trained from seeds `seed`, `seed + 1`, ... and averaged. Default `1`, and `3`
   * below {@link PER_SERIES_CHOICE_BELOW} series (there a network trains in seconds, and one
   * network's seed moved the OWA of 8 monthly series from 0.650 to 0.721; three: 0.650 to 0.658).
   */
  ensemble?: number;
  /** Seed of the windows drawn, the weights and the batch order. Default `42`. */
  seed?: number;
  /** Worker threads for the statistical methods. Default: 2 (or the machine's cores, if fewer). */
  threads?: number;
  /** `1`: progress for training and for every long phase; `0`: quiet. Default `1`. */
  verbose?: 0 | 1;
  /** Extra training observers. */
  observer?: TrainingObserver | TrainingObserver[];
}

/** Collections of fewer series than this choose a model per series by default; larger ones, one for all. */
export const PER_SERIES_CHOICE_BELOW = 50;

/** The candidates by default, in order of preference on ties. */
export const DEFAULT_CANDIDATES: readonly Candidate[] = ['gru', 'ets', 'theta', 'comb', 'combination'];

/** Every candidate name. */
export const CANDIDATES: readonly Candidate[] = ['gru', 'combination', ...BASELINE_METHODS];

/** The options with every default settled for a panel: `fitMany`'s settings but the display. */
export type ManyConfig = Omit<ManySettings, 'verbose' | 'observer'>;

/**
 * The season length M4 used for each frequency (and statsforecast's usual ones): 24 for
 * hourly data, 7 daily, 12 monthly, 4 quarterly, 1 weekly (M4's weekly benchmark has no
 * season) and yearly; a day's worth of minutes.
 *
 * @example
 * periodOf({ unit: 'hour', step: 1 }); // => 24
 */
export function periodOf(frequency: Frequency | undefined): number {
  if (frequency === undefined) return 1;
  const { unit, step } = frequency;
  const perDay = unit === 'minute' ? (24 * 60) / step : unit === 'hour' ? 24 / step : 0;
  if (perDay > 0) return Number.isInteger(perDay) ? perDay : 1;
  const seasons: Record<string, number> = { day: 7, week: 1, month: 12, quarter: 4, year: 1 };
  return step === 1 ? (seasons[unit] ?? 1) : 1;
}

function levelsOf(levels: unknown): number[] {
  if (!Array.isArray(levels) || levels.length === 0 || levels.some((l) => typeof l !== 'number' || !(l > 0 && l < 100))) {
    throw new Error(`forecaster: levels must be percentages between 0 and 100 such as [80, 95], got ${describe(levels)}`);
  }
  return [...new Set(levels as number[])].sort((a, b) => a - b);
}

function choiceOf(choice: unknown): 'series' | 'collection' {
  if (choice !== 'series' && choice !== 'collection') throw new Error(`forecaster: choice must be 'series' or 'collection', got ${describe(choice)}`);
  return choice;
}

function anchorOf(anchor: unknown, candidates: readonly Candidate[], choice: 'series' | 'collection'): Candidate | undefined {
  if (anchor === 'none' || choice === 'collection') return undefined;
  if (anchor === undefined) return candidates.includes('ets') ? 'ets' : undefined;
  if (!candidates.includes(anchor as Candidate)) throw new Error(`forecaster: anchor must be 'none' or one of the candidates (${candidates.map((n) => `'${n}'`).join(', ')}), got ${describe(anchor)}`);
  return anchor as Candidate;
}

function candidatesOf(candidates: unknown): Candidate[] {
  if (!Array.isArray(candidates) || candidates.length === 0) throw new Error(`forecaster: candidates must be a non-empty list such as ['gru', 'ets', 'theta'], got ${describe(candidates)}`);
  for (const c of candidates) {
    if (!CANDIDATES.includes(c as Candidate)) throw new Error(`forecaster: unknown candidate ${describe(c)}; the candidates are ${CANDIDATES.map((n) => `'${n}'`).join(', ')}`);
  }
  return [...new Set(candidates as Candidate[])];
}

/**
 * Checks the options and settles every default for series of these lengths and frequency.
 *
 * @param options what the user passed.
 * @param lengths the series' lengths.
 * @param frequency the dates' frequency (`undefined` for integer steps).
 * @throws Error naming the option, the value received and what was expected.
 */
export function settleManyOptions(options: ManyForecasterOptions, lengths: number[], frequency: Frequency | undefined): ManyConfig {
  const positive = (name: string, value: unknown): number => checkPositiveInteger('forecaster', name, value);
  const horizon = positive('horizon', options.horizon ?? 1);
  const period = positive('period', options.period ?? periodOf(frequency));
  const sorted = [...lengths].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 1;
  const wanted = options.window ?? (period > 1 ? 7 * period : Math.max(8 * horizon, 26));
  let window = positive('window', Math.min(wanted, Math.max(period, median)));
  const patch = positive('patch', options.patch ?? (period >= 2 && period <= 48 && window >= 2 * period ? period : Math.max(1, Math.ceil(window / 26))));
  if (options.window !== undefined && window % patch !== 0) throw new Error(`forecaster: window (${window}) must be a multiple of patch (${patch})`);
  window = Math.max(patch, Math.floor(window / patch) * patch);
  const units = options.units ?? [64];
  if (!Array.isArray(units) || units.length === 0) throw new Error(`forecaster: units must be a non-empty array such as [64], got ${describe(units)}`);
  units.forEach((u, i) => positive(`units[${i}]`, u));
  const learningRate = options.learningRate ?? 0.001;
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`forecaster: learningRate must be a positive finite number, got ${describe(learningRate)}`);
  }
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new Error(`forecaster: seed must be an integer, got ${describe(seed)}`);
  const few = lengths.length < PER_SERIES_CHOICE_BELOW;
  // AutoARIMA's seasonal search is slow on long seasons: 40 of M4's hourly series (season 24)
  // took over 5 minutes with it, so it joins the default candidates for a season of 12 or less
  const candidates = candidatesOf(options.candidates ?? (few && period <= 12 ? [...DEFAULT_CANDIDATES, 'arima'] : DEFAULT_CANDIDATES));
  const choice = choiceOf(options.choice ?? (few ? 'series' : 'collection'));
  const anchor = anchorOf(options.anchor, candidates, choice);
  return {
    horizon,
    period,
    levels: levelsOf(options.levels ?? [80, 95]),
    candidates,
    validationWindows: positive('validationWindows', options.validationWindows ?? (few ? 3 : 1)),
    choice,
    ...(anchor !== undefined ? { anchor } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    gru: {
      length: window, patch, horizon, period, clip: Infinity, scaling: 'window',
      units: units.slice(), highway: true,
      epochs: positive('epochs', options.epochs ?? 10),
      batchSize: positive('batchSize', options.batchSize ?? 64),
      learningRate,
      windowsPerSeries: positive('windowsPerSeries', options.windowsPerSeries ?? 256),
      patience: 3,
      ensemble: positive('ensemble', options.ensemble ?? (few ? 3 : 1)),
      seed,
    },
  };
}
