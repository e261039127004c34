/**
 * Small dense matrix products in WebAssembly SIMD (f32x4), written by hand because the
 * kernel must run inside one WebAssembly call with no import (the tfjs wasm backend's
 * XNNPACK is in another module and memory).
 *
 * All pointers are byte offsets into this module's memory; all strides (`ld*`) count
 * floats. Row counts `m` and column counts `n` must be multiples of 4 (the caller pads
 * units, batch and inputs); the inner dimension `k` is free.
 */
import { madd } from './simd';

/** Register block: 4 rows x 8 columns of C. */
@inline function block4x8(
  a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, k: i32, bias: usize, accumulate: i32,
): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + sc); c11 = v128.load(c + sc, 16);
    c20 = v128.load(c + 2 * sc); c21 = v128.load(c + 2 * sc, 16);
    c30 = v128.load(c + 3 * sc); c31 = v128.load(c + 3 * sc, 16);
  } else if (bias) {
    c00 = v128.load(bias); c01 = v128.load(bias, 16);
    c10 = c00; c11 = c01; c20 = c00; c21 = c01; c30 = c00; c31 = c01;
  } else {
    c00 = f32x4.splat(0); c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  }
  let ap = a;
  let bp = b;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let s = v128.load32_splat(ap);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(ap + sa);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(ap + 2 * sa);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(ap + 3 * sa);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    ap += 4;
    bp += sb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + 2 * sc, c20); v128.store(c + 2 * sc, c21, 16);
  v128.store(c + 3 * sc, c30); v128.store(c + 3 * sc, c31, 16);
}

/** Register block: 4 rows x 4 columns of C (the column tail). */
@inline function block4x4(
  a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, k: i32, bias: usize, accumulate: i32,
): void {
  let c0: v128, c1: v128, c2: v128, c3: v128;
  if (accumulate) {
    c0 = v128.load(c); c1 = v128.load(c + sc); c2 = v128.load(c + 2 * sc); c3 = v128.load(c + 3 * sc);
  } else if (bias) {
    c0 = v128.load(bias); c1 = c0; c2 = c0; c3 = c0;
  } else {
    c0 = f32x4.splat(0); c1 = c0; c2 = c0; c3 = c0;
  }
  let ap = a;
  let bp = b;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(ap), b0, c0);
    c1 = madd(v128.load32_splat(ap + sa), b0, c1);
    c2 = madd(v128.load32_splat(ap + 2 * sa), b0, c2);
    c3 = madd(v128.load32_splat(ap + 3 * sa), b0, c3);
    ap += 4;
    bp += sb;
  }
  v128.store(c, c0); v128.store(c + sc, c1); v128.store(c + 2 * sc, c2); v128.store(c + 3 * sc, c3);
}

/**
 * `C[m, n] = init + A[m, k] @ B[k, n]`, where init is C itself when `accumulate`, else the
 * row vector `bias[n]` when `bias != 0`, else zero.
 */
export function matmul(
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, bias: usize, accumulate: i32,
): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  for (let i = 0; i < m; i += 4) {
    const ai = a + <usize>i * sa;
    const ci = c + <usize>i * sc;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const off = <usize>j << 2;
      block4x8(ai, sa, b + off, sb, ci + off, sc, k, bias ? bias + off : 0, accumulate);
    }
    if (j < n) {
      const off = <usize>j << 2;
      block4x4(ai, sa, b + off, sb, ci + off, sc, k, bias ? bias + off : 0, accumulate);
    }
  }
}

/** Rows of the inner dimension per pass of {@link matmulAtB}, so B's slice stays in cache. */
const K_TILE: i32 = 128;

/**
 * `C[m, n] = (accumulate ? C : 0) + A[k, m]^T @ B[k, n]`: the weight-gradient product,
 * with the long inner dimension (time steps x batch) tiled for the cache.
 */
export function matmulAtB(
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, accumulate: i32,
): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  for (let k0 = 0; k0 < k; k0 += K_TILE) {
    const kn = min(K_TILE, k - k0);
    const acc = accumulate || k0 > 0 ? 1 : 0;
    const ak = a + <usize>k0 * sa;
    const bk = b + <usize>k0 * sb;
    for (let i = 0; i < m; i += 4) {
      const ci = c + <usize>i * sc;
      const ai = ak + (<usize>i << 2);
      let j = 0;
      for (; j + 8 <= n; j += 8) {
        atb4x8(ai, sa, bk + (<usize>j << 2), sb, ci + (<usize>j << 2), sc, kn, acc);
      }
      if (j < n) atb4x4(ai, sa, bk + (<usize>j << 2), sb, ci + (<usize>j << 2), sc, kn, acc);
    }
  }
}

@inline function atb4x8(a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, k: i32, acc: i32): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (acc) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + sc); c11 = v128.load(c + sc, 16);
    c20 = v128.load(c + 2 * sc); c21 = v128.load(c + 2 * sc, 16);
    c30 = v128.load(c + 3 * sc); c31 = v128.load(c + 3 * sc, 16);
  } else {
    c00 = f32x4.splat(0); c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  }
  let ap = a;
  let bp = b;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let s = v128.load32_splat(ap);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(ap, 4);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(ap, 8);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(ap, 12);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    ap += sa;
    bp += sb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + 2 * sc, c20); v128.store(c + 2 * sc, c21, 16);
  v128.store(c + 3 * sc, c30); v128.store(c + 3 * sc, c31, 16);
}

@inline function atb4x4(a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, k: i32, acc: i32): void {
  let c0: v128, c1: v128, c2: v128, c3: v128;
  if (acc) {
    c0 = v128.load(c); c1 = v128.load(c + sc); c2 = v128.load(c + 2 * sc); c3 = v128.load(c + 3 * sc);
  } else {
    c0 = f32x4.splat(0); c1 = c0; c2 = c0; c3 = c0;
  }
  let ap = a;
  let bp = b;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(ap), b0, c0);
    c1 = madd(v128.load32_splat(ap, 4), b0, c1);
    c2 = madd(v128.load32_splat(ap, 8), b0, c2);
    c3 = madd(v128.load32_splat(ap, 12), b0, c3);
    ap += sa;
    bp += sb;
  }
  v128.store(c, c0); v128.store(c + sc, c1); v128.store(c + 2 * sc, c2); v128.store(c + 3 * sc, c3);
}

/** `out[n] = (accumulate ? out : 0) + sum over the m rows of A[m, n]` (bias gradients). */
export function colSum(a: usize, lda: i32, m: i32, n: i32, out: usize, accumulate: i32): void {
  const sa = <usize>lda << 2;
  for (let j = 0; j < n; j += 4) {
    const off = <usize>j << 2;
    let s = accumulate ? v128.load(out + off) : f32x4.splat(0);
    let p = a + off;
    for (let i = 0; i < m; i++) {
      s = f32x4.add(s, v128.load(p));
      p += sa;
    }
    v128.store(out + off, s);
  }
}

/** `dst[cols, rows] = src[rows, cols]^T` (src row stride `lds` floats). */
export function transpose(src: usize, lds: i32, rows: i32, cols: i32, dst: usize): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      store<f32>(dst + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(src + ((<usize>i * <usize>lds + <usize>j) << 2)));
    }
  }
}
