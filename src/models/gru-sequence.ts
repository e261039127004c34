/**
 * One GRU layer over a whole sequence: the op-by-op TensorFlow.js reference, and the
 * dispatcher that uses the fused WebAssembly kernel when it can run the arguments.
 *
 * The reference follows Keras's `GRUCell.call` line by line; its gradients come from
 * TensorFlow.js autodiff, which makes it the yardstick the fused kernel is tested against.
 */
import * as tf from '@tensorflow/tfjs';
import {
  fusedGruSupported,
  gruSequenceFused,
  type GruActivation,
  type GruSequenceArgs,
  type GruSequenceResult,
} from './fused/gru-op';
import { fusedEnabled } from './fused/fused-switch';

/** The reference path's extras, which the fused kernel does not take. */
export interface GruReferenceArgs extends GruSequenceArgs {
  /**
   * `[batch, units]` recurrent dropout mask (already scaled by `1 / (1 - rate)`), applied to
   * `hPrev` at every step. As Keras 3's `GRUCell`, the masked `hPrev` feeds the gates and the
   * final blend `z * hPrev`; a padded step (see `mask`) still carries the unmasked state.
   */
  recurrentDropoutMask?: tf.Tensor2D;
}

/**
 * The mask of right-padded sequences: `[batch, timeSteps]`, 1 for the first `lengths[b]`
 * steps of sample `b` and 0 after (TensorFlow's `tf.sequence_mask`), for the `mask` of a
 * GRU run or layer call.
 *
 * @param lengths each sample's real length, an integer in `[0, timeSteps]`.
 * @param timeSteps the padded length.
 * @throws Error naming the sample whose length is not an integer in `[0, timeSteps]`.
 * @example
 * sequenceMask([2, 3], 3).arraySync(); // => [[1, 1, 0], [1, 1, 1]]
 */
export function sequenceMask(lengths: ArrayLike<number>, timeSteps: number): tf.Tensor2D {
  const values = new Float32Array(lengths.length * timeSteps);
  for (let b = 0; b < lengths.length; b++) {
    const n = lengths[b];
    if (!Number.isInteger(n) || n < 0 || n > timeSteps) {
      throw new Error(`sequenceMask: lengths[${b}] must be an integer in [0, ${timeSteps}], got ${n}`);
    }
    values.fill(1, b * timeSteps, b * timeSteps + n);
  }
  return tf.tensor2d(values, [lengths.length, timeSteps]);
}

/** Keras's activations by name. */
export function activationFn(name: GruActivation): (x: tf.Tensor) => tf.Tensor {
  switch (name) {
    case 'tanh':
      return tf.tanh;
    case 'sigmoid':
      return tf.sigmoid;
    case 'relu':
      return tf.relu;
    case 'linear':
      return (x) => x;
    case 'hardSigmoid':
      // Porting note: Keras 3's hard_sigmoid is relu6(x + 3) / 6; Keras 2 and TF.js use
      // clip(0.2 x + 0.5, 0, 1). We follow Keras 3, the Keras the lessons run on today.
      return (x) => tf.div(tf.relu6(tf.add(x, 3)), 6);
    default:
      throw new Error(`activation must be one of tanh, sigmoid, relu, linear, hardSigmoid, got '${String(name)}'`);
  }
}

function checkArgs(args: GruSequenceArgs): number {
  const { x, kernel, recurrentKernel, bias, resetAfter } = args;
  if (x.rank !== 3) {
    throw new Error(`gruSequence: x must be [batch, timeSteps, inputDim] (rank 3), got shape [${x.shape}]`);
  }
  const units = recurrentKernel.shape[0];
  if (recurrentKernel.shape[1] !== 3 * units) {
    throw new Error(`gruSequence: recurrentKernel must be [units, 3 * units], got [${recurrentKernel.shape}]`);
  }
  if (kernel.shape[0] !== x.shape[2] || kernel.shape[1] !== 3 * units) {
    throw new Error(
      `gruSequence: kernel must be [inputDim, 3 * units] = [${x.shape[2]}, ${3 * units}], got [${kernel.shape}]`,
    );
  }
  const biasShape = resetAfter ? [2, 3 * units] : [3 * units];
  if (bias !== null && bias.shape.join() !== biasShape.join()) {
    throw new Error(`gruSequence: bias must be [${biasShape}] when resetAfter is ${resetAfter}, got [${bias.shape}]`);
  }
  return units;
}

/** Row `i` of a 2-D tensor, as a 1-D tensor. */
function row(t: tf.Tensor, i: number): tf.Tensor {
  return tf.reshape(tf.slice(t, [i, 0], [1, -1]), [-1]);
}

/** Time step `t` of `[batch, timeSteps, n]` as `[batch, n]` (or of `[batch, timeSteps]` as `[batch, 1]`). */
function timeSlice(t: tf.Tensor, step: number): tf.Tensor {
  if (t.rank === 2) return tf.slice(t, [0, step], [-1, 1]);
  return tf.reshape(tf.slice(t, [0, step, 0], [-1, 1, -1]), [t.shape[0], t.shape[2] as number]);
}

