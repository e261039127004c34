/**
 * The fused GRU's inference pass (`model.predict`, no gradient tape): the same arithmetic
 * as `gruForward` in ./gru.ts, reading and writing the tensors' own batch-major layout so
 * the host only copies whole blocks in and out, and keeping nothing for a backward pass.
 * Glossary as ./gru.ts (z update gate, r reset gate, hh candidate state).
 * Arguments: one block per call, slots named by `GruInferArg` in ../convention.ts.
 * Layout (float32; n = the slice's real samples, bp = n rounded up to 4, up = units rounded
 * up to 4, g3 = 3 * up):
 *   x [rows, inputDim] with rows = n * steps rounded up to 4: the slice's samples as the
 *     tensor holds them (`[n, steps, inputDim]`, row `b * steps + t`), padding rows zero;
 *   w [inputDim, g3], u [up, g3] (gate blocks padded to `up` columns);
 *   gx [rows, g3] scratch (the input projections, row `b * steps + t`);
 *   h [2, bp, up]: the state, alternating between two buffers; h[0] holds the initial
 *     state on entry, and every padding row and column of both buffers is zero;
 *   zs, rhs [bp, up] scratch for `resetAfter` 0 (zeros on entry), tmp [bp, g3] scratch;
 *   out [n, steps, units] (when `returnSequences`), the state after every step in
 *     processing order, as the tensor lays it out; last [n, units], the final state;
 *   mask 0 or [steps, bp] int32 in processing order, as `gruForward`'s.
 * With `goBackwards` step `s` reads time step `steps - 1 - s`.
 * Only rows `b < n` are computed; padding rows of h stay zero.
 */
import { matmul } from './matmul';
import { act4, sigmoid4, tanh4 } from './activations';
import { argInt, argPtr, setProgress } from './args';
import { Activation, GruInferArg as I } from '../calling-convention';

/** All lanes set where sample `b` is real at step `s` (or there is no mask). */
@inline function realLanes(mask: usize, s: i32, bp: i32, b: i32): v128 {
  if (mask == 0) return i32x4.splat(-1);
  return i32x4.splat(0 - load<i32>(mask + ((<usize>s * <usize>bp + <usize>b) << 2)));
}

