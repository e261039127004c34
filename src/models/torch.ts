/**
 * PyTorch `nn.GRU` weights in Keras's layout.
 *
 * PyTorch's GRU is the reset-after form with `h = (1 - z) * n + z * hPrev`, which is exactly
 * Keras's `reset_after=True` (`n` is Keras's `hTilde`). Only the storage differs: PyTorch
 * keeps `weight_ih_l0` as `[3H, I]` with gate blocks r, z, n; Keras keeps the kernel as
 * `[I, 3H]` with blocks z, r, h.
 */
import * as tf from '@tensorflow/tfjs';

/** A matrix or vector as nested number arrays or a tensor. */
export type TorchArray = number[] | number[][] | tf.Tensor;

/** The first layer's weights of a PyTorch `nn.GRU`, named as its `state_dict()` names them. */
export interface TorchGruWeights {
  /** `[3 * hidden, input]`, gate blocks r, z, n. */
  weight_ih_l0: TorchArray;
  /** `[3 * hidden, hidden]`, gate blocks r, z, n. */
  weight_hh_l0: TorchArray;
  /** `[3 * hidden]`; absent when the GRU was built with `bias=False`. */
  bias_ih_l0?: TorchArray;
  /** `[3 * hidden]`. */
  bias_hh_l0?: TorchArray;
}

function toTensor(name: string, value: TorchArray | undefined, rank: number): tf.Tensor {
  if (value === undefined) throw new Error(`fromTorchGru: ${name} is missing`);
  const t = value instanceof tf.Tensor ? value.clone() : tf.tensor(value as number[]);
  if (t.rank !== rank) {
    t.dispose();
    throw new Error(`fromTorchGru: ${name} must have rank ${rank}, got shape [${t.shape}]`);
  }
  return t;
}

/** Reorders gate blocks along `axis` from PyTorch's r, z, n to Keras's z, r, h. */
function reorder(t: tf.Tensor, axis: number): tf.Tensor {
  const [r, z, n] = tf.split(t, 3, axis);
  return tf.concat([z, r, n], axis);
}

/**
 * Converts PyTorch `nn.GRU` weights to the Keras layout that {@link gru}'s `setWeights` takes.
 *
 * @param weights `weight_ih_l0` `[3H, I]`, `weight_hh_l0` `[3H, H]`, and optionally
 *   `bias_ih_l0`, `bias_hh_l0` `[3H]` (number arrays or tensors; tensors are not disposed).
 * @returns `[kernel [I, 3H], recurrentKernel [H, 3H], bias [2, 3H]]` (no bias when the PyTorch
 *   GRU has none); the caller owns (and disposes) the tensors.
 * @throws Error naming the weight whose shape does not fit.
 * @example
 * const layer = gru({ units: 5, inputShape: [null, 3] });
 * tf.sequential({ layers: [layer] });
 * layer.setWeights(fromTorchGru(stateDict)); // now layer(x) equals torch's nn.GRU(x)
 */
export function fromTorchGru(weights: TorchGruWeights): tf.Tensor[] {
  return tf.tidy(() => {
    const wIh = toTensor('weight_ih_l0', weights.weight_ih_l0, 2);
    const wHh = toTensor('weight_hh_l0', weights.weight_hh_l0, 2);
    const units = wHh.shape[1] as number;
    if (wHh.shape[0] !== 3 * units) {
      throw new Error(`fromTorchGru: weight_hh_l0 must be [3 * hidden, hidden], got [${wHh.shape}]`);
    }
    if (wIh.shape[0] !== 3 * units) {
      throw new Error(`fromTorchGru: weight_ih_l0 must be [3 * hidden, input] = [${3 * units}, input], got [${wIh.shape}]`);
    }
    const kernel = tf.transpose(reorder(wIh, 0));
    const recurrentKernel = tf.transpose(reorder(wHh, 0));
    if (weights.bias_ih_l0 === undefined && weights.bias_hh_l0 === undefined) {
      return [kernel, recurrentKernel];
    }
    const bIh = toTensor('bias_ih_l0', weights.bias_ih_l0, 1);
    const bHh = toTensor('bias_hh_l0', weights.bias_hh_l0, 1);
    for (const [name, b] of [['bias_ih_l0', bIh], ['bias_hh_l0', bHh]] as const) {
      if (b.shape[0] !== 3 * units) throw new Error(`fromTorchGru: ${name} must be [${3 * units}], got [${b.shape}]`);
    }
    const bias = tf.stack([reorder(bIh, 0), reorder(bHh, 0)]);
    return [kernel, recurrentKernel, bias];
  });
}