/**
 * Runs a GRU layer over a whole sequence with ordinary TensorFlow.js ops (Keras's
 * equations, one time step at a time). Differentiable by TF.js autodiff.
 *
 * Gates, with `x·W` the input projection and `hPrev·U` the recurrent one (blocks z, r, h):
 * `z = σ(x·Wz + bz + hPrev·Uz + bhz)`, `r = σ(x·Wr + br + hPrev·Ur + bhr)`;
 * reset after: `hTilde = tanh(x·Wh + bh + r * (hPrev·Uh + bhh))`;
 * reset before: `hTilde = tanh(x·Wh + bh + (r * hPrev)·Uh)`; then `h = z * hPrev + (1 - z) * hTilde`.
 *
 * @param args the sequence, weights and options ({@link GruReferenceArgs}).
 * @returns `output` (`[batch, timeSteps, units]` with `returnSequences`, else `[batch, units]`) and `lastState` `[batch, units]`.
 * @throws Error naming the argument whose shape does not fit.
 * @example
 * const { output } = gruSequenceReference({ x: tf.ones([1, 2, 1]), kernel, recurrentKernel, bias: null,
 *   resetAfter: true, activation: 'tanh', recurrentActivation: 'sigmoid', goBackwards: false, returnSequences: false });
 * output.shape; // => [1, units]
 */
export function gruSequenceReference(args: GruReferenceArgs): GruSequenceResult {
  const units = checkArgs(args);
  const { x, kernel, recurrentKernel, bias, resetAfter, goBackwards, returnSequences } = args;
  const act = activationFn(args.activation);
  const recAct = activationFn(args.recurrentActivation);
  const [batch, timeSteps, inputDim] = x.shape;
  if (timeSteps === 0) {
    throw new Error(`gruSequence: x must have at least one time step, got shape [${x.shape}]`);
  }
  const result = tf.tidy(() => {
    // Input projections for all time steps at once: [batch * timeSteps, 3 * units].
    let projected = tf.matMul(tf.reshape(x, [batch * timeSteps, inputDim]), kernel);
    let recurrentBias: tf.Tensor | null = null;
    if (bias !== null) {
      // Porting note: slices rather than tf.gather / tf.unstack: gather's gradient has no
      // wasm kernel, and unstack's gradient fails when one of the parts receives none.
      const [inputBias, hBias] = resetAfter ? [row(bias, 0), row(bias, 1)] : [bias, null];
      projected = tf.add(projected, inputBias);
      recurrentBias = hBias;
    }
    const projected3d = tf.reshape(projected, [batch, timeSteps, 3 * units]);
    const mask = args.mask !== undefined ? tf.cast(args.mask, 'float32') : undefined;
    let steps = Array.from({ length: timeSteps }, (_, t) => timeSlice(projected3d, t));
    let maskSteps = mask !== undefined ? Array.from({ length: timeSteps }, (_, t) => timeSlice(mask, t)) : undefined;
    if (goBackwards) {
      steps = [...steps].reverse();
      maskSteps = maskSteps === undefined ? undefined : [...maskSteps].reverse();
    }
    const [uZR, uH] = tf.split(recurrentKernel, [2 * units, units], 1);
    let hPrev: tf.Tensor = args.initialState ?? tf.zeros([batch, units]);
    // Keras's masked output: the previous output, zeros before a sample's first real step
    let outPrev: tf.Tensor = tf.zeros([batch, units]);
    const outputs: tf.Tensor[] = [];
    steps.forEach((xProj, t) => {
      const [xZ, xR, xH] = tf.split(xProj, 3, 1);
      const hIn = args.recurrentDropoutMask !== undefined ? tf.mul(hPrev, args.recurrentDropoutMask) : hPrev;
      let hTilde: tf.Tensor;
      let z: tf.Tensor;
      if (resetAfter) {
        // Reset after: one recurrent product, the reset gate scales its h block.
        let hProj = tf.matMul(hIn, recurrentKernel);
        if (recurrentBias !== null) hProj = tf.add(hProj, recurrentBias);
        const [hZ, hR, hH] = tf.split(hProj, 3, 1);
        z = recAct(tf.add(xZ, hZ)); // update gate
        const r = recAct(tf.add(xR, hR)); // reset gate
        hTilde = act(tf.add(xH, tf.mul(r, hH))); // candidate state
      } else {
        // Reset before: the reset gate scales hPrev before its product with Uh.
        const [hZ, hR] = tf.split(tf.matMul(hIn, uZR), 2, 1);
        z = recAct(tf.add(xZ, hZ)); // update gate
        const r = recAct(tf.add(xR, hR)); // reset gate
        hTilde = act(tf.add(xH, tf.matMul(tf.mul(r, hIn), uH))); // candidate state
      }
      // Previous and candidate state mixed by the update gate.
      let h = tf.add(tf.mul(z, hIn), tf.mul(tf.sub(1, z), hTilde));
      if (maskSteps !== undefined) {
        // Padded step: keep the previous state (and so repeat the previous output).
        const m = maskSteps[t];
        h = tf.add(tf.mul(m, h), tf.mul(tf.sub(1, m), hPrev));
      }
      let out = h;
      if (maskSteps !== undefined) {
        const m = maskSteps[t];
        out = tf.add(tf.mul(m, h), tf.mul(tf.sub(1, m), outPrev));
        outPrev = out;
      }
      hPrev = h;
      if (returnSequences) outputs.push(out);
    });
    const lastState = hPrev as tf.Tensor2D;
    const output = returnSequences ? tf.stack(outputs, 1) : maskSteps !== undefined ? outPrev : lastState;
    return { output, lastState };
  });
  return result;
}

/**
 * Runs a GRU layer over a whole sequence: the fused kernel when it is enabled and supports
 * the arguments, else {@link gruSequenceReference}. Both give the same numbers (to float32
 * rounding) and both are differentiable.
 *
 * @param args the sequence, weights and options (`GruSequenceArgs`).
 * @returns `output` and `lastState`, as {@link gruSequenceReference}.
 * @throws Error naming the argument whose shape does not fit.
 * @example
 * gruSequence(args).lastState.shape; // => [batch, units]
 */
export function gruSequence(args: GruSequenceArgs): GruSequenceResult {
  if (fusedEnabled() && fusedGruSupported(args)) return gruSequenceFused(args);
  return gruSequenceReference(args);
}
