/**
 * Keras's `EarlyStopping`: its options, and the callback the training loop consults after
 * each epoch.
 */
import * as tf from '@tensorflow/tfjs';

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

/**
 * Keras's `EarlyStopping` callback: watches the monitored loss after each epoch, says when
 * to stop, and keeps the best epoch's weights when asked to restore them.
 */
export class EarlyStopping {
  bestEpoch?: number;
  stoppedEpoch?: number;
  private best = Infinity;
  private wait = 0;
  private bestWeights?: tf.Tensor[];

  constructor(private readonly model: tf.LayersModel, private readonly options: EarlyStoppingOptions) {}

  /** Records the epoch's losses; `true` when training should stop. */
  onEpochEnd(epoch: number, loss: number, valLoss: number | undefined): boolean {
    const current = (this.options.monitor ?? 'val_loss') === 'loss' ? loss : (valLoss as number);
    this.wait++;
    if (current < this.best - (this.options.minDelta ?? 0)) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.options.restoreBestWeights === true) {
        tf.dispose(this.bestWeights);
        this.bestWeights = this.model.getWeights().map((w) => w.clone());
      }
    } else if (this.wait >= (this.options.patience ?? 0) && epoch > 0) {
      this.stoppedEpoch = epoch;
      return true;
    }
    return false;
  }

  /** Puts back the best epoch's weights, when they were kept. */
  onTrainEnd(): void {
    if (this.bestWeights !== undefined) this.model.setWeights(this.bestWeights);
  }

  dispose(): void {
    tf.dispose(this.bestWeights);
  }
}
