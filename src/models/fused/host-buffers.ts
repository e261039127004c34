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

/** What {@link viewOf} reads of TensorFlow.js's wasm backend (4.x): its tensors' byte offsets and its memory. */
interface WasmBackendInternals {
  dataIdMap: { has(dataId: object): boolean; get(dataId: object): { memoryOffset?: unknown } | undefined };
  wasm: { HEAPU8: Uint8Array };
}

/**
 * The values of a float32 tensor without copying them when they can be read in place: the
 * kernel's own array (see {@link tensorFromKernel}), or a view of the wasm backend's memory
 * where the tensor lives; else `dataSync()`. A view is valid only until the next TensorFlow.js
 * operation (which may free the tensor or grow that memory): copy it at once.
 */
export function viewOf(t: tf.Tensor): Float32Array {
  const mine = known.get(t.dataId);
  if (mine !== undefined) return mine;
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as Partial<WasmBackendInternals>;
    const entry = backend.dataIdMap?.has(t.dataId) ? backend.dataIdMap.get(t.dataId) : undefined;
    const heap = backend.wasm?.HEAPU8;
    if (typeof entry?.memoryOffset === 'number' && heap !== undefined && entry.memoryOffset % 4 === 0) {
      return new Float32Array(heap.buffer, heap.byteOffset + entry.memoryOffset, t.size);
    }
  }
  return t.dataSync() as Float32Array;
}

/**
 * A float32 tensor of `shape` with a copy of `values` (a view the caller will reuse): the wasm
 * backend copies into its own memory as it makes the tensor; other backends keep the array
 * they are given, so they get a copy.
 */
export function tensorFromView(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape, 'float32');
}