/** Stores the lanes of `v` that fall before byte `end` of the row starting at `row` (`j` is the lane group's byte offset). */
@inline function storeTail(row: usize, j: usize, end: usize, v: v128): void {
  if (j + 16 <= end) {
    v128.store(row + j, v);
    return;
  }
  const p = row + j;
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (j + 8 <= end) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (j + 12 <= end) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** The inference pass over a whole sequence; see the file comment for the layout. */
export function gruInfer(args: usize): void {
  const x = argPtr(args, I.x), w = argPtr(args, I.w), u = argPtr(args, I.u);
  const bx = argPtr(args, I.bx), bh = argPtr(args, I.bh), h = argPtr(args, I.h);
  const zs = argPtr(args, I.zs), rhs = argPtr(args, I.rhs), gx = argPtr(args, I.gx), tmp = argPtr(args, I.tmp);
  const out = argPtr(args, I.out), last = argPtr(args, I.last), mask = argPtr(args, I.mask);
  const steps = argInt(args, I.steps), n = argInt(args, I.n), bp = argInt(args, I.bp);
  const inputDim = argInt(args, I.inputDim), up = argInt(args, I.up), units = argInt(args, I.units);
  const resetAfter = argInt(args, I.resetAfter), act = argInt(args, I.act), ract = argInt(args, I.ract);
  const goBackwards = argInt(args, I.goBackwards), returnSequences = argInt(args, I.returnSequences);
  const g3 = 3 * up;
  const gb = <usize>up << 2; // bytes per gate block
  const rowG = <usize>g3 << 2;
  const rowH = <usize>up << 2;
  const stepH = <usize>bp * rowH;
  const unitBytes = <usize>units << 2;
  // input projections of all time steps of all samples: one large product (plus the input bias)
  const rows = (n * steps + 3) & ~3;
  matmul(x, inputDim, w, g3, gx, g3, rows, inputDim, g3, bx, 0);
  for (let s = 0; s < steps; s++) {
    setProgress(args, I.progress, s + 1);
    const t = goBackwards ? steps - 1 - s : s;
    const hPrev = h + (<usize>(s & 1)) * stepH;
    const hNext = h + (<usize>((s + 1) & 1)) * stepH;
    // inner dimension `units`, not `up`: the padding rows of u and columns of h are zero
    if (resetAfter) {
      matmul(hPrev, up, u, g3, tmp, g3, bp, units, g3, bh, 0);
    } else {
      matmul(hPrev, up, u, g3, tmp, g3, bp, units, 2 * up, 0, 0);
      for (let b = 0; b < n; b++) {
        const gi = gx + (<usize>b * <usize>steps + <usize>t) * rowG;
        const gr = tmp + <usize>b * rowG;
        const hi = <usize>b * rowH;
        for (let j: usize = 0; j < gb; j += 16) {
          v128.store(zs + hi + j, act4(ract, f32x4.add(v128.load(gi + j), v128.load(gr + j))));
          const r = act4(ract, f32x4.add(v128.load(gi + gb + j), v128.load(gr + gb + j)));
          // reset gate applied to the previous state before the product
          v128.store(rhs + hi + j, f32x4.mul(r, v128.load(hPrev + hi + j)));
        }
      }
      matmul(rhs, up, u + 2 * gb, g3, tmp + 2 * gb, g3, bp, units, up, 0, 0);
    }
    if (resetAfter && act == Activation.tanh && ract == Activation.sigmoid && mask == 0) {
      // Keras's defaults, written out: the generic loop's per-lane activation switch costs registers
      for (let b = 0; b < n; b++) {
        const gi = gx + (<usize>b * <usize>steps + <usize>t) * rowG;
        const gr = tmp + <usize>b * rowG;
        const hi = <usize>b * rowH;
        const o = out + (<usize>b * <usize>steps + <usize>s) * unitBytes;
        // the update and reset gates first (one short loop of independent lane groups, over both
        // blocks, which lie side by side), then the candidate and the new state: about 5 % faster
        // than all three in one loop, whose long chains keep fewer lane groups in flight
        for (let j: usize = 0; j < 2 * gb; j += 16) {
          v128.store(gr + j, sigmoid4(f32x4.add(v128.load(gi + j), v128.load(gr + j))));
        }
        for (let j: usize = 0; j < gb; j += 16) {
          const z = v128.load(gr + j);
          const r = v128.load(gr + gb + j);
          const hh = tanh4(f32x4.add(v128.load(gi + 2 * gb + j), f32x4.mul(r, v128.load(gr + 2 * gb + j))));
          const hp = v128.load(hPrev + hi + j);
          const hn = f32x4.add(hh, f32x4.mul(z, f32x4.sub(hp, hh)));
          v128.store(hNext + hi + j, hn);
          if (returnSequences && j < unitBytes) storeTail(o, j, unitBytes, hn);
        }
      }
      continue;
    }
    for (let b = 0; b < n; b++) {
      const gi = gx + (<usize>b * <usize>steps + <usize>t) * rowG;
      const gr = tmp + <usize>b * rowG;
      const hi = <usize>b * rowH;
      const real = realLanes(mask, s, bp, b);
      const o = out + (<usize>b * <usize>steps + <usize>s) * unitBytes;
      for (let j: usize = 0; j < gb; j += 16) {
        let z: v128, hh: v128;
        if (resetAfter) {
          z = act4(ract, f32x4.add(v128.load(gi + j), v128.load(gr + j)));
          const r = act4(ract, f32x4.add(v128.load(gi + gb + j), v128.load(gr + gb + j)));
          // reset gate applied after the recurrent product
          hh = act4(act, f32x4.add(v128.load(gi + 2 * gb + j), f32x4.mul(r, v128.load(gr + 2 * gb + j))));
        } else {
          z = v128.load(zs + hi + j);
          hh = act4(act, f32x4.add(v128.load(gi + 2 * gb + j), v128.load(gr + 2 * gb + j)));
        }
        const hp = v128.load(hPrev + hi + j);
        // previous and candidate state mixed by the update gate; a padded step keeps hPrev
        const hn = v128.bitselect(f32x4.add(hh, f32x4.mul(z, f32x4.sub(hp, hh))), hp, real);
        v128.store(hNext + hi + j, hn);
        if (returnSequences && j < unitBytes) storeTail(o, j, unitBytes, hn);
      }
    }
  }
  const hLast = h + (<usize>(steps & 1)) * stepH;
  for (let b = 0; b < n; b++) {
    const src = hLast + <usize>b * rowH;
    const dst = last + <usize>b * unitBytes;
    for (let j: usize = 0; j < unitBytes; j += 16) storeTail(dst, j, unitBytes, v128.load(src + j));
  }
}
