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
import { checkPositiveInteger } from '../base/checks';
import type { Seed } from '../models/initializers';
import { batchTrainer, recordTrainingStep, type BatchTrainer } from './batch-trainer';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping';

export type { EarlyStoppingOptions } from './early-stopping';

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
  if (o.epochs !== undefined) checkPositiveInteger('trainModel', 'epochs', o.epochs);
  if (o.batchSize !== undefined) checkPositiveInteger('trainModel', 'batchSize', o.batchSize);
  if (o.validationSplit !== undefined && !(o.validationSplit > 0 && o.validationSplit < 1)) {
    throw new Error(`trainModel: validationSplit must be in (0, 1), got ${o.validationSplit}`);
  }
  const monitor = o.earlyStopping?.monitor ?? 'val_loss';
  if (o.earlyStopping !== undefined && monitor === 'val_loss' && o.validationData === undefined && o.validationSplit === undefined) {
    throw new Error("trainModel: earlyStopping.monitor is 'val_loss' but there is no validationData or validationSplit");
  }
}

/** Training and validation tensors: the last `validationSplit` held out, as Keras does (before any shuffling). */
interface SplitData {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  validation?: [tf.Tensor, tf.Tensor];
  /** Tensors made here, disposed when training ends. */
  owned: tf.Tensor[];
}

function splitValidation(x: tf.Tensor, y: tf.Tensor, options: TrainOptions): SplitData {
  if (options.validationData !== undefined || options.validationSplit === undefined) {
    return { xTrain: x, yTrain: y, validation: options.validationData, owned: [] };
  }
  const samplesAll = x.shape[0];
  const splitAt = Math.floor(samplesAll * (1 - options.validationSplit));
  if (splitAt <= 0 || splitAt >= samplesAll) {
    throw new Error(`trainModel: validationSplit ${options.validationSplit} leaves no training or no validation samples out of ${samplesAll}`);
  }
  const xTrain = tf.slice(x, 0, splitAt);
  const yTrain = tf.slice(y, 0, splitAt);
  const validation: [tf.Tensor, tf.Tensor] = [tf.slice(x, splitAt), tf.slice(y, splitAt)];
  return { xTrain, yTrain, validation, owned: [xTrain, yTrain, ...validation] };
}

/** What one epoch needs, fixed for the whole run, plus the time of the last yield to the event loop. */
interface EpochContext {
  trainer: BatchTrainer;
  data: SplitData;
  order: number[];
  batchSize: number;
  batchesPerEpoch: number;
  observers: TrainingObserver[];
  yieldEveryMs: number;
  signal?: AbortSignal;
  lastYield: number;
}

/** Runs one epoch over `ctx.order` (already shuffled); returns its mean loss, or `undefined` when `signal` was aborted before one of its batches. */
async function runEpoch(ctx: EpochContext, epoch: number): Promise<number | undefined> {
  let lossSum = 0;
  let seen = 0;
  for (let batch = 0; batch < ctx.batchesPerEpoch; batch++) {
    // Checked before each batch, so an abort from onEpochEnd stops before the next epoch trains anything.
    if (ctx.signal?.aborted === true) return undefined;
    const indices = ctx.order.slice(batch * ctx.batchSize, (batch + 1) * ctx.batchSize);
    const loss = await ctx.trainer.trainBatch(indices);
    // The epoch loss is the mean over samples of the batch losses, as Keras's progress bar.
    lossSum += loss * indices.length;
    seen += indices.length;
    ctx.observers.forEach((o) => o.onBatchEnd?.({ epoch, batch, loss: lossSum / seen }));
    if (Date.now() - ctx.lastYield >= ctx.yieldEveryMs) {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.lastYield = Date.now();
    }
  }
  return lossSum / seen;
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
  const observers = options.observer === undefined ? [] : Array.isArray(options.observer) ? options.observer : [options.observer];
  const rng = createRng(options.seed ?? Math.random().toString(36).slice(2));
  const data = splitValidation(x, y, options);
  const samples = data.xTrain.shape[0];
  const batchesPerEpoch = Math.ceil(samples / batchSize);
  const history: TrainingHistory = { loss: [], ...(data.validation !== undefined ? { valLoss: [] } : {}) };
  const earlyStopping = options.earlyStopping === undefined ? undefined : new EarlyStopping(model, options.earlyStopping);
  const start = Date.now();
  const trainer = await batchTrainer(model, data.xTrain, data.yTrain);
  let finished = false;
  const ctx: EpochContext = {
    trainer, data, batchSize, batchesPerEpoch, observers, signal: options.signal,
    order: Array.from({ length: samples }, (_, i) => i),
    yieldEveryMs: options.yieldEveryMs ?? 50,
    lastYield: start,
  };
  let interrupted = false;

  try {
    observers.forEach((o) => o.onTrainBegin?.({ epochs, batchesPerEpoch, samples }));
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (options.shuffle ?? true) rng.shuffle(ctx.order);
      const loss = await runEpoch(ctx, epoch);
      if (loss === undefined) {
        interrupted = true;
        break;
      }
      history.loss.push(loss);
      // the model's variables are current at every epoch's end (validation, observers, early stopping read them)
      trainer.syncWeights();
      let valLoss: number | undefined;
      if (data.validation !== undefined) {
        valLoss = trainer.validationLoss(data.validation[0], data.validation[1], batchSize);
        history.valLoss?.push(valLoss);
      }
      observers.forEach((o) => o.onEpochEnd?.({ epoch, loss, valLoss, elapsedMs: Date.now() - start }));
      if (earlyStopping?.onEpochEnd(epoch, loss, valLoss) === true) break;
    }
    finished = true;
    await trainer.finish();
    earlyStopping?.onTrainEnd();
    const elapsedMs = Date.now() - start;
    const stoppedEpoch = earlyStopping?.stoppedEpoch;
    observers.forEach((o) => o.onTrainEnd?.({ history, elapsedMs, stoppedEpoch, interrupted }));
    recordTrainingStep(model, trainer);
    return { ...history, epochsRun: history.loss.length, stoppedEpoch, bestEpoch: earlyStopping?.bestEpoch, interrupted, elapsedMs };
  } finally {
    if (!finished) await trainer.finish();
    earlyStopping?.dispose();
    tf.dispose(data.owned);
  }
}
