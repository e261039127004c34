/**
 * The fused whole-sequence LSTM and SimpleRNN kernels wired into TensorFlow.js with a custom
 * gradient, as the GRU's (./index.ts): forward in one WebAssembly call, backpropagation
 * through time in one more, the batch split across the same worker threads.
 *
 * Contract shared with `src/models/recurrent-layers.ts`: the layers call
 * `fusedCellSupported(kind, args)` and, when it answers true, `cellSequenceFused(kind, args)`
 * instead of tfjs-layers' op-by-op `RNN.call`, which stays the reference.
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernelModule } from './kernel-module';
import { KeptRuns } from './kept-runs';
import { valuesOf } from './host-buffers';
import { pad4, type SequenceDims } from './gru-host';
import type { GruActivation } from './gru-op';
import { activationCode } from './kernel-calls';
import { backwardCells, CELL_GATES, type CellKind, forwardCells, type SavedCellRun } from './cell-host';
import { releaseRun } from './gru-host';

export type { CellKind };

/** Everything one LSTM or SimpleRNN layer needs to run over a whole sequence (Keras layout). */
export interface CellSequenceArgs {
  /** Inputs, `[batch, timeSteps, inputDim]`. */
  x: tf.Tensor3D;
  /** Input kernel, `[inputDim, gates * units]` (LSTM: 4 blocks i, f, c, o as Keras; SimpleRNN: 1). */
  kernel: tf.Tensor2D;
  /** Recurrent kernel, `[units, gates * units]`. */
  recurrentKernel: tf.Tensor2D;
  /** `[gates * units]`, or `null` without bias. */
  bias: tf.Tensor1D | null;
  /** Output (and LSTM candidate) activation (Keras default `tanh`). */
  activation: GruActivation;
  /** LSTM gate activation (Keras default `sigmoid`); ignored by the SimpleRNN. */
  recurrentActivation: GruActivation;
  /** Process the sequence from the last step to the first (outputs stay in processing order, as Keras). */
  goBackwards: boolean;
  /** Return all hidden states `[batch, timeSteps, units]` rather than only the last `[batch, units]`. */
  returnSequences: boolean;
}

/** Why `args` cannot run fused, or `undefined` when they can. */
function unsupportedReason(kind: CellKind, args: CellSequenceArgs): string | undefined {
  const { x, kernel, recurrentKernel, bias } = args;
  const gates = CELL_GATES[kind];
  const tensors = ([x, kernel, recurrentKernel, bias] as Array<tf.Tensor | null>).filter((t): t is tf.Tensor => t != null);
  if (tensors.some((t) => t.dtype !== 'float32')) return 'only float32 tensors are supported';
  if (x.rank !== 3 || kernel.rank !== 2 || recurrentKernel.rank !== 2) return 'x must be rank 3, kernels rank 2';
  const [batch, steps, inputDim] = x.shape;
  const units = recurrentKernel.shape[0];
  if (batch < 1 || steps < 1 || inputDim < 1 || units < 1) return 'empty dimensions are not supported';
  if (kernel.shape[0] !== inputDim || kernel.shape[1] !== gates * units) return `kernel must be [inputDim, ${gates} * units]`;
  if (recurrentKernel.shape[1] !== gates * units) return `recurrentKernel must be [units, ${gates} * units]`;
  if (bias != null && !tf.util.arraysEqual(bias.shape, [gates * units])) return `bias must be [${gates * units}]`;
  if (activationCode(args.activation) === undefined || activationCode(args.recurrentActivation) === undefined) return 'unknown activation';
  if (loadKernelModule() === null) return 'the WebAssembly kernel could not be loaded';
  return undefined;
}

/**
 * Whether the fused kernel of `kind` can run these arguments: float32 tensors of consistent
 * shapes, known activations, and the WebAssembly module loadable. Masks, dropout, initial
 * states and stateful layers are the caller's business (it uses the op-by-op path for them).
 *
 * @param kind `'lstm'` or `'rnn'` (SimpleRNN).
 * @param args the run's tensors and settings (see {@link CellSequenceArgs}).
 * @returns `true` when {@link cellSequenceFused} can run them.
 * @example
 * fusedCellSupported('lstm', { x, kernel, recurrentKernel, bias, activation: 'tanh',
 *   recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: false }); // => true
 */
export function fusedCellSupported(kind: CellKind, args: CellSequenceArgs): boolean {
  return unsupportedReason(kind, args) === undefined;
}

/** The LSTM's and SimpleRNN's forward passes kept for a gradient, freed by the GRU's rule (./kept-runs.ts). */
const keptRuns = new KeptRuns<SavedCellRun>(releaseRun);

/**
 * Runs an LSTM or SimpleRNN layer over a whole sequence in one WebAssembly call, starting
 * from a zero state, with a custom gradient (backpropagation through time in one more call)
 * so `tf.grads`, `model.fit` and the optimizers work unchanged. Gradients flow to `x`,
 * `kernel`, `recurrentKernel` and `bias`.
 *
 * @param kind `'lstm'` or `'rnn'` (SimpleRNN).
 * @param args the run's tensors and settings (see {@link CellSequenceArgs}).
 * @returns `[batch, timeSteps, units]` with `returnSequences`, else the last output `[batch, units]`.
 * @throws Error when {@link fusedCellSupported} would answer false, naming the reason.
 * @example
 * cellSequenceFused('lstm', { x: tf.ones([2, 5, 1]), kernel, recurrentKernel, bias,
 *   activation: 'tanh', recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: true }).shape;
 * // => [2, 5, units]
 */
export function cellSequenceFused(kind: CellKind, args: CellSequenceArgs): tf.Tensor {
  const why = unsupportedReason(kind, args);
  const wasm = loadKernelModule();
  if (why !== undefined || wasm === null) throw new Error(`${kind}SequenceFused: cannot run these arguments: ${why}`);
  const [batch, steps, inputDim] = args.x.shape;
  const units = args.recurrentKernel.shape[0];
  const dims: SequenceDims = { batch, steps, inputDim, units, dp: pad4(inputDim), up: pad4(units) };
  const codes = {
    kind, goBackwards: args.goBackwards, returnSequences: args.returnSequences,
    act: activationCode(args.activation)!, ract: activationCode(args.recurrentActivation)!,
  };
  const outShape = args.returnSequences ? [batch, steps, units] : [batch, units];
  const { bias } = args;
  const inputs: tf.Tensor[] = [args.x, args.kernel, args.recurrentKernel];
  if (bias != null) inputs.push(bias);
  // keep what the backward pass reads only when a gradient tape is recording
  const keep = tf.engine().isTapeOn();
  keptRuns.beforeForward(wasm, keep);
  return keptRuns.op(inputs, outShape, keep, () => forwardCells(wasm, dims, codes, {
    x: valuesOf(args.x),
    kernel: valuesOf(args.kernel),
    recurrentKernel: valuesOf(args.recurrentKernel),
    bias: bias != null ? valuesOf(bias) : null,
  }, keep), (saved, dOutput) => {
    const g = backwardCells(wasm, saved, dOutput);
    return [g.x, g.kernel, g.recurrentKernel, ...(bias != null ? [g.bias] : [])];
  });
}
