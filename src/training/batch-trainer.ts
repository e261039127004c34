/**
 * One training step on a batch of sample indices, by whichever step suits the model: the
 * whole-model fused step (./fused-step/) when the model qualifies, else TensorFlow.js's
 * `model.trainOnBatch` with the compiled optimizer and loss.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedStepTrainer } from './fused-step/trainer';

/** How a training run's batches are trained: `'fused'` (the whole-model fused step) or `'trainOnBatch'`. */
export type TrainingStep = 'fused' | 'trainOnBatch';

/** Trains batches of one model on one `[x, y]`. */
export interface BatchTrainer {
  readonly step: TrainingStep;
  /** Why the fused step does not train this model (`undefined` when it does). */
  readonly whyNotFused?: string;
  /** One step on the samples at `indices`; resolves to the batch's loss. */
  trainBatch(indices: number[]): Promise<number>;
  /** The model's loss on `[x, y]` (the compiled loss, without regularization), as `model.evaluate` gives it. */
  validationLoss(x: tf.Tensor, y: tf.Tensor, batchSize: number): number;
  /** Brings the model's variables up to date (the fused step trains copies of them). */
  syncWeights(): void;
  /** Ends training: the model's variables and optimizer state are current after it. */
  finish(): Promise<void>;
}

/** Which step trained a model, and why not the fused one: what {@link lastTrainingStep} tells. */
export interface TrainingStepRecord {
  /**
   * `'fused'`: the whole-model fused step (forward, loss, backward and Adam in the
   * WebAssembly kernels and plain arrays, for chains of grulab's recurrent layers and linear
   * dense layers compiled with Adam and MSE); `'trainOnBatch'`: TensorFlow.js's own step.
   */
  step: TrainingStep;
  /** Why the fused step did not train the model, when it did not. */
  whyNotFused?: string;
}

const lastSteps = new WeakMap<tf.LayersModel, TrainingStepRecord>();

/** Remembers which step trained `model` (kept beside the model, not in the loss history). */
export function recordTrainingStep(model: tf.LayersModel, trainer: BatchTrainer): void {
  lastSteps.set(model, { step: trainer.step, ...(trainer.whyNotFused !== undefined ? { whyNotFused: trainer.whyNotFused } : {}) });
}

/**
 * Which training step `fit` (or `trainModel`) used the last time it trained `model`.
 *
 * @param model a model `fit` has trained.
 * @returns the step and, when it was not the fused one, why; `undefined` for a model not trained by `fit`.
 * @example
 * await grulab.fit(model, x, y, { epochs: 1, verbose: 0 });
 * lastTrainingStep(model); // => { step: 'fused' } for a GRU -> Dense model compiled with Adam and MSE
 */
export function lastTrainingStep(model: tf.LayersModel): TrainingStepRecord | undefined {
  return lastSteps.get(model);
}

/** TensorFlow.js's own step: gather the batch, `model.trainOnBatch`. */
class TrainOnBatch implements BatchTrainer {
  readonly step = 'trainOnBatch';

  constructor(private readonly model: tf.LayersModel, private readonly x: tf.Tensor, private readonly y: tf.Tensor, readonly whyNotFused: string) {}

  async trainBatch(indices: number[]): Promise<number> {
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return [tf.gather(this.x, idx), tf.gather(this.y, idx)];
    });
    const lossValue = await this.model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
    return Array.isArray(lossValue) ? lossValue[0] : lossValue;
  }

  validationLoss(x: tf.Tensor, y: tf.Tensor, batchSize: number): number {
    return evaluateLoss(this.model, x, y, batchSize);
  }

  syncWeights(): void {}

  async finish(): Promise<void> {}
}

/** Mean loss of `model` on `[x, y]` through `model.evaluate`. */
function evaluateLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batchSize: number): number {
  const result = model.evaluate(x, y, { batchSize });
  const scalars = Array.isArray(result) ? result : [result];
  const value = scalars[0].dataSync()[0];
  tf.dispose(scalars);
  return value;
}

/** The fused step on copies of `x` and `y` as arrays. */
class FusedBatches implements BatchTrainer {
  readonly step = 'fused';
  private readonly xValues: Float32Array;
  private readonly yValues: Float32Array;
  private readonly xSize: number;
  private readonly ySize: number;

  constructor(private readonly model: tf.LayersModel, private readonly trainer: FusedStepTrainer, x: tf.Tensor, y: tf.Tensor) {
    this.xValues = x.dataSync() as Float32Array;
    this.yValues = y.dataSync() as Float32Array;
    this.xSize = x.size / x.shape[0];
    this.ySize = y.size / y.shape[0];
  }

  async trainBatch(indices: number[]): Promise<number> {
    this.trainer.readChangedWeights();
    return this.trainer.trainBatch(gatherRows(this.xValues, this.xSize, indices), gatherRows(this.yValues, this.ySize, indices), indices.length);
  }

  /** The validation data as arrays, read once. */
  private validation?: { x: tf.Tensor; y: tf.Tensor; xValues: Float32Array; yValues: Float32Array };

  validationLoss(x: tf.Tensor, y: tf.Tensor, batchSize: number): number {
    if (shapesFit(this.model, x, y) !== undefined) return evaluateLoss(this.model, x, y, batchSize);
    if (this.validation?.x !== x || this.validation.y !== y) {
      this.validation = { x, y, xValues: x.dataSync() as Float32Array, yValues: y.dataSync() as Float32Array };
    }
    return this.trainer.meanSquaredError(this.validation.xValues, this.validation.yValues, x.shape[0]);
  }

  syncWeights(): void {
    this.trainer.writeWeights();
  }

  finish(): Promise<void> {
    return this.trainer.finish();
  }
}

function gatherRows(values: Float32Array, size: number, indices: number[]): Float32Array {
  const out = new Float32Array(indices.length * size);
  indices.forEach((row, i) => out.set(values.subarray(row * size, (row + 1) * size), i * size));
  return out;
}

/** Whether `x` and `y` fit the model's input and output shapes exactly (else `trainOnBatch` runs and says what is wrong). */
function shapesFit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): string | undefined {
  if (x.dtype !== 'float32' || y.dtype !== 'float32') return 'x or y is not float32';
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return 'the model has several inputs or outputs';
  const fits = (t: tf.Tensor, shape: Array<number | null>): boolean =>
    t.rank === shape.length && shape.every((d, i) => i === 0 || d === null || d === t.shape[i]);
  if (!fits(x, model.inputs[0].shape)) return `x of shape [${x.shape}] does not fit the model's input [${model.inputs[0].shape}]`;
  if (!fits(y, model.outputs[0].shape)) return `y of shape [${y.shape}] does not fit the model's output [${model.outputs[0].shape}]`;
  return undefined;
}

/**
 * The trainer for `model` on `[x, y]`: the fused step when the model qualifies
 * (./fused-step/plan.ts) and the data fits it, else `trainOnBatch`.
 */
export async function batchTrainer(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<BatchTrainer> {
  const misfit = shapesFit(model, x, y);
  if (misfit !== undefined) return new TrainOnBatch(model, x, y, misfit);
  const fused = await FusedStepTrainer.create(model, x.shape.slice(1));
  if (typeof fused === 'string') return new TrainOnBatch(model, x, y, fused);
  return new FusedBatches(model, fused, x, y);
}
