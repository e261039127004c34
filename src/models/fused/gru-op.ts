/**
 * The fused whole-sequence GRU kernel (forward and backpropagation through time in one
 * WebAssembly call per direction), wired into TensorFlow.js with a custom gradient.
 *
 * Contract shared with `src/models/`: the GRU layer calls `fusedGruSupported(args)` and,
 * when it answers true, `gruSequenceFused(args)` instead of the op-by-op reference path.
 *
 * How it is fast: the input projections of all time steps are one large product, the
 * time loop holds only the recurrent product `[batch, units] x [units, 3 units]` and the
 * gates (f32x4 SIMD, exp by polynomial), and the weight gradients are large products
 * over all steps after the backward loop. Batches of 8 or more are split across two
 * threads (./pool.ts); a failing worker thread costs one warning and the speed of the
 * second core, never a hang or the user's training.
 *
 * With no gradient tape recording (`model.predict`, `evaluate`) the layer runs the inference
 * pass instead (./infer.ts): no custom-gradient op, nothing kept, input and output copied in
 * and out of the kernel as whole blocks.
 *
 * Kernel memory: a forward pass recorded for a gradient keeps its gates until its backward
 * pass; one whose gradient is never taken is freed at the next kernel call after its
 * gradient tape closed (see ./kept-runs.ts), not left to the garbage collector.
 *
 * Porting note: `hardSigmoid` here is Keras 3's `relu6(x + 3) / 6` (slope 1/6), the same
 * definition as the layer's op-by-op path; TensorFlow.js's own `hardSigmoid` (and Keras 2's)
 * is `clip(0.2 x + 0.5, 0, 1)`, so tfjs-layers GRU weights trained with it give slightly
 * different gates here.
 */
import * as tf from '@tensorflow/tfjs';
import type { RecurrentActivation } from '../layer-args';
import { loadKernelModule, type KernelModule } from './kernel-module';
import { inferSequence } from './gru-infer-host';
import { KeptRuns } from './kept-runs';
import { tensorFromView, valuesOf, viewOf } from './host-buffers';
import { activationCode, type ActivationName } from './kernel-calls';
import {
  backwardSequence, forwardSequence, pad4, releaseRun, type SavedRun, type SequenceCodes, type SequenceDims,
} from './gru-host';

/** Activations the GRU candidate state and gates may use: the recurrent layers' own list. */
export type GruActivation = RecurrentActivation;

/** Compiles only while the kernel has a code (`Activation` in ./convention.ts) for every layer activation. */
const kernelKnowsEveryActivation: RecurrentActivation extends ActivationName ? true : never = true;
void kernelKnowsEveryActivation;

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
  /**
   * `[batch, timeSteps]`, nonzero (or `true`) where a step is real and 0 where it is padding,
   * as Keras's `Masking` / `Embedding(maskZero)` make it (`sequenceMask(lengths, timeSteps)` for
   * per-sample lengths). At a padded step the state carries over and the output repeats the
   * previous one (Keras masking); not differentiated.
   */
  mask?: tf.Tensor;
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
  /**
   * The final hidden state, `[batch, units]` (the same tensor as `output` when not
   * `returnSequences`, except for a sample whose steps are all masked: Keras's output is
   * zeros there, its state the initial state).
   */
  lastState: tf.Tensor2D;
}

/** Why `args` cannot run fused, or `undefined` when they can. */
function unsupportedReason(args: GruSequenceArgs): string | undefined {
  const { x, kernel, recurrentKernel, bias, initialState } = args;
  const tensors = [x, kernel, recurrentKernel, bias, initialState].filter((t): t is tf.Tensor => t != null);
  if (tensors.some((t) => t.dtype !== 'float32')) return 'only float32 tensors are supported';
  if (x.rank !== 3 || kernel.rank !== 2 || recurrentKernel.rank !== 2) return 'x must be rank 3, kernels rank 2';
  const [batch, steps, inputDim] = x.shape;
  const units = recurrentKernel.shape[0];
  if (batch < 1 || steps < 1 || inputDim < 1 || units < 1) return 'empty dimensions are not supported';
  if (kernel.shape[0] !== inputDim || kernel.shape[1] !== 3 * units) return 'kernel must be [inputDim, 3 * units]';
  if (recurrentKernel.shape[1] !== 3 * units) return 'recurrentKernel must be [units, 3 * units]';
  if (bias != null) {
    const want = args.resetAfter ? [2, 3 * units] : [3 * units];
    if (!tf.util.arraysEqual(bias.shape, want)) return `bias must be [${want.join(', ')}]`;
  }
  if (initialState != null && !tf.util.arraysEqual(initialState.shape, [batch, units])) {
    return 'initialState must be [batch, units]';
  }
  if (args.mask != null && !tf.util.arraysEqual(args.mask.shape, [batch, steps])) return 'mask must be [batch, timeSteps]';
  if (activationCode(args.activation) === undefined || activationCode(args.recurrentActivation) === undefined) {
    return 'unknown activation';
  }
  if (loadKernelModule() === null) return 'the WebAssembly kernel could not be loaded';
  return undefined;
}

