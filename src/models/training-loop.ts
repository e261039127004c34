/**
 * Training with a seeded, observable loop: the batches come in an order drawn from the seed,
 * every batch and epoch is reported to a {@link TrainingObserver}, and the loop yields to the
 * event loop so a notebook display can redraw and an interrupt can land.
 *
 * Porting note: `model.fit` in TF.js shuffles with an unseeded generator (tfjs issue 7104)
 * and runs its batches without yielding for long stretches; this loop calls
 * `model.trainOnBatch` (the compiled optimizer and loss, one step each) in its own order.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingHistory, TrainingObserver } from './observer';
import { createRng } from '../base/random';
import type { Seed } from './initializers';

/** Keras's `EarlyStopping` options. */
export interface EarlyStoppingOptions {
  /** What to watch: `'val_loss'` (default, as Keras) or `'loss'`. */
  monitor?: 'val_loss' | 'loss';
  /** Epochs without improvement before stopping. Default `0`. */
  patience?: number;
  /** Smallest decrease that counts as an improvement. Default `0`. */
  minDelta?: number;
  /** At the end, put back the weights of the best epoch. Default `false` (as Keras). */
  restoreBestWeights?: boolean;
}

/** Options of {@link trainModel} (Keras's `fit` keyword arguments in camelCase). */
export interface TrainOptions {
  /** Number of passes over the data. Default `1`. */
  epochs?: number;
  /** Samples per gradient step. Default `32`. */
  batchSize?: number;
  /** Fraction in `(0, 1)` of the samples held out for validation: the LAST ones, as Keras. */
  validationSplit?: number;
  /** `[xVal, yVal]` to validate on (takes precedence over `validationSplit`). */
  validationData?: [tf.Tensor, tf.Tensor];
  /** Shuffle the training samples before each epoch. Default `true`. */
  shuffle?: boolean;
  /** Seed of the shuffling. The same seed (and the same initial weights, see `withSeed`) gives the same losses. Default: random. */
  seed?: Seed;
  /** Stop when the monitored loss stops improving. Default: off. */
  earlyStopping?: EarlyStoppingOptions;
  /** Listener(s) for progress (the notebook and terminal displays are observers). */
  observer?: TrainingObserver | TrainingObserver[];
  /** Yield to the event loop at least this often, in milliseconds. Default `50`. */
  yieldEveryMs?: number;
  /** Stops training after the current batch when aborted; the result then has `interrupted: true`. */
  signal?: AbortSignal;
}

/** What {@link trainModel} returns: Keras's history plus how training ended. */
export interface TrainResult extends TrainingHistory {
  /** Epochs that ran. */
  epochsRun: number;
  /** 0-based epoch at which early stopping ended training. */
  stoppedEpoch?: number;
  /** 0-based epoch with the best monitored loss (when early stopping is on). */
  bestEpoch?: number;
  /** `true` when `signal` stopped training. */
  interrupted: boolean;
  elapsedMs: number;
}

function checkOptions(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, o: TrainOptions): void {
  if (model.optimizer === undefined || model.optimizer === null) {
    throw new Error("trainModel: the model is not compiled; call model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }) first");
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new Error(`trainModel: x and y must have the same number of samples, got ${x.shape[0]} and ${y.shape[0]}`);
  }
  const positiveInt = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v <= 0)) {
      throw new Error(`trainModel: ${name} must be a positive integer, got ${v}`);
    }
  };
  positiveInt('epochs', o.epochs);
  positiveInt('batchSize', o.batchSize);
  if (o.validationSplit !== undefined && !(o.validationSplit > 0 && o.validationSplit < 1)) {
    throw new Error(`trainModel: validationSplit must be in (0, 1), got ${o.validationSplit}`);
  }
  const monitor = o.earlyStopping?.monitor ?? 'val_loss';
  if (o.earlyStopping !== undefined && monitor === 'val_loss' && o.validationData === undefined && o.validationSplit === undefined) {
    throw new Error("trainModel: earlyStopping.monitor is 'val_loss' but there is no validationData or validationSplit");
  }
}

/** Mean loss of `model` on `[x, y]` (the compiled loss, without regularization). */
function evaluateLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batchSize: number): number {
  const result = model.evaluate(x, y, { batchSize });
  const scalars = Array.isArray(result) ? result : [result];
  const value = scalars[0].dataSync()[0];
  tf.dispose(scalars);
  return value;
}

