/**
 * Gate activations on four lanes at once, and their derivatives written in terms of the
 * activation's output (what the forward pass stores).
 *
 * Codes: the `Activation` enum of ../convention.ts (shared with the host).
 * `hardSigmoid` is Keras 3's `relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1)`, the definition the
 * layer's op-by-op path (src/models/gru-sequence.ts) uses; TensorFlow.js's own is
 * `clip(0.2 x + 0.5, 0, 1)`. To switch, change HARD_SIGMOID_SLOPE to 0.2.
 */

import { Activation } from '../convention';

/** Slope of `hardSigmoid` between its two flat parts. */
const HARD_SIGMOID_SLOPE: f32 = 1.0 / 6.0;

/**
 * e^x on four lanes: Cephes' expf (range reduction by ln 2 with n rounded to nearest,
 * degree-5 polynomial, then 2^n put in the exponent bits); relative error about 1e-7 over
 * the clamped range.
 */
@inline export function exp4(x0: v128): v128 {
  const x1 = f32x4.min(f32x4.max(x0, f32x4.splat(-87.3)), f32x4.splat(88.3));
  // n = round(x / ln 2) by the 1.5 * 2^23 trick: the sum's low mantissa bits hold n
  const magic = f32x4.splat(12582912.0);
  const shifted = f32x4.add(f32x4.mul(x1, f32x4.splat(1.44269504088896341)), magic);
  const fx = f32x4.sub(shifted, magic);
  let x = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(0.5));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, x), x), x), f32x4.splat(1));
  // 2^n into the exponent bits: (n + 127) << 23, n read from the magic sum's bits
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(shifted, magic), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** 1 / (1 + e^-x). */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh x = sign(x) (1 - e^{-2|x|}) / (1 + e^{-2|x|}). */
@inline export function tanh4(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = exp4(f32x4.mul(f32x4.abs(x), f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  // copy the sign bit of x onto t
  const signBit = v128.and(x, i32x4.splat(0x80000000));
  return v128.or(t, signBit);
}

/** The activation `code` applied to four lanes. */
@inline export function act4(code: i32, x: v128): v128 {
  if (code == Activation.tanh) return tanh4(x);
  if (code == Activation.sigmoid) return sigmoid4(x);
  if (code == Activation.relu) return f32x4.max(x, f32x4.splat(0));
  if (code == Activation.hardSigmoid) {
    const y = f32x4.add(f32x4.mul(x, f32x4.splat(HARD_SIGMOID_SLOPE)), f32x4.splat(0.5));
    return f32x4.min(f32x4.max(y, f32x4.splat(0)), f32x4.splat(1));
  }
  return x;
}

/** d act / d x, from the activation's output `y`. */
@inline export function deriv4(code: i32, y: v128): v128 {
  const one = f32x4.splat(1);
  if (code == Activation.tanh) return f32x4.sub(one, f32x4.mul(y, y));
  if (code == Activation.sigmoid) return f32x4.mul(y, f32x4.sub(one, y));
  if (code == Activation.relu) return v128.and(f32x4.gt(y, f32x4.splat(0)), one);
  if (code == Activation.hardSigmoid) {
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, one));
    return v128.and(inside, f32x4.splat(HARD_SIGMOID_SLOPE));
  }
  return one;
}
