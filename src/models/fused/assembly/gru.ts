/**
 * The fused GRU kernel: a whole sequence forward, and backpropagation through time, each
 * in one call. Glossary (Keras GRU, gate blocks ordered z, r, h):
 *   z = update gate, r = reset gate, hTilde (hh) = candidate state,
 *   h = z * hPrev + (1 - z) * hTilde.
 * Arguments: one argument block per call, slots named by `GruForwardArg` / `GruBackwardArg`
 * in ../convention.ts.
 * Layout (all float32, time-major, padded; the host pads with zeros):
 *   bp = batch rounded up to 4, dp = inputDim rounded up to 4, up = units rounded up to 4,
 *   g3 = 3 * up (each gate block padded to `up` columns).
 *   x [steps * bp, dp], w [dp, g3], u [up, g3], hs [steps + 1, bp, up] (hs[0] = initial state),
 *   zs, rs, hhs, rhs [steps, bp, up] (one step only when `keep` is 0),
 *   rhs = recurrent candidate product with its bias (resetAfter) or r * hPrev (not resetAfter),
 *   mask [steps, bp] int32 (optional): 1 where the sample's step is real, 0 where it is padding;
 *   at a padded step h carries hPrev over unchanged (Keras masking) and the backward pass
 *   hands the step's whole gradient to hPrev and none to its gates.
 * Zero padding stays zero: padded units see zero weights, so their h stays 0.
 */
import { matmul, matmulAtB, colSum, transpose } from './matmul';
import { act4, deriv4 } from './activations';
import { argInt, argPtr, setProgress } from './args';
import { GruBackwardArg as B, GruForwardArg as F } from '../calling-convention';

/** All lanes set where sample `b` is real at step `t` (or there is no mask), none where it is padding. */
@inline function realLanes(mask: usize, t: i32, bp: i32, b: i32): v128 {
  if (mask == 0) return i32x4.splat(-1);
  return i32x4.splat(0 - load<i32>(mask + ((<usize>t * <usize>bp + <usize>b) << 2)));
}

/** Forward over the whole sequence; see the file comment for the layout. */
export function gruForward(args: usize): void {
  const x = argPtr(args, F.x), w = argPtr(args, F.w), u = argPtr(args, F.u);
  const bx = argPtr(args, F.bx), bh = argPtr(args, F.bh), hs = argPtr(args, F.hs);
  const zs = argPtr(args, F.zs), rs = argPtr(args, F.rs), hhs = argPtr(args, F.hhs), rhs = argPtr(args, F.rhs);
  const gx = argPtr(args, F.gx), tmp = argPtr(args, F.tmp);
  const steps = argInt(args, F.steps), bp = argInt(args, F.bp), dp = argInt(args, F.dp), up = argInt(args, F.up);
  const resetAfter = argInt(args, F.resetAfter), act = argInt(args, F.act), ract = argInt(args, F.ract);
  const keep = argInt(args, F.keep), mask = argPtr(args, F.mask);
  const g3 = 3 * up;
  const gb = <usize>up << 2; // bytes per gate block
  const rowG = <usize>g3 << 2;
  const rowH = <usize>up << 2;
  const stepH = <usize>bp * rowH;
  // input projections of all time steps: one large product (plus the input bias)
  matmul(x, dp, w, g3, gx, g3, steps * bp, dp, g3, bx, 0);
  for (let t = 0; t < steps; t++) {
    setProgress(args, F.progress, t + 1);
    const hPrev = hs + <usize>t * stepH;
    const hNext = hPrev + stepH;
    const slot = keep ? <usize>t * stepH : 0;
    const gxT = gx + <usize>t * <usize>bp * rowG;
    if (resetAfter) {
      // recurrent product of all three gates, with the recurrent bias
      matmul(hPrev, up, u, g3, tmp, g3, bp, up, g3, bh, 0);
      for (let b = 0; b < bp; b++) {
        const gi = gxT + <usize>b * rowG;
        const gr = tmp + <usize>b * rowG;
        const hi = <usize>b * rowH;
        const real = realLanes(mask, t, bp, b);
        for (let j: usize = 0; j < gb; j += 16) {
          const z = act4(ract, f32x4.add(v128.load(gi + j), v128.load(gr + j)));
          const r = act4(ract, f32x4.add(v128.load(gi + gb + j), v128.load(gr + gb + j)));
          const rh = v128.load(gr + 2 * gb + j);
          // reset gate applied after the recurrent product
          const hh = act4(act, f32x4.add(v128.load(gi + 2 * gb + j), f32x4.mul(r, rh)));
          const hp = v128.load(hPrev + hi + j);
          // previous and candidate state mixed by the update gate; a padded step keeps hPrev
          v128.store(hNext + hi + j, v128.bitselect(f32x4.add(hh, f32x4.mul(z, f32x4.sub(hp, hh))), hp, real));
          const o = slot + hi + j;
          v128.store(zs + o, z); v128.store(rs + o, r); v128.store(hhs + o, hh); v128.store(rhs + o, rh);
        }
      }
    } else {
      matmul(hPrev, up, u, g3, tmp, g3, bp, up, 2 * up, 0, 0);
      for (let b = 0; b < bp; b++) {
        const gi = gxT + <usize>b * rowG;
        const gr = tmp + <usize>b * rowG;
        const hi = <usize>b * rowH;
        for (let j: usize = 0; j < gb; j += 16) {
          const z = act4(ract, f32x4.add(v128.load(gi + j), v128.load(gr + j)));
          const r = act4(ract, f32x4.add(v128.load(gi + gb + j), v128.load(gr + gb + j)));
          const o = slot + hi + j;
          v128.store(zs + o, z); v128.store(rs + o, r);
          // reset gate applied to the previous state before the product
          v128.store(rhs + o, f32x4.mul(r, v128.load(hPrev + hi + j)));
        }
      }
      matmul(rhs + slot, up, u + 2 * gb, g3, tmp + 2 * gb, g3, bp, up, up, 0, 0);
      for (let b = 0; b < bp; b++) {
        const gi = gxT + <usize>b * rowG;
        const gr = tmp + <usize>b * rowG;
        const hi = <usize>b * rowH;
        const real = realLanes(mask, t, bp, b);
        for (let j: usize = 0; j < gb; j += 16) {
          const o = slot + hi + j;
          const z = v128.load(zs + o);
          const hh = act4(act, f32x4.add(v128.load(gi + 2 * gb + j), v128.load(gr + 2 * gb + j)));
          const hp = v128.load(hPrev + hi + j);
          v128.store(hNext + hi + j, v128.bitselect(f32x4.add(hh, f32x4.mul(z, f32x4.sub(hp, hh))), hp, real));
          v128.store(hhs + o, hh);
        }
      }
    }
  }
}