/**
 * Whether the fused kernel can run these arguments: float32 tensors of consistent
 * shapes (a mask too), a known activation, and the WebAssembly module loadable. Recurrent
 * dropout and other dtypes are the caller's business (it uses the op-by-op path for them).
 *
 * @param args the run's tensors and settings (see {@link GruSequenceArgs}).
 * @returns `true` when {@link gruSequenceFused} can run them.
 * @example
 * fusedGruSupported({ x, kernel, recurrentKernel, bias: null, resetAfter: true,
 *   activation: 'tanh', recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: false });
 * // => true (after `npm run build`)
 */
export function fusedGruSupported(args: GruSequenceArgs): boolean {
  return unsupportedReason(args) === undefined;
}

/** The fused kernels' own WebAssembly memory (GRU, LSTM and SimpleRNN share it), which `tf.memory()` does not see. */
export interface FusedKernelMemory {
  /** Bytes the kernel holds now (kept forward passes awaiting their backward pass, and buffers in use). */
  inUseBytes: number;
  /** Most bytes held at once since the last {@link resetFusedKernelPeak} (or since the kernel loaded). */
  peakBytes: number;
  /** Size of the kernel's WebAssembly memory (it grows, never shrinks). */
  reservedBytes: number;
}

/**
 * What the fused kernels (GRU, LSTM, SimpleRNN) hold in their shared WebAssembly memory: during
 * training they keep every step's gates there for backpropagation, memory that `tf.memory()`
 * does not count.
 *
 * @returns the byte counts, or `null` when the kernel cannot load (the op-by-op path runs).
 * @example
 * grulab.resetFusedKernelPeak();
 * await model.trainOnBatch(x, y);
 * grulab.fusedKernelMemory()?.peakBytes; // => bytes the kernel needed for that step
 * @see notebooks/01-gru-basics.ipynb
 */
export function fusedKernelMemory(): FusedKernelMemory | null {
  const wasm = loadKernelModule();
  if (wasm === null) return null;
  return { inUseBytes: wasm.inUseBytes, peakBytes: wasm.peakBytes, reservedBytes: wasm.memory.buffer.byteLength };
}

/** Starts a new peak measurement for {@link fusedKernelMemory} from the bytes in use now. */
export function resetFusedKernelPeak(): void {
  loadKernelModule()?.resetPeak();
}

/** The GRU's forward passes kept for a gradient (./kept-runs.ts). */
const keptRuns = new KeptRuns<SavedRun>(releaseRun);

/**
 * Runs a GRU layer over a whole sequence in one WebAssembly call, with a custom gradient
 * (backpropagation through time in one more call) so `tf.grads`, `model.fit` and the
 * optimizers work unchanged. Gradients flow to `x`, `kernel`, `recurrentKernel`, `bias`
 * and `initialState`.
 *
 * @param args the run's tensors and settings (see {@link GruSequenceArgs}).
 * @returns `output` (`[batch, timeSteps, units]` or `[batch, units]`) and `lastState` `[batch, units]`.
 * @throws Error when {@link fusedGruSupported} would answer false, naming the reason.
 * @example
 * const { output } = gruSequenceFused({ x: tf.ones([2, 5, 1]), kernel, recurrentKernel,
 *   bias: null, resetAfter: true, activation: 'tanh', recurrentActivation: 'sigmoid',
 *   goBackwards: false, returnSequences: true });
 * output.shape; // => [2, 5, units]
 */
