/**
 * The switch of the whole-model fused training step (./trainer.ts): on by default, off when
 * the process starts with `GRULAB_FUSED_STEP=0`. The kernels' own switch is
 * `setFused` (models/fused/fused-switch.ts); this one only decides whether `fit` trains
 * through the fused step or through `model.trainOnBatch`.
 */
let stepEnabled = process.env.GRULAB_FUSED_STEP !== '0';

/**
 * Turns the whole-model fused training step of `fit` / `trainModel` on or off for this
 * process (the fused kernels themselves stay as `setFused` says). Off, every batch
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
