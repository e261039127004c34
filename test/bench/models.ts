/**
 * Models and timers for `npm run bench`: lesson 04's model and lesson 01's toy model
 * built with grulab's fused GRU, LSTM or SimpleRNN, tfjs-layers' GRU or tfjs-layers' LSTM.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, fit, gru, lstm, simpleRNN } from '../../src/index';

/** Which recurrent layer a benchmark model uses (`fused` is grulab's GRU). */
export type RecurrentKind = 'fused' | 'fused-lstm' | 'fused-rnn' | 'tfjs-gru' | 'tfjs-lstm';

/** Lesson 04's sizes. */
export const LESSON04 = { batch: 32, timeStep: 100, units: 50, windows: 7899, epochs: 10 } as const;

function recurrent(kind: RecurrentKind, args: { units: number; returnSequences?: boolean; activation?: 'relu'; inputShape?: number[] }): tf.layers.Layer {
  if (kind === 'fused') return gru(args);
  if (kind === 'fused-lstm') return lstm(args);
  if (kind === 'fused-rnn') return simpleRNN(args);
  // Porting note: tfjs-layers' GRU cannot do resetAfter (Keras's default) and defaults to
  // hardSigmoid gates; we ask for sigmoid so the arithmetic matches Keras's as closely as it can.
  if (kind === 'tfjs-gru') return tf.layers.gru({ ...args, recurrentActivation: 'sigmoid' });
  return tf.layers.lstm({ ...args, recurrentActivation: 'sigmoid' });
}

