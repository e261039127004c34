// Benchmark of the data pipeline on the lesson's 8000-day file: load the CSV, scale it, and
// cut the lesson's windows (timeStep 100). The lead's bench runner prints the result.
import * as tf from '@tensorflow/tfjs';
import { createDataset, datasetPath, loadCsv, MinMaxScaler, ready, timeAlternating } from '../../src/index';

/** One benchmark result: median wall time over `runs` runs. */
export interface BenchResult {
  name: string;
  medianMs: number;
  runs: number;
}

/**
 * Times load + MinMaxScaler.fitTransform + createDataset(100) on datasets/daily-temperature.csv.
 *
 * @param runs timed runs after one warm-up run; default 7, at least 5.
 * @example
 * await benchDataPipeline(); // => { name: 'data: loadCsv + MinMaxScaler + createDataset(100), 8000 days', medianMs: 60, runs: 7 }
 */
export async function benchDataPipeline(runs = 7): Promise<BenchResult> {
  await ready();
  const path = datasetPath('daily-temperature.csv');
  const once = (): void => {
    const frame = loadCsv(path);
    const scaled = new MinMaxScaler().fitTransform(frame.column('Temp'));
    const { x, y } = createDataset(scaled, 100);
    if (x.shape[0] !== 7899) throw new Error(`benchDataPipeline: expected 7899 windows, got ${x.shape[0]}`);
    tf.dispose([x, y]);
  };
  // one warm-up call (module loading and JIT), then `runs` timed calls
  const timed = await timeAlternating({ pipeline: once }, { repeats: runs });
  const medianMs = timed.summary.pipeline.medianMs;
  return { name: 'data: loadCsv + MinMaxScaler + createDataset(100), 8000 days', medianMs, runs };
}

if (require.main === module) {
  benchDataPipeline().then((r) => console.log(`${r.name}: median ${r.medianMs.toFixed(1)} ms over ${r.runs} runs`));
}
