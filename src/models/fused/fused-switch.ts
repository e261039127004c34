/**
 * The one switch of every fused kernel (GRU, LSTM, SimpleRNN): on by default, off when the
 * process starts with `GRULAB_FUSED=0`. Tests, benchmarks and notebooks flip it to compare
 * the fused kernels with the op-by-op reference paths.
 */
let enabled = process.env.GRULAB_FUSED !== '0';

/**
 * Turns the fused WebAssembly kernels (GRU, LSTM, SimpleRNN) on or off for this process.
 *
 * @param on `false` makes every recurrent layer run its op-by-op reference path.
 * @example
 * setFused(false); // gru, lstm and simpleRNN layers now run op by op
 */
export function setFused(on: boolean): void {
  enabled = on;
}

/**
 * Whether the fused kernels may be used (see {@link setFused}).
 *
 * @example
 * fusedEnabled(); // => true unless GRULAB_FUSED=0 or setFused(false)
 */
export function fusedEnabled(): boolean {
  return enabled;
}

/** The whole-model fused training step (../fused-step/): on by default, off when the process starts with `GRULAB_FUSED_STEP=0`. */
let stepEnabled = process.env.GRULAB_FUSED_STEP !== '0';

/**
 * Turns the whole-model fused training step of `fit` / `trainModel` on or off for this
 * process (the fused kernels themselves stay as {@link setFused} says). Off, every batch
 * trains through `model.trainOnBatch`.
 *
 * @param on `false` makes `fit` train every model through `model.trainOnBatch`.
 * @example
 * setFusedStep(false); // fit now runs TensorFlow.js's own training step, kernels still fused
 */
export function setFusedStep(on: boolean): void {
  stepEnabled = on;
}

/**
 * Whether `fit` may train a model with the whole-model fused step (see {@link setFusedStep}).
 *
 * @example
 * fusedStepEnabled(); // => true unless GRULAB_FUSED_STEP=0 or setFusedStep(false)
 */
export function fusedStepEnabled(): boolean {
  return stepEnabled;
}