export function gruSequenceFused(args: GruSequenceArgs): GruSequenceResult {
  const why = unsupportedReason(args);
  const wasm = loadKernelModule();
  if (why !== undefined || wasm === null) throw new Error(`gruSequenceFused: cannot run these arguments: ${why}`);
  const [batch, steps, inputDim] = args.x.shape;
  const units = args.recurrentKernel.shape[0];
  const dims: SequenceDims = {
    batch, steps, inputDim, units, dp: pad4(inputDim), up: pad4(units),
  };
  const codes: SequenceCodes = {
    resetAfter: args.resetAfter,
    goBackwards: args.goBackwards,
    returnSequences: args.returnSequences,
    act: activationCode(args.activation)!,
    ract: activationCode(args.recurrentActivation)!,
  };
  const outShape = args.returnSequences ? [batch, steps, units] : [batch, units];
  const { bias, initialState } = args;
  const inputs: tf.Tensor[] = [args.x, args.kernel, args.recurrentKernel];
  if (bias != null) inputs.push(bias);
  if (initialState != null) inputs.push(initialState);
  // keep the gates for the backward pass only when a gradient tape is recording
  const keep = tf.engine().isTapeOn();
  keptRuns.beforeForward(wasm, keep);
  if (!keep) return inferFused(wasm, args, dims, codes);
  const states = keptRuns.op(inputs, outShape, true, () => forwardSequence(wasm, dims, codes, {
    x: valuesOf(args.x),
    kernel: valuesOf(args.kernel),
    recurrentKernel: valuesOf(args.recurrentKernel),
    bias: bias != null ? valuesOf(bias) : null,
    initialState: initialState != null ? valuesOf(initialState) : null,
    mask: args.mask != null ? (args.mask.dataSync() as ArrayLike<number>) : null,
  }, true), (saved, dOutput) => {
    const g = backwardSequence(wasm, saved, dOutput);
    return [g.x, g.kernel, g.recurrentKernel, ...(bias != null ? [g.bias] : []), ...(initialState != null ? [g.initialState] : [])];
  });
  const lastState = args.returnSequences
    ? tf.tidy(() => tf.slice(states, [0, steps - 1, 0], [batch, 1, units]).reshape([batch, units]) as tf.Tensor2D)
    : (states as tf.Tensor2D);
  return maskedOutput(args, states, lastState);
}

/**
 * The forward pass when no gradient tape records (`model.predict`): the inference kernel
 * (./infer.ts), with no custom-gradient op around it and the last state straight from the
 * kernel. The same numbers as the recorded pass.
 */
function inferFused(wasm: KernelModule, args: GruSequenceArgs, dims: SequenceDims, codes: SequenceCodes): GruSequenceResult {
  const { batch, steps, units } = dims;
  const { bias, initialState } = args;
  const mask = args.mask != null ? (args.mask.dataSync() as ArrayLike<number>) : null;
  // the inputs read in place (views, copied into the kernel's memory before any other op runs)
  const { states, lastState } = inferSequence(wasm, dims, codes, {
    x: viewOf(args.x),
    kernel: viewOf(args.kernel),
    recurrentKernel: viewOf(args.recurrentKernel),
    bias: bias != null ? viewOf(bias) : null,
    initialState: initialState != null ? viewOf(initialState) : null,
    mask,
  }, (run) => {
    const last = tensorFromView(run.lastState, [batch, units]) as tf.Tensor2D;
    return { lastState: last, states: args.returnSequences ? tensorFromView(run.output, [batch, steps, units]) : last };
  });
  return maskedOutput(args, states, lastState);
}

/** Keras's masked output (see {@link beforeFirstRealStep}); `states` is the kernel's output tensor. */
function maskedOutput(args: GruSequenceArgs, states: tf.Tensor, lastState: tf.Tensor2D): GruSequenceResult {
  const before = args.mask != null ? beforeFirstRealStep(args.mask, args.goBackwards, args.returnSequences) : null;
  if (before === null) return { output: states, lastState };
  const output = tf.tidy(() => tf.mul(states, before));
  before.dispose();
  if (args.returnSequences) states.dispose();
  return { output, lastState };
}

/**
 * Keras's masked output is the previous output, and zeros before a sample's first real step,
 * while the state there is the initial state (the kernel's output): a factor, `[batch, steps, 1]`
 * or `[batch, 1]`, that is 0 at those steps and 1 elsewhere, or `null` when every sample starts
 * with a real step (right-padded sequences run forwards).
 */
function beforeFirstRealStep(mask: tf.Tensor, goBackwards: boolean, returnSequences: boolean): tf.Tensor | null {
  const [batch, steps] = mask.shape as [number, number];
  const m = mask.dataSync();
  const first = Array.from({ length: batch }, (_, b) => {
    let s = 0;
    while (s < steps && m[b * steps + (goBackwards ? steps - 1 - s : s)] === 0) s++;
    return s;
  });
  if (first.every((s) => s === 0)) return null;
  if (!returnSequences) return tf.tensor2d(first.map((s) => (s < steps ? 1 : 0)), [batch, 1]);
  const factor = new Float32Array(batch * steps);
  first.forEach((s, b) => factor.fill(1, b * steps + s, (b + 1) * steps));
  return tf.tensor3d(factor, [batch, steps, 1]);
}
