/**
 * Gate activations on four lanes at once, and their derivatives written in terms of the
 * activation's output (what the forward pass stores).
 *
 * Codes: the `Activation` enum of ../convention.ts (shared with the host).
 * `hardSigmoid` is Keras 3's `relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1)`, the definition the
 * layer's op-by-op path (src/models/gru-sequence.ts) uses; TensorFlow.js's own is
 * `clip(0.2 x + 0.5, 0, 1)`. To switch, change HARD_SIGMOID_SLOPE to 0.2.
 */

import { Activation } from '../calling-convention';
import { madd } from './simd';

/** Slope of `hardSigmoid` between its two flat parts. */
const HARD_SIGMOID_SLOPE: f32 = 1.0 / 6.0;

/** Beyond this |x|, tanh x is ±1 in float32 (to 3e-8); the approximation below is fitted on [0, 9]. */
const TANH_CLAMP: f32 = 9.0;

/**
 * tanh x on four lanes, without exp: x P(x²) / Q(x²) with P of degree 6 and Q of degree 3,
 * a rational approximation fitted (weighted least squares iterated towards minimax) to tanh
 * on [0, 9]; max abs error 3e-7 in float32 over all inputs (checked on 400,001 points in
 * [-12, 12]). Fourteen SIMD operations and one division, where exp's range reduction and
 * polynomial took about thirty: the gates were 40 % of a forward pass.
 */
@inline export function tanh4(x0: v128): v128 {
  // pmax / pmin (`a < b ? b : a`, `b < a ? b : a`) are one instruction each where min / max
  // spend several on NaN and signed-zero rules; with x0 first a NaN still passes through
  const x = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-TANH_CLAMP)), f32x4.splat(TANH_CLAMP));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-8.293910387e-14);
  p = madd(p, z, f32x4.splat(5.193731036e-11));
  p = madd(p, z, f32x4.splat(-2.003177841e-8));
  p = madd(p, z, f32x4.splat(1.110238468e-5));
  p = madd(p, z, f32x4.splat(3.098709048e-3));
  p = madd(p, z, f32x4.splat(1.307921303e-1));
  p = madd(p, z, f32x4.splat(9.999999690e-1));
  let q = f32x4.splat(2.538680206e-4);
  q = madd(q, z, f32x4.splat(2.447398063e-2));
  q = madd(q, z, f32x4.splat(4.641253331e-1));
  q = madd(q, z, f32x4.splat(1));
  return f32x4.div(f32x4.mul(x, p), q);
}

/** 1 / (1 + e^-x) = 0.5 + 0.5 tanh(x / 2) (max abs error 2e-7 in float32). */
@inline export function sigmoid4(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return madd(half, tanh4(f32x4.mul(x, half)), half);
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
