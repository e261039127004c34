/**
 * The fused whole-sequence GRU kernel (forward and backpropagation through time in one
 * WebAssembly call per direction), wired into TensorFlow.js with a custom gradient.
 *
 * Contract shared with `src/models/`: the GRU layer calls `fusedGruSupported(args)` and,
 * when it answers true, `gruSequenceFused(args)` instead of the op-by-op reference path.
 * Placeholder until the kernel lands: nothing is supported yet.
 */
import * as tf from '@tensorflow/tfjs';

/** Activations the GRU candidate state may use. */
export type GruActivation = 'tanh' | 'relu' | 'linear' | 'sigmoid' | 'hardSigmoid';

/** Everything one GRU layer needs to run over a whole sequence. */
export interface GruSequenceArgs {
  /** Inputs, `[batch, timeSteps, inputDim]`. */
  x: tf.Tensor3D;
  /** Input kernel, `[inputDim, 3 * units]`, gate blocks ordered z, r, h (Keras). */
  kernel: tf.Tensor2D;
  /** Recurrent kernel, `[units, 3 * units]`, gate blocks ordered z, r, h. */
  recurrentKernel: tf.Tensor2D;
  /** `[2, 3 * units]` (input bias, recurrent bias) when `resetAfter`, `[3 * units]` otherwise; `null` without bias. */
  bias: tf.Tensor | null;
  /** Initial state `[batch, units]`; zeros when absent. */
  initialState?: tf.Tensor2D;
  /** Keras `reset_after`: apply the reset gate after the recurrent product. */
  resetAfter: boolean;
  /** Candidate-state activation (Keras default `tanh`). */
  activation: GruActivation;
  /** Gate activation (Keras default `sigmoid`). */
  recurrentActivation: GruActivation;
  /** Process the sequence from the last step to the first (outputs stay in processing order, as Keras). */
  goBackwards: boolean;
  /** Return all hidden states `[batch, timeSteps, units]` rather than only the last `[batch, units]`. */
  returnSequences: boolean;
}

/** The outputs of a whole-sequence GRU run. */
export interface GruSequenceResult {
  /** `[batch, timeSteps, units]` when `returnSequences`, else `[batch, units]`. */
  output: tf.Tensor;
  /** The final hidden state, `[batch, units]`. */
  lastState: tf.Tensor2D;
}

/** Whether the fused kernel can run these arguments (placeholder: never yet). */
export function fusedGruSupported(_args: GruSequenceArgs): boolean {
  return false;
}

/** Runs the fused kernel (placeholder: not implemented yet). */
export function gruSequenceFused(_args: GruSequenceArgs): GruSequenceResult {
  throw new Error('gruSequenceFused: the fused GRU kernel is not built yet');
}
