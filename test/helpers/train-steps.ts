/**
 * The losses of a few Adam steps on a fixed random batch: what the fused kernels' tests
 * compare between the fused and the op-by-op paths, or between a healthy and a failing
 * worker thread.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/index';
import { setFused } from '../../src/internals';

/** Options of {@link adamStepLosses}. */
export interface AdamStepOptions {
  /** The batch's shape, `[samples, timeSteps, features]`; the targets are `[samples, 1]`. */
  shape: [number, number, number];
  /** Seed of the batch's normal values. */
  seed: string;
  /** Adam steps (`trainOnBatch` calls). */
  steps: number;
  /** Adam's learning rate. Default `0.05`. */
  learningRate?: number;
}

/**
 * Compiles `model` with Adam and MSE, trains it `steps` times on one seeded batch, and
 * returns the losses; the model, its optimizer and the batch are disposed.
 */
export async function adamStepLosses(model: tf.LayersModel, options: AdamStepOptions): Promise<number[]> {
  const optimizer = tf.train.adam(options.learningRate ?? 0.05);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const [samples, timeSteps, features] = options.shape;
  const rng = createRng(options.seed);
  const x = tf.tensor3d(Float32Array.from({ length: samples * timeSteps * features }, () => rng.normal()), options.shape);
  const y = tf.tensor2d(Float32Array.from({ length: samples }, () => rng.normal()), [samples, 1]);
  try {
    const losses: number[] = [];
    for (let i = 0; i < options.steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
    return losses;
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  }
}

/** Runs `work` with the fused kernels switched `on` (or off), and switches them back on after. */
export async function withFused<T>(on: boolean, work: () => Promise<T>): Promise<T> {
  setFused(on);
  try {
    return await work();
  } finally {
    setFused(true);
  }
}
