/**
 * Words a comparison from its numbers: two or more named samples (one value per seed, or per
 * timing repeat) become their centres with a spread, "won in k of n", whether the intervals
 * overlap, and one sentence that says which is ahead only when the intervals are apart, and
 * "within noise" otherwise. Notebooks print this sentence instead of writing a ranking into
 * their markdown.
 *
 * The interval of a sample is its mean ± one sample standard deviation (`center: 'mean'`),
 * or its interquartile range around the median (`center: 'median'`, for timings, where one
 * slow repeat should not move the centre). Two samples are apart when their intervals do not
 * touch. Value `i` of every sample is taken to come from the same seed or the same timing
 * round, so "won in k of n" compares them round by round.
 */
import { checkSample, mean, quantile, standardDeviation } from '../base/sample-statistics';

/** Options of {@link compareSamples}. */
export interface CompareSamplesOptions {
  /** What the values measure, as the sentence names it: `'held-out MAE'`, `'ms per epoch'`. */
  metric: string;
  /** Which way is better: `'lower'` (errors, losses, times; the default) or `'higher'` (accuracy, F1). */
  better?: 'lower' | 'higher';
  /** `'mean'` (mean ± standard deviation, the default) or `'median'` (median and interquartile range). */
  center?: 'mean' | 'median';
  /** What one value of a sample stands for, in the plural: `'seeds'` (default), `'repeats'`. */
  over?: string;
  /**
   * How the sentence says that a sample is ahead, after its name: default "has the lower
   * {metric}" (or "higher"); `'is faster'` for times, `'learns sooner'` for epochs to a threshold.
   */
  phrase?: string;
  /** Decimals of every printed number; default: 3 significant digits. */
  digits?: number;
}

/** One sample's centre and interval, as {@link compareSamples} reports it. */
export interface SampleSummary {
  name: string;
  values: number[];
  /** The mean or the median. */
  center: number;
  /** The standard deviation, or the interquartile range's width. */
  spread: number;
  /** The interval the overlap test uses: `center ± spread` for the mean, the quartiles for the median. */
  low: number;
  high: number;
  /** `'0.225 ± 0.041'` or `'0.68 [0.66, 0.70]'`. */
  text: string;
}

/** The leader against one other sample. */
export interface PairVerdict {
  /** The sample with the better centre. */
  better: string;
  worse: string;
  /** Rounds (seeds, repeats) in which `better`'s value is strictly better. */
  wins: number;
  of: number;
  /** Whether the two intervals touch. */
  overlap: boolean;
}

/** What {@link compareSamples} returns. */
export interface Comparison {
  /** Every sample, in the order given. */
  samples: SampleSummary[];
  /** Names, best centre first. */
  ranking: string[];
  /** `ranking[0]`. */
  leader: string;
  /** The leader against each other sample, in ranking order. */
  pairs: PairVerdict[];
  /** `'apart'`: the leader's interval touches no other; `'within noise'`: it touches one; `'no spread'`: one value each. */
  verdict: 'apart' | 'within noise' | 'no spread';
  /** The numbers: "held-out MAE, mean ± standard deviation over 5 seeds: GRU 1.65 ± 0.17, LSTM 3.47 ± 0.69". */
  summary: string;
  /** The numbers and the verdict in one sentence (see the examples of {@link compareSamples}). */
  sentence: string;
}

/**
 * `digits` decimals, or `3 + extra` significant digits when `digits` is not given (`extra` decimals more
 * with `digits`); exponents only for very large or small values.
 */
function formatNumber(value: number, digits: number | undefined, extra: number): string {
  if (digits !== undefined) return value.toFixed(digits + extra);
  const size = Math.abs(value);
  if (value === 0) return '0';
  if (size >= 1e5 || size < 1e-3) return value.toExponential(2 + extra);
  if (size >= 100) return value.toFixed(extra);
  return value.toPrecision(3 + extra);
}

