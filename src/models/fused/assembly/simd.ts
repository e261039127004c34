/**
 * SIMD helpers shared by the kernels' files.
 */

/**
 * `a * b + c` on four lanes: one fused multiply-add where the module is built with relaxed
 * SIMD (kernels-fma.wasm, loaded where the engine accepts it), else a multiply and an add.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
