/**
 * `fit`: the models' seeded training loop with the progress display that suits where it
 * runs (a live display in a notebook, a progress bar in a terminal). It lives here, apart
 * from both, because model code never touches displays and charts never train.
 */
import type * as tf from '@tensorflow/tfjs';
import { trainModel, type TrainOptions, type TrainResult } from './training-loop';
import type { TrainingObserver } from './observer';
import { trainingProgress } from './progress';

/** Options of {@link fit}: Keras's `fit` keyword arguments. */
export interface FitOptions extends TrainOptions {
  /**
   * `1` (default): show progress, one live display updated in place in a notebook (epoch,
   * batch, loss, validation loss, elapsed, ETA, a loss chart), a progress bar in a
   * terminal; `0`: nothing.
   */
  verbose?: 0 | 1;
}

/**
 * Trains a compiled model, as Keras's `model.fit(x, y, epochs=..., batch_size=...)`.
 *
 * @param model a compiled `tf.LayersModel` (`model.compile({ optimizer, loss })`).
 * @param x inputs, e.g. `[samples, timeSteps, features]`.
 * @param y targets, e.g. `[samples, 1]` or `[samples]`.
 * @param options epochs (default 1), batchSize (default 32), validationSplit |
 *   validationData, seed, earlyStopping, observer, verbose (default 1).
 * @returns the loss history and how training ended.
 * @throws Error for an uncompiled model, mismatched sample counts or bad options.
 * @example
 * const history = await fit(model, x, y, { epochs: 10, batchSize: 32, seed: 42 });
 * history.loss.length; // => 10
 * @see notebooks/01-gru-basics.ipynb
 */
export async function fit(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitOptions = {},
): Promise<TrainResult> {
  const { verbose = 1, observer, ...rest } = options;
  const observers: TrainingObserver[] = observer === undefined ? [] : Array.isArray(observer) ? [...observer] : [observer];
  if (verbose !== 0) observers.push(trainingProgress());
  return trainModel(model, x, y, { ...rest, observer: observers });
}