/** GRU(50, returnSequences) -> GRU(50) -> Dense(1), Adam(1e-3), MSE (lesson 04). */
export function lesson04Model(kind: RecurrentKind): tf.LayersModel {
  const model = tf.sequential();
  model.add(recurrent(kind, { units: LESSON04.units, returnSequences: true, inputShape: [LESSON04.timeStep, 1] }));
  model.add(recurrent(kind, { units: LESSON04.units }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

/** GRU(50, relu) -> Dense(1), Adam, MSE (lesson 01's toy). */
export function toyModel(kind: RecurrentKind): tf.LayersModel {
  const model = tf.sequential();
  model.add(recurrent(kind, { units: 50, activation: 'relu', inputShape: [3, 1] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return model;
}

/** Lesson 04's windows over a seeded random series: x `[windows, 100, 1]`, y `[windows, 1]`. */
export function lesson04Data(windows: number = LESSON04.windows): { x: tf.Tensor3D; y: tf.Tensor2D; batchX: Float32Array; batchY: Float32Array } {
  const rng = createRng('bench-lesson04');
  const length = windows + LESSON04.timeStep + 1;
  // a daily-temperature-like series already scaled to [0, 1]: yearly cycle plus noise
  const series = Float32Array.from({ length }, (_, i) => 0.5 + 0.35 * Math.sin((2 * Math.PI * i) / 365) + 0.05 * rng.normal());
  const xs = new Float32Array(windows * LESSON04.timeStep);
  const ys = new Float32Array(windows);
  for (let w = 0; w < windows; w++) {
    xs.set(series.subarray(w, w + LESSON04.timeStep), w * LESSON04.timeStep);
    ys[w] = series[w + LESSON04.timeStep];
  }
  const b = LESSON04.batch;
  return {
    x: tf.tensor3d(xs, [windows, LESSON04.timeStep, 1]),
    y: tf.tensor2d(ys, [windows, 1]),
    batchX: xs.slice(0, b * LESSON04.timeStep),
    batchY: ys.slice(0, b),
  };
}

/** Median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per-batch times of one model, in ms (all samples kept, so the noise can be reported). */
export interface BatchTimes {
  trainMs: number[];
  forwardMs: number[];
}

/** How a benchmark trains its batches: TensorFlow.js's `model.trainOnBatch`, or grulab's `fit` (the step notebooks use). */
export type TrainVia = 'trainOnBatch' | 'fit';

/**
 * Wall times of `trainRuns` training steps on the batch `[x, y]`, each through `via`: for
 * `fit`, one epoch over the batch repeated `trainRuns` times, timed batch by batch from its
 * observer (the loop's own work included, the trainer's setup before the first batch not).
 */
async function trainTimes(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, trainRuns: number, via: TrainVia): Promise<number[]> {
  const trainMs: number[] = [];
  if (via === 'trainOnBatch') {
    for (let i = 0; i < trainRuns; i++) {
      const start = performance.now();
      await model.trainOnBatch(x, y);
      trainMs.push(performance.now() - start);
    }
    return trainMs;
  }
  const xs = tf.concat(Array.from({ length: trainRuns }, () => x));
  const ys = tf.concat(Array.from({ length: trainRuns }, () => y));
  let last = 0;
  const observer = {
    onTrainBegin: () => { last = performance.now(); },
    onBatchEnd: () => { const now = performance.now(); trainMs.push(now - last); last = now; },
  };
  await fit(model, xs, ys, { epochs: 1, batchSize: x.shape[0], shuffle: false, verbose: 0, observer });
  tf.dispose([xs, ys]);
  return trainMs;
}

/**
 * Times training steps (through `via`, see {@link TrainVia}) and `predict` on one batch,
 * after one warm-up call of each, in wall time per batch and in CPU time per batch (all of
 * the process's threads: the fused kernels' worker thread included);
 * `kernelTime` (takes and resets the fused kernels' time) gives the mean kernel milliseconds per batch.
 */
export async function timeBatches(
  model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, trainRuns: number, forwardRuns: number,
  kernelTime: () => Record<string, number | undefined>, via: TrainVia = 'trainOnBatch',
): Promise<BatchTimes & { kernelTrainMs: number; kernelForwardMs: number; trainCpuMs: number; forwardCpuMs: number }> {
  await model.trainOnBatch(x, y);
  tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const total = (): number => Object.values(kernelTime()).reduce<number>((a, b) => a + (b ?? 0), 0);
  total();
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const trainCpu = process.cpuUsage();
  const trainMs = await trainTimes(model, x, y, trainRuns, via);
  const trainCpuMs = cpuMs(trainCpu) / trainRuns;
  const kernelTrainMs = total() / trainRuns;
  const forwardCpu = process.cpuUsage();
  const forwardMs: number[] = [];
  for (let i = 0; i < forwardRuns; i++) {
    const start = performance.now();
    tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    forwardMs.push(performance.now() - start);
  }
  const forwardCpuMs = cpuMs(forwardCpu) / forwardRuns;
  return { trainMs, forwardMs, kernelTrainMs, kernelForwardMs: total() / forwardRuns, trainCpuMs, forwardCpuMs };
}

/** Peak memory seen during a run, in bytes. */
export interface PeakMemory {
  /** Resident set size of the process. */
  rss: number;
  /** The fused kernels' WebAssembly memory (shared with their worker thread). */
  kernelWasm: number;
  /** TensorFlow.js's wasm backend memory (where tensors live). */
  backendWasm: number;
}

/** The sizes {@link PeakMemory} tracks, now. */
export function memoryNow(kernelMemory: () => number): PeakMemory {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return { rss: process.memoryUsage().rss, kernelWasm: kernelMemory(), backendWasm: backend.wasm?.HEAPU8?.byteLength ?? 0 };
}

/**
 * Wall time of `model.fit(x, y, { epochs, batchSize })` (tfjs-layers' loop and step), or of
 * grulab's `fit` with `via: 'grulab.fit'` (what the notebooks run), in ms; with `peak`, the
 * peak memory is sampled after every batch into it.
 */
export async function timeFit(
  model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, epochs: number, batchSize: number,
  peak?: { sample: () => void }, via: 'model.fit' | 'grulab.fit' = 'model.fit',
): Promise<number> {
  const start = performance.now();
  let losses: number[];
  if (via === 'grulab.fit') {
    const observer = peak === undefined ? undefined : { onBatchEnd: () => peak.sample() };
    losses = (await fit(model, x, y, { epochs, batchSize, seed: 1, verbose: 0, observer })).loss;
  } else {
    const callbacks = peak === undefined ? undefined : { onBatchEnd: async () => peak.sample() };
    losses = (await model.fit(x, y, { epochs, batchSize, shuffle: true, verbose: 0, callbacks })).history.loss as number[];
  }
  const ms = performance.now() - start;
  if (!Number.isFinite(losses[losses.length - 1])) throw new Error(`bench: training diverged, last loss ${losses[losses.length - 1]}`);
  return ms;
}

/** The masked-batch benchmark: 32 right-padded sequences of 100 steps with 10 to 100 real steps. */
export const MASKED = { batch: 32, timeStep: 100, units: 50, minLength: 10 } as const;

/** Masking(0) -> GRU(50) -> Dense(1), Adam, MSE: variable-length sequences padded with zeros at the end. */
export function maskedModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.masking({ maskValue: 0, inputShape: [MASKED.timeStep, 1] }));
  model.add(gru({ units: MASKED.units, seed: 5 }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

/** One right-padded batch for {@link maskedModel}: x `[32, 100, 1]` (real values never 0), y `[32, 1]`. */
export function maskedBatch(): { x: tf.Tensor3D; y: tf.Tensor2D; lengths: number[] } {
  const rng = createRng('bench-masked');
  const { batch, timeStep, minLength } = MASKED;
  const lengths = Array.from({ length: batch }, () => minLength + rng.int(timeStep - minLength + 1));
  const xs = new Float32Array(batch * timeStep);
  lengths.forEach((n, b) => {
    for (let t = 0; t < n; t++) xs[b * timeStep + t] = 0.1 + rng.uniform();
  });
  const ys = Float32Array.from({ length: batch }, () => rng.uniform());
  return { x: tf.tensor3d(xs, [batch, timeStep, 1]), y: tf.tensor2d(ys, [batch, 1]), lengths };
}
