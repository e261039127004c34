/**
 * The fused SimpleRNN kernel: a whole sequence forward, and backpropagation through time,
 * each in one call. Glossary (Keras SimpleRNN): h = act(x w + b + hPrev u), act default tanh.
 * Arguments: one argument block per call, slots named by `RnnForwardArg` / `RnnBackwardArg`
 * in ../convention.ts.
 * Layout (all float32, time-major, padded; the host pads with zeros):
 *   bp = batch rounded up to 4, dp = inputDim rounded up to 4, up = units rounded up to 4.
 *   x [steps * bp, dp], w [dp, up], u [up, up], b [up] (0: no bias),
 *   hs [steps + 1, bp, up] (hs[0] = initial state), gx [steps * bp, up] (scratch).
 * Padded units see zero weights, so they never reach a real unit (their rows of u are zero).
 */
import { matmul, transpose } from './matmul';
import { act4, deriv4 } from './activations';
import { gateGradients } from './grads';
import { argInt, argPtr, setProgress } from './args';
import { RnnBackwardArg as B, RnnForwardArg as F } from '../calling-convention';

/** Forward over the whole sequence; see the file comment for the layout. */
export function rnnForward(args: usize): void {
  const x = argPtr(args, F.x), w = argPtr(args, F.w), u = argPtr(args, F.u), b = argPtr(args, F.b);
  const hs = argPtr(args, F.hs), gx = argPtr(args, F.gx);
  const steps = argInt(args, F.steps), bp = argInt(args, F.bp), dp = argInt(args, F.dp), up = argInt(args, F.up);
  const act = argInt(args, F.act);
  const stepBytes = <usize>bp * (<usize>up << 2);
  // input projections of all time steps: one large product (plus the bias)
  matmul(x, dp, w, up, gx, up, steps * bp, dp, up, b, 0);
  for (let t = 0; t < steps; t++) {
    setProgress(args, F.progress, t + 1);
    const hPrev = hs + <usize>t * stepBytes;
    const hNext = hPrev + stepBytes;
    const gxT = gx + <usize>t * stepBytes;
    // the recurrent product lands in hNext, then the input projection and the activation
    matmul(hPrev, up, u, up, hNext, up, bp, up, up, 0, 0);
    for (let k: usize = 0; k < stepBytes; k += 16) {
      v128.store(hNext + k, act4(act, f32x4.add(v128.load(hNext + k), v128.load(gxT + k))));
    }
  }
}

/**
 * Backpropagation through time. `dhs [steps, bp, up]` holds the upstream gradient of every
 * output step; `dhn [bp, up]` must be zero on entry and holds d h0 on exit. `dg [steps * bp, up]`
 * receives the pre-activation gradients; writes dx [steps * bp, dp], dw [dp, up], du [up, up],
 * db [up]. `wT [up, dp]` and `uT [up, up]` are scratch for the transposed kernels.
 */
export function rnnBackward(args: usize): void {
  const x = argPtr(args, B.x), w = argPtr(args, B.w), wT = argPtr(args, B.wT), u = argPtr(args, B.u), uT = argPtr(args, B.uT);
  const hs = argPtr(args, B.hs), dhs = argPtr(args, B.dhs), dg = argPtr(args, B.dg), dhn = argPtr(args, B.dhn);
  const dx = argPtr(args, B.dx), dw = argPtr(args, B.dw), du = argPtr(args, B.du), db = argPtr(args, B.db);
  const steps = argInt(args, B.steps), bp = argInt(args, B.bp), dp = argInt(args, B.dp), up = argInt(args, B.up);
  const act = argInt(args, B.act);
  const stepBytes = <usize>bp * (<usize>up << 2);
  transpose(u, up, up, up, uT);
  transpose(w, up, dp, up, wT);
  for (let t = steps - 1; t >= 0; t--) {
    setProgress(args, B.progress, steps - t);
    const o = <usize>t * stepBytes;
    const h = hs + o + stepBytes; // this step's output
    for (let k: usize = 0; k < stepBytes; k += 16) {
      const dh = f32x4.add(v128.load(dhs + o + k), v128.load(dhn + k));
      v128.store(dg + o + k, f32x4.mul(dh, deriv4(act, v128.load(h + k))));
    }
    // gradient of hPrev through the recurrent product
    matmul(dg + o, up, uT, up, dhn, up, bp, up, up, 0, 0);
  }
  gateGradients(x, hs, dg, wT, dw, du, db, dx, steps * bp, dp, up, up);
}