/**
 * Trains a compiled model on `x`, `y` with seeded shuffling, progress hooks and early stopping.
 *
 * @param model a compiled `tf.LayersModel` (`model.compile({ optimizer, loss })`).
 * @param x inputs, `[samples, ...]` (for a GRU `[samples, timeSteps, features]`).
 * @param y targets, `[samples, ...]`.
 * @param options {@link TrainOptions}: `epochs` (1), `batchSize` (32), `validationSplit` /
 *   `validationData`, `shuffle` (true), `seed`, `earlyStopping`, `observer`, `yieldEveryMs` (50), `signal`.
 * @returns the loss per epoch (`loss`, `valLoss`) and how training ended.
 * @throws Error when the model is not compiled, `x` and `y` differ in length, or an option is out of range.
 * @example
 * const result = await trainModel(model, x, y, { epochs: 10, batchSize: 32, seed: 42 });
 * result.loss.length; // => 10
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export async function trainModel(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: TrainOptions = {}): Promise<TrainResult> {
  checkOptions(model, x, y, options);
  const epochs = options.epochs ?? 1;
  const batchSize = options.batchSize ?? 32;
  const yieldEveryMs = options.yieldEveryMs ?? 50;
  const observers = options.observer === undefined ? [] : Array.isArray(options.observer) ? options.observer : [options.observer];
  const rng = createRng(options.seed ?? Math.random().toString(36).slice(2));

  // Split off the LAST validationSplit of the samples, as Keras does (before any shuffling).
  const samplesAll = x.shape[0];
  const owned: tf.Tensor[] = [];
  let [xTrain, yTrain] = [x, y];
  let validation = options.validationData;
  if (validation === undefined && options.validationSplit !== undefined) {
    const splitAt = Math.floor(samplesAll * (1 - options.validationSplit));
    if (splitAt <= 0 || splitAt >= samplesAll) {
      throw new Error(`trainModel: validationSplit ${options.validationSplit} leaves no training or no validation samples out of ${samplesAll}`);
    }
    xTrain = tf.slice(x, 0, splitAt);
    yTrain = tf.slice(y, 0, splitAt);
    validation = [tf.slice(x, splitAt), tf.slice(y, splitAt)];
    owned.push(xTrain, yTrain, ...validation);
  }
  const samples = xTrain.shape[0];
  const batchesPerEpoch = Math.ceil(samples / batchSize);
  const history: TrainingHistory = { loss: [], ...(validation !== undefined ? { valLoss: [] } : {}) };
  const es = options.earlyStopping;
  const monitor = es?.monitor ?? 'val_loss';
  let best = Infinity;
  let bestEpoch: number | undefined;
  let bestWeights: tf.Tensor[] | undefined;
  let wait = 0;
  let stoppedEpoch: number | undefined;
  let interrupted = false;
  const start = Date.now();
  let lastYield = start;
  const order = Array.from({ length: samples }, (_, i) => i);

  try {
    observers.forEach((o) => o.onTrainBegin?.({ epochs, batchesPerEpoch, samples }));
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (options.shuffle ?? true) rng.shuffle(order);
      let lossSum = 0;
      let seen = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const [xb, yb] = tf.tidy(() => {
          const idx = tf.tensor1d(indices, 'int32');
          return [tf.gather(xTrain, idx), tf.gather(yTrain, idx)];
        });
        const lossValue = await model.trainOnBatch(xb, yb);
        tf.dispose([xb, yb]);
        const loss = Array.isArray(lossValue) ? lossValue[0] : lossValue;
        // The epoch loss is the mean over samples of the batch losses, as Keras's progress bar.
        lossSum += loss * indices.length;
        seen += indices.length;
        observers.forEach((o) => o.onBatchEnd?.({ epoch, batch, loss: lossSum / seen }));
        if (Date.now() - lastYield >= yieldEveryMs) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        if (options.signal?.aborted === true) {
          interrupted = true;
          break;
        }
      }
      if (interrupted) break;
      const loss = lossSum / seen;
      history.loss.push(loss);
      let valLoss: number | undefined;
      if (validation !== undefined) {
        valLoss = evaluateLoss(model, validation[0], validation[1], batchSize);
        history.valLoss?.push(valLoss);
      }
      observers.forEach((o) => o.onEpochEnd?.({ epoch, loss, valLoss, elapsedMs: Date.now() - start }));
      if (es !== undefined) {
        const current = monitor === 'loss' ? loss : (valLoss as number);
        wait++;
        if (current < best - (es.minDelta ?? 0)) {
          best = current;
          bestEpoch = epoch;
          wait = 0;
          if (es.restoreBestWeights === true) {
            tf.dispose(bestWeights);
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (wait >= (es.patience ?? 0) && epoch > 0) {
          stoppedEpoch = epoch;
          break;
        }
      }
    }
    if (bestWeights !== undefined) model.setWeights(bestWeights);
    const elapsedMs = Date.now() - start;
    observers.forEach((o) => o.onTrainEnd?.({ history, elapsedMs, stoppedEpoch }));
    return { ...history, epochsRun: history.loss.length, stoppedEpoch, bestEpoch, interrupted, elapsedMs };
  } finally {
    tf.dispose(bestWeights);
    tf.dispose(owned);
  }
}