/**
 * Backpropagation through time. `dhs [steps, bp, up]` holds the upstream gradient of every
 * output step; `dhn [bp, up]` must be zero on entry and holds d initialState on exit.
 * Writes dx [steps * bp, dp], dw [dp, g3], du [up, g3], dbx [g3], dbh [g3] (resetAfter).
 * `dgrec` may equal `dgx` when not resetAfter (the two gradients coincide there).
 */
export function gruBackward(args: usize): void {
  const x = argPtr(args, B.x), w = argPtr(args, B.w), wT = argPtr(args, B.wT), u = argPtr(args, B.u), uT = argPtr(args, B.uT);
  const hs = argPtr(args, B.hs), zs = argPtr(args, B.zs), rs = argPtr(args, B.rs), hhs = argPtr(args, B.hhs);
  const rhs = argPtr(args, B.rhs), dhs = argPtr(args, B.dhs);
  const dgx = argPtr(args, B.dgx), dgrec = argPtr(args, B.dgrec), dhn = argPtr(args, B.dhn), tmp = argPtr(args, B.tmp);
  const dx = argPtr(args, B.dx), dw = argPtr(args, B.dw), du = argPtr(args, B.du), dbx = argPtr(args, B.dbx), dbh = argPtr(args, B.dbh);
  const steps = argInt(args, B.steps), bp = argInt(args, B.bp), dp = argInt(args, B.dp), up = argInt(args, B.up);
  const resetAfter = argInt(args, B.resetAfter), act = argInt(args, B.act), ract = argInt(args, B.ract);
  const mask = argPtr(args, B.mask);
  const g3 = 3 * up;
  const gb = <usize>up << 2;
  const rowG = <usize>g3 << 2;
  const rowH = <usize>up << 2;
  const stepH = <usize>bp * rowH;
  const one = f32x4.splat(1);
  transpose(u, g3, up, g3, uT);
  transpose(w, g3, dp, g3, wT);
  for (let t = steps - 1; t >= 0; t--) {
    setProgress(args, B.progress, steps - t);
    const hPrev = hs + <usize>t * stepH;
    const sH = <usize>t * stepH;
    const dgxT = dgx + <usize>t * <usize>bp * rowG;
    const dgrT = dgrec + <usize>t * <usize>bp * rowG;
    if (resetAfter) {
      for (let b = 0; b < bp; b++) {
        const hi = <usize>b * rowH;
        const gi = dgxT + <usize>b * rowG;
        const gr = dgrT + <usize>b * rowG;
        const real = realLanes(mask, t, bp, b);
        for (let j: usize = 0; j < gb; j += 16) {
          const o = sH + hi + j;
          const dhAll = f32x4.add(v128.load(dhs + o), v128.load(dhn + hi + j));
          // a padded step passes its whole gradient on to hPrev, and none to the gates
          const dh = v128.and(dhAll, real);
          const z = v128.load(zs + o);
          const r = v128.load(rs + o);
          const hh = v128.load(hhs + o);
          const dz = f32x4.mul(dh, f32x4.sub(v128.load(hPrev + hi + j), hh));
          const dah = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), deriv4(act, hh));
          const daz = f32x4.mul(dz, deriv4(ract, z));
          const dar = f32x4.mul(f32x4.mul(dah, v128.load(rhs + o)), deriv4(ract, r));
          v128.store(gi + j, daz); v128.store(gi + gb + j, dar); v128.store(gi + 2 * gb + j, dah);
          v128.store(gr + j, daz); v128.store(gr + gb + j, dar); v128.store(gr + 2 * gb + j, f32x4.mul(dah, r));
          v128.store(dhn + hi + j, v128.bitselect(f32x4.mul(dh, z), dhAll, real));
        }
      }
      matmul(dgrT, g3, uT, up, dhn, up, bp, g3, up, 0, 1);
    } else {
      for (let b = 0; b < bp; b++) {
        const hi = <usize>b * rowH;
        const gi = dgxT + <usize>b * rowG;
        const real = realLanes(mask, t, bp, b);
        for (let j: usize = 0; j < gb; j += 16) {
          const o = sH + hi + j;
          const dhAll = f32x4.add(v128.load(dhs + o), v128.load(dhn + hi + j));
          const dh = v128.and(dhAll, real);
          const z = v128.load(zs + o);
          const hh = v128.load(hhs + o);
          const dz = f32x4.mul(dh, f32x4.sub(v128.load(hPrev + hi + j), hh));
          v128.store(gi + j, f32x4.mul(dz, deriv4(ract, z)));
          v128.store(gi + 2 * gb + j, f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), deriv4(act, hh)));
          v128.store(dhn + hi + j, dhAll);
        }
      }
      // gradient of r * hPrev through the candidate's recurrent product
      matmul(dgxT + 2 * gb, g3, uT + <usize>(2 * up) * rowH, up, tmp, up, bp, up, up, 0, 0);
      for (let b = 0; b < bp; b++) {
        const hi = <usize>b * rowH;
        const gi = dgxT + <usize>b * rowG;
        const real = realLanes(mask, t, bp, b);
        for (let j: usize = 0; j < gb; j += 16) {
          const o = sH + hi + j;
          const drh = v128.load(tmp + hi + j);
          const r = v128.load(rs + o);
          const dar = f32x4.mul(f32x4.mul(drh, v128.load(hPrev + hi + j)), deriv4(ract, r));
          v128.store(gi + gb + j, dar);
          const dh = v128.load(dhn + hi + j);
          v128.store(dhn + hi + j, v128.bitselect(f32x4.add(f32x4.mul(dh, v128.load(zs + o)), f32x4.mul(drh, r)), dh, real));
        }
      }
      matmul(dgxT, g3, uT, up, dhn, up, bp, 2 * up, up, 0, 1);
    }
  }
  const rows = steps * bp;
  // weight gradients as large products over all time steps
  matmulAtB(x, dp, dgx, g3, dw, g3, dp, rows, g3, 0);
  if (resetAfter) {
    matmulAtB(hs, up, dgrec, g3, du, g3, up, rows, g3, 0);
    colSum(dgrec, g3, rows, g3, dbh, 0);
  } else {
    matmulAtB(hs, up, dgx, g3, du, g3, up, rows, 2 * up, 0);
    matmulAtB(rhs, up, dgx + 2 * gb, g3, du + 2 * gb, g3, up, rows, up, 0);
  }
  colSum(dgx, g3, rows, g3, dbx, 0);
  matmul(dgx, g3, wT, dp, dx, dp, rows, g3, dp, 0, 0);
}
