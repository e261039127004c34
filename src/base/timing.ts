/**
 * One way to time things that are compared, shared by `npm run bench` and the notebooks:
 * every case is called a few times untimed first (compilation, caches, worker threads start
 * on the first call), then timed over at least 5 rounds. Within a round every case runs once,
 * and the order is reversed from one round to the next (A B, B A, A B, ...), so a machine that
 * slows down or speeds up during the measurement (another process, a CPU clock change, the
 * garbage collector catching up) weighs on every case alike instead of on whichever ran last.
 * Each call's wall time and CPU time (all threads of the process, the fused kernels' worker
 * thread included) are kept, so the spread can be printed beside the median.
 */
import { median, quantile } from './sample-statistics';

/** One thing to time: called once per warm-up call and once per round. */
export type TimedCase = () => unknown;

/** Options of {@link timeAlternating}. */
export interface TimeAlternatingOptions {
  /** Untimed calls of every case before the first round. Default 1, at least 1. */
  warmup?: number;
  /** Timed rounds (one call of every case each). Default 5, at least 5. */
  repeats?: number;
  /** Called after every timed call, for progress or to reset state between calls. */
  onCall?: (info: { name: string; round: number; ms: number }) => void;
}

/** Median and spread of one case's timed calls, in milliseconds. */
export interface TimingSummary {
  medianMs: number;
  /** First and third quartiles (the interquartile range). */
  q1Ms: number;
  q3Ms: number;
  minMs: number;
  maxMs: number;
  /** Median CPU milliseconds per call, all threads of the process. */
  medianCpuMs: number;
}

/** What {@link timeAlternating} measured. */
export interface TimingResult {
  /** Wall-clock milliseconds of every timed call, per case, in round order. */
  ms: Record<string, number[]>;
  /** CPU milliseconds (user + system, all threads of the process) of every timed call, per case. */
  cpuMs: Record<string, number[]>;
  /** Median and spread per case. */
  summary: Record<string, TimingSummary>;
  /** The order the cases ran in, one array per timed round. */
  order: string[][];
  warmup: number;
  repeats: number;
}

function checkCount(name: string, value: unknown, least: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new Error(`timeAlternating: ${name} must be an integer of at least ${least}${name === 'repeats' ? ' (a median and its spread need them)' : ''}, got ${String(value)}`);
  }
  return value;
}

/**
 * Times named cases against each other: warm-up calls first, then `repeats` rounds in which
 * every case runs once, in the given order in even rounds and reversed in odd ones.
 *
 * @param cases one function per name (it may return a promise, which is awaited); at least one.
 * @param options warm-up calls (default 1), rounds (default 5, at least 5) and a per-call hook.
 * @returns {@link TimingResult}: every call's wall and CPU time, and per case the median and quartiles.
 * @throws Error when there is no case, a case is not a function, `warmup` is not an integer of
 *   at least 1 or `repeats` one of at least 5; a case that throws stops the timing with its
 *   error, prefixed by the case's name.
 * @example
 * const t = await timeAlternating({ GRU: () => trainGru(), LSTM: () => trainLstm() });
 * t.order; // => [['GRU', 'LSTM'], ['LSTM', 'GRU'], ['GRU', 'LSTM'], ['LSTM', 'GRU'], ['GRU', 'LSTM']]
 * t.ms.GRU.length; // => 5
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export async function timeAlternating(cases: Record<string, TimedCase>, options: TimeAlternatingOptions = {}): Promise<TimingResult> {
  if (cases === null || typeof cases !== 'object') throw new Error(`timeAlternating: cases must be an object of named functions, got ${String(cases)}`);
  const names = Object.keys(cases);
  if (names.length === 0) throw new Error('timeAlternating: cases must name at least one function to time, got none');
  for (const name of names) {
    if (typeof cases[name] !== 'function') throw new Error(`timeAlternating: cases[${JSON.stringify(name)}] must be a function, got ${typeof cases[name]}`);
  }
  const warmup = checkCount('warmup', options.warmup ?? 1, 1);
  const repeats = checkCount('repeats', options.repeats ?? 5, 5);
  const call = async (name: string): Promise<void> => {
    try {
      await cases[name]();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`timeAlternating: case ${JSON.stringify(name)} failed: ${message}`, { cause: err });
    }
  };
  for (let w = 0; w < warmup; w++) {
    for (const name of w % 2 === 0 ? names : [...names].reverse()) await call(name);
  }
  const ms: Record<string, number[]> = {};
  const cpuMs: Record<string, number[]> = {};
  for (const name of names) {
    ms[name] = [];
    cpuMs[name] = [];
  }
  const order: string[][] = [];
  for (let round = 0; round < repeats; round++) {
    const roundOrder = round % 2 === 0 ? [...names] : [...names].reverse();
    order.push(roundOrder);
    for (const name of roundOrder) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await call(name);
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      ms[name].push(wall);
      cpuMs[name].push((cpu.user + cpu.system) / 1000);
      options.onCall?.({ name, round, ms: wall });
    }
  }
  const summary: Record<string, TimingSummary> = {};
  for (const name of names) {
    const v = ms[name];
    summary[name] = {
      medianMs: median(v), q1Ms: quantile(v, 0.25), q3Ms: quantile(v, 0.75),
      minMs: Math.min(...v), maxMs: Math.max(...v), medianCpuMs: median(cpuMs[name]),
    };
  }
  return { ms, cpuMs, summary, order, warmup, repeats };
}
