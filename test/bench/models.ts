/**
 * Models and timers for `npm run bench`: lesson 04's model and lesson 01's toy model
 * built with grulab's fused GRU, LSTM or SimpleRNN, tfjs-layers' GRU or tfjs-layers' LSTM.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, fit, gru, lstm, simpleRNN, timeAlternating } from '../../src/index';
import { fusedEnabled, setFused } from '../../src/internals';

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

/** How a benchmark trains its batches: TensorFlow.js's `model.trainOnBatch`, or grulab's `fit` (the step notebooks use). */
export type TrainVia = 'trainOnBatch' | 'fit';

/** One model {@link timeModels} times, how its batches train, and the fused switch to run it under. */
export interface TimedModel {
  model: tf.LayersModel;
  via: TrainVia;
  /** The fused kernels' switch during this model's calls (the models are timed in alternation); default on. */
  fused?: boolean;
}

/** Per-batch times of one model, in ms: one value per timed call (so the spread can be reported). */
export interface BatchTimes {
  trainMs: number[];
  forwardMs: number[];
  /** Mean milliseconds per batch inside the fused kernels (0 for other layers). */
  kernelTrainMs: number;
  kernelForwardMs: number;
  /** Mean CPU milliseconds per batch, all threads of the process (the fused kernels' worker thread included). */
  trainCpuMs: number;
  forwardCpuMs: number;
}

/** How many calls {@link timeModels} times, and how much each call does. */
export interface TimedRuns {
  /** Timed training calls per model (at least 5). */
  trainRepeats: number;
  /** Training batches per call: through `fit`, one epoch over that many copies of the batch (its setup amortised over them). */
  batchesPerCall: number;
  /** Timed `predict` calls per model (at least 5). */
  forwardRepeats: number;
}

/**
 * Times training batches and `predict` of several models on the batch `[x, y]` with grulab's
 * timing harness (`timeAlternating`: one warm-up call each, then the models in alternating
 * order, so a shared machine's drift weighs on all of them alike). `kernelTime` takes and
 * resets the fused kernels' time; only timed calls count in the kernel and CPU means.
 */
export async function timeModels(
  models: Record<string, TimedModel>, x: tf.Tensor, y: tf.Tensor, runs: TimedRuns,
  kernelTime: () => Record<string, number | undefined>,
): Promise<Record<string, BatchTimes>> {
  const total = (): number => Object.values(kernelTime()).reduce<number>((a, b) => a + (b ?? 0), 0);
  const names = Object.keys(models);
  const b = runs.batchesPerCall;
  const xs = tf.concat(Array.from({ length: b }, () => x));
  const ys = tf.concat(Array.from({ length: b }, () => y));
  /** Runs `f` under the model's fused switch, keeping the kernel time of the call for `onCall`. */
  const lastKernel: Record<string, number> = {};
  const under = (name: string, f: () => Promise<unknown>) => async (): Promise<void> => {
    const before = fusedEnabled();
    setFused(models[name].fused ?? true);
    try {
      total();
      await f();
      lastKernel[name] = total();
    } finally {
      setFused(before);
    }
  };
  const train = async (name: string): Promise<void> => {
    const { model, via } = models[name];
    if (via === 'fit') await fit(model, xs, ys, { epochs: 1, batchSize: x.shape[0], shuffle: false, verbose: 0 });
    else for (let i = 0; i < b; i++) await model.trainOnBatch(x, y);
  };
  const forward = async (name: string): Promise<void> => {
    tf.tidy(() => (models[name].model.predict(x) as tf.Tensor).dataSync());
  };
  const kernelSum: Record<string, number> = {};
  const onCall = ({ name }: { name: string }): void => { kernelSum[name] = (kernelSum[name] ?? 0) + (lastKernel[name] ?? 0); };
  const trained = await timeAlternating(Object.fromEntries(names.map((n) => [n, under(n, () => train(n))])), { repeats: runs.trainRepeats, onCall });
  const trainKernel = { ...kernelSum };
  for (const n of names) kernelSum[n] = 0;
  const forwarded = await timeAlternating(Object.fromEntries(names.map((n) => [n, under(n, () => forward(n))])), { repeats: runs.forwardRepeats, onCall });
  tf.dispose([xs, ys]);
  const perBatch = (values: number[], batches: number): number[] => values.map((v) => v / batches);
  const meanOf = (values: number[]): number => values.reduce((a, v) => a + v, 0) / values.length;
  return Object.fromEntries(names.map((n) => [n, {
    trainMs: perBatch(trained.ms[n], b),
    forwardMs: forwarded.ms[n],
    kernelTrainMs: (trainKernel[n] ?? 0) / (runs.trainRepeats * b),
    kernelForwardMs: (kernelSum[n] ?? 0) / runs.forwardRepeats,
    trainCpuMs: meanOf(trained.cpuMs[n]) / b,
    forwardCpuMs: meanOf(forwarded.cpuMs[n]),
  }]));
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
