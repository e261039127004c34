/**
 * The plain arrays behind tensors the fused kernels made, so the next fused layer reads its
 * input (or the next backward pass its upstream gradient) without copying it back out of
 * the TensorFlow.js backend: one layer's output sequence is the next one's input, and one
 * layer's input gradient the previous one's upstream gradient (each 32 x 100 x 50 floats in
 * lesson 04). Keyed by the tensor's data id, which TensorFlow.js never rewrites (a reshape
 * shares it and the values; an assignment to a variable gets a new one), and held weakly.
 */
import * as tf from '@tensorflow/tfjs';

const known = new WeakMap<object, Float32Array>();

/** A float32 tensor of `shape` holding `values`, remembered for {@link valuesOf}; `values` must not change after. */
export function tensorFromKernel(values: Float32Array, shape: number[]): tf.Tensor {
  const t = tf.tensor(values, shape, 'float32');
  known.set(t.dataId, values);
  return t;
}

/** The values of a float32 tensor: the kernel's own array when a fused kernel made it, else `dataSync()`. */
export function valuesOf(t: tf.Tensor): Float32Array {
  return known.get(t.dataId) ?? (t.dataSync() as Float32Array);
}