function summarize(name: string, values: number[], center: 'mean' | 'median'): SampleSummary {
  if (center === 'mean') {
    const m = mean(values);
    const sd = standardDeviation(values);
    return { name, values, center: m, spread: sd, low: m - sd, high: m + sd, text: '' };
  }
  const [q1, mid, q3] = [0.25, 0.5, 0.75].map((q) => quantile(values, q));
  return { name, values, center: mid, spread: q3 - q1, low: q1, high: q3, text: '' };
}

/** The printed form of a summary, and the interval a reader would compute from it. */
function printed(s: SampleSummary, center: 'mean' | 'median', digits: number | undefined, extra: number): { text: string; low: number; high: number } {
  const f = (v: number): string => formatNumber(v, digits, extra);
  if (center === 'mean') {
    const [c, sd] = [f(s.center), f(s.spread)];
    return { text: `${c} ± ${sd}`, low: Number(c) - Number(sd), high: Number(c) + Number(sd) };
  }
  const [c, q1, q3] = [f(s.center), f(s.low), f(s.high)];
  return { text: `${c} [${q1}, ${q3}]`, low: Number(q1), high: Number(q3) };
}

/**
 * Compares named samples over seeds or repeats and words the result: each centre with its
 * spread, in how many rounds the leader is ahead of each other sample, whether their
 * intervals overlap, and a sentence that ranks them only when the intervals are apart.
 *
 * @param samples one array per name, all of the same length: value `i` of every sample from
 *   seed (or timing round) `i`. At least two names; names are printed as given (avoid names
 *   that are integers, which JavaScript objects reorder).
 * @param options what the values are and which way is better (see {@link CompareSamplesOptions}).
 * @returns {@link Comparison}, whose `sentence` is ready to print.
 * @throws Error when there are fewer than two samples, a sample is empty or holds a value
 *   that is not a finite number (naming it and the index), or the samples differ in length.
 * @example
 * compareSamples({ GRU: [0.21, 0.25, 0.22, 0.24, 0.23], LSTM: [0.38, 0.45, 0.41, 0.36, 0.45] }, { metric: 'error' }).sentence;
 * // => 'error, mean ± standard deviation over 5 seeds: GRU 0.230 ± 0.0158, LSTM 0.410 ± 0.0406; GRU has the lower error in 5 of 5 seeds, and the intervals do not overlap.'
 * compareSamples({ GRU: [131, 140, 128, 133, 150], LSTM: [115, 138, 129, 141, 117] }, { metric: 'ms per epoch', center: 'median', over: 'repeats', phrase: 'is faster' }).sentence;
 * // => 'ms per epoch, median [interquartile range] over 5 repeats: GRU 133 [131, 140], LSTM 129 [117, 138]; LSTM is faster in 3 of 5 repeats, but the intervals overlap: within noise.'
 * @see notebooks/01-gru-basics.ipynb
 */
