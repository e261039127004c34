/**
 * Forecasting many series by the statistical methods on several cores: worker threads
 * (./baselines-worker.ts) each take the next series as soon as they finish one, so a slow
 * series holds up one thread only; results come back in input order and are the same,
 * number for number, as one thread gives (each series is forecast independently).
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe } from '../base/describe';
import { type BaselineOptions, checkBaselineArgs } from './baseline-forecast';
import { type BaselineMethod, checkMethods, forecastBaselines, type SeriesBaselines } from './baseline-methods';
import { type BaselineAnswer, type BaselineTask } from './baselines-worker';

/** Options of {@link runBaselines}. */
export interface RunBaselinesOptions extends BaselineOptions {
  /** The methods to run on every series, names from `BASELINE_METHODS`. */
  methods: BaselineMethod[];
  /** Worker threads; 0 runs everything on the calling thread. Default: the machine's cores, at most 2 (and at most one per series). */
  threads?: number;
  /** Called after each series with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Forecasts every series by every method in `options.methods`, on worker threads.
 *
 * @param series the series, oldest value first in each.
 * @param options `methods`, `horizon`, `period`, `levels`, `threads`, `onProgress`.
 * @returns one {@link SeriesBaselines} per series, in input order; a method that failed on
 *   a series is in that entry's `failures`, not thrown.
 * @throws Error for bad options (unknown method, bad horizon or levels) before any work
 *   starts; or when a worker thread dies (all workers are stopped first).
 * @example
 * const results = await runBaselines(hourly.map((s) => s.train), { methods: ['naive2', 'ets'], horizon: 48, period: 24 });
 * results[0].forecasts.ets?.method; // => 'ETS(M,Ad,M)' (for example)
 */
export async function runBaselines(series: ArrayLike<number>[], options: RunBaselinesOptions): Promise<SeriesBaselines[]> {
  const caller = 'runBaselines';
  if (!Array.isArray(series)) throw new Error(`${caller}: series must be an array of series (arrays of numbers), got ${describe(series)}`);
  const methods = checkMethods(caller, options?.methods);
  checkBaselineArgs(caller, [0, 0, 0], options); // the options alone; each series is checked by the methods
  const { horizon, period, levels, onProgress } = options;
  const forecastOptions: BaselineOptions = { horizon, period, levels };
  const total = series.length;
  const threads = options.threads ?? Math.min(availableParallelism(), 2, total);
  if (!Number.isInteger(threads) || threads < 0) throw new Error(`${caller}: threads must be a non-negative integer, got ${describe(threads)}`);
  const results = new Array<SeriesBaselines>(total);
  if (threads === 0 || total === 0) {
    for (let i = 0; i < total; i++) {
      results[i] = forecastBaselines(series[i], methods, forecastOptions);
      onProgress?.(i + 1, total);
    }
    return results;
  }
  const workerFile = join(__dirname, `baselines-worker${extname(__filename)}`);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const give = (worker: Worker): void => {
        if (next >= total) return;
        const index = next++;
        const task: BaselineTask = { index, values: Float64Array.from(series[index]), methods, options: forecastOptions };
        worker.postMessage(task);
      };
      for (let w = 0; w < Math.min(threads, total); w++) {
        const worker = startWorker(workerFile);
        workers.push(worker);
        worker.on('message', (answer: BaselineAnswer) => {
          results[answer.index] = answer.result;
          done++;
          onProgress?.(done, total);
          if (done === total) resolve();
          else give(worker);
        });
        worker.on('error', (error) => {
          failed = true;
          reject(new Error(`${caller}: a worker thread failed: ${error.message}`));
        });
        worker.on('exit', (code) => {
          if (!failed && done < total) reject(new Error(`${caller}: a worker thread exited (code ${code}) with ${total - done} series left`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * Starts the worker: the compiled `.js` file directly; the `.ts` source (when grulab runs
 * from source under tsx, as the tests do) through tsx's CommonJS hook, since Node 20 does
 * not hand the parent's `--import tsx` loader to worker threads.
 */
function startWorker(file: string): Worker {
  if (extname(file) !== '.ts') return new Worker(file);
  const hook = require.resolve('tsx/cjs');
  const source = `require(${JSON.stringify(hook)}); require(${JSON.stringify(file)});`;
  return new Worker(source, { eval: true, execArgv: [] });
}
