/**
 * `trainingProgress`: the training observer that feeds the progress display
 * (`charts/progress-display.ts`) from the loop's events, as Keras's `verbose=1` does.
 */
import { openProgressDisplay, type ProgressDisplay, type ProgressDisplayOptions } from '../charts/progress-display';
import type { TrainEndInfo, TrainingObserver } from './observer';

/** Options of {@link trainingProgress}: those of the display. */
export type TrainingProgressOptions = ProgressDisplayOptions;

/**
 * How training ended, for the last progress line: `done`, or `stopped early at epoch N`
 * (1-based, the last epoch that completed) when early stopping or `signal` ended it before
 * `epochs`.
 */
export function endText(info: TrainEndInfo, epochs: number): string {
  const completed = info.history.loss.length;
  return info.stoppedEpoch !== undefined || info.interrupted === true || completed < epochs
    ? `stopped early at epoch ${completed}`
    : 'done';
}

/**
 * A training observer that shows progress: in a tslab notebook one output updated in place
 * (epoch, batch, loss, val loss, elapsed, ETA and a live loss chart, at most every
 * `throttleMs` and at each epoch end); in a terminal a cli-progress bar on stderr; when
 * stderr is not a terminal (CI logs), one line per epoch.
 *
 * Porting note: Keras's `verbose=1` progress bar writes to stdout; here the terminal output
 * goes to stderr so that a script's stdout stays its own.
 *
 * @param options - see {@link TrainingProgressOptions}.
 * @throws when `throttleMs` is negative or not a number (when training starts).
 * @returns an observer to pass to `fit` (Keras `verbose=1`; pass none for `verbose=0`).
 * @example
 * await grulab.fit(model, x, y, { epochs: 10, verbose: 0, observer: grulab.trainingProgress() });
 * // terminal, not a TTY: "Epoch 1/10 - loss 0.0213 - elapsed 1.2 s - ETA 10.8 s"
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function trainingProgress(options: TrainingProgressOptions = {}): TrainingObserver {
  const throttleMs = options.throttleMs ?? 300;
  if (!(throttleMs >= 0)) throw new RangeError(`trainingProgress: throttleMs must be >= 0, got ${throttleMs}`);
  let display: ProgressDisplay | undefined;
  let epochs = 0;
  // The display is chosen when training starts, in the cell that runs fit.
  return {
    onTrainBegin: (info) => {
      epochs = info.epochs;
      display = openProgressDisplay(options);
      display.start({ epochs: info.epochs, batchesPerEpoch: info.batchesPerEpoch });
    },
    onBatchEnd: (info) => display?.batch(info),
    onEpochEnd: (info) => display?.epoch(info),
    onTrainEnd: (info) => display?.end({ ...info.history, elapsedMs: info.elapsedMs, ended: endText(info, epochs) }),
  };
}