export function compareSamples(samples: Record<string, ArrayLike<number>>, options: CompareSamplesOptions): Comparison {
  const fn = 'compareSamples';
  if (samples === null || typeof samples !== 'object') throw new Error(`${fn}: samples must be an object of named arrays, got ${String(samples)}`);
  const names = Object.keys(samples);
  if (names.length < 2) throw new Error(`${fn}: samples must name at least two samples to compare, got ${names.length} (${names.join(', ') || 'none'})`);
  if (options === null || typeof options !== 'object' || typeof options.metric !== 'string' || options.metric.trim() === '') {
    throw new Error(`${fn}: options.metric must name what the values measure, got ${String(options?.metric)}`);
  }
  const { metric, better = 'lower', center = 'mean', over = 'seeds', digits } = options;
  if (better !== 'lower' && better !== 'higher') throw new Error(`${fn}: options.better must be 'lower' or 'higher', got ${String(better)}`);
  if (center !== 'mean' && center !== 'median') throw new Error(`${fn}: options.center must be 'mean' or 'median', got ${String(center)}`);
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 0 && digits <= 20)) {
    throw new Error(`${fn}: options.digits must be an integer from 0 to 20, got ${String(digits)}`);
  }
  const values = names.map((name) => Array.from(checkSample(fn, `samples[${JSON.stringify(name)}]`, samples[name])));
  const n = values[0].length;
  if (values.some((v) => v.length !== n)) {
    throw new Error(`${fn}: every sample must hold one value per ${over === 'seeds' ? 'seed' : 'round'}, the same number each; got ${names.map((name, i) => `${name} ${values[i].length}`).join(', ')}`);
  }
  const phrase = options.phrase ?? `has the ${better} ${metric}`;
  const summaries = names.map((name, i) => summarize(name, values[i], center));
  const sign = better === 'lower' ? 1 : -1;
  const ranked = [...summaries].sort((a, b) => sign * (a.center - b.center));
  const leader = ranked[0];
  const pairs: PairVerdict[] = ranked.slice(1).map((other) => ({
    better: leader.name,
    worse: other.name,
    wins: leader.values.filter((v, i) => sign * (v - other.values[i]) < 0).length,
    of: n,
    overlap: leader.low <= other.high && other.low <= leader.high,
  }));
  const verdict: Comparison['verdict'] = n < 2 ? 'no spread' : pairs.some((p) => p.overlap) ? 'within noise' : 'apart';
  // Print with as many more digits as it takes (up to 4) for the printed intervals to overlap exactly where the
  // exact ones do: rounding must not show two touching intervals for a pair judged apart, or the reverse.
  for (let extra = 0; extra <= 4; extra++) {
    const shown = new Map(summaries.map((s) => [s.name, printed(s, center, digits, extra)]));
    for (const s of summaries) s.text = shown.get(s.name)!.text;
    const a = shown.get(leader.name)!;
    const agrees = pairs.every((p) => {
      const b = shown.get(p.worse)!;
      return (a.low <= b.high && b.low <= a.high) === p.overlap;
    });
    if (agrees) break;
  }
  const centerWords = center === 'mean' ? 'mean ± standard deviation' : 'median [interquartile range]';
  const summary = `${metric}, ${centerWords} over ${n} ${over}: ${summaries.map((s) => `${s.name} ${s.text}`).join(', ')}`;
  let tail: string;
  if (verdict === 'no spread') {
    tail = 'one value each: no spread to judge a difference by.';
  } else if (pairs.length === 1 && ranked[0].center === ranked[1].center) {
    tail = `${ranked[0].name} and ${ranked[1].name} have the same ${center}: within noise.`;
  } else if (pairs.length === 1) {
    const [p] = pairs;
    // A leader by its centre that is ahead in fewer than half the rounds is said to be so.
    const few = 2 * p.wins < n;
    const rounds = few ? `by its ${center} but in only ${p.wins} of ${n} ${over}` : `in ${p.wins} of ${n} ${over}`;
    tail = `${leader.name} ${phrase} ${rounds}, ${p.overlap ? `${few ? 'and' : 'but'} the intervals overlap: within noise.` : 'and the intervals do not overlap.'}`;
  } else {
    // As with two samples: a leader by its centre that is ahead of some sample in fewer than half the rounds is said to be so.
    const few = (p: PairVerdict): boolean => 2 * p.wins < n;
    const against = pairs.map((p) => `against ${p.worse} in ${few(p) ? 'only ' : ''}${p.wins} of ${n} ${over} (${p.overlap ? 'intervals overlap: within noise' : 'intervals apart'})`);
    tail = `${leader.name} ${phrase}${pairs.some(few) ? ` by its ${center}` : ''}: ${against.join('; ')}.`;
  }
  return { samples: summaries, ranking: ranked.map((s) => s.name), leader: leader.name, pairs, verdict, summary, sentence: `${summary}; ${tail}` };
}
