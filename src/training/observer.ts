/**
 * What training reports while it runs. The model code only calls these hooks; the
 * displays that listen (a live notebook chart, a terminal bar) live in `src/charts/`.
 */

/** Loss per epoch, as Keras's `History.history`. */
export interface TrainingHistory {
  /** Training loss after each epoch. */
  loss: number[];
  /** Validation loss after each epoch, when there is validation data. */
  valLoss?: number[];
}

/** Sent once when training starts. */
export interface TrainBeginInfo {
  epochs: number;
  batchesPerEpoch: number;
  samples: number;
}

/** Sent after each batch. */
export interface BatchEndInfo {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Running mean of the loss over this epoch so far. */
  loss: number;
}

/** Sent after each epoch. */
export interface EpochEndInfo {
  /** 0-based epoch. */
  epoch: number;
  loss: number;
  valLoss?: number;
  /** Milliseconds since training started. */
  elapsedMs: number;
}

/** Sent once when training ends (also after early stopping). */
export interface TrainEndInfo {
  history: TrainingHistory;
  elapsedMs: number;
  /** Set when early stopping ended training before the last epoch. */
  stoppedEpoch?: number;
  /** `true` when `fit`'s `signal` stopped training before the last epoch. */
  interrupted?: boolean;
}

/** Listens to training. Every hook is optional. */
export interface TrainingObserver {
  onTrainBegin?(info: TrainBeginInfo): void;
  onBatchEnd?(info: BatchEndInfo): void;
  onEpochEnd?(info: EpochEndInfo): void;
  onTrainEnd?(info: TrainEndInfo): void;
}
