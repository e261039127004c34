/**
 * The fused LSTM kernel: a whole sequence forward, and backpropagation through time, each
 * in one call. Glossary (Keras LSTM, gate blocks ordered i, f, c, o as Keras's kernels):
 *   i = input gate, f = forget gate, g = candidate cell (Keras's block "c"), o = output gate,
 *   c = f * cPrev + i * g,  h = o * act(c)
 *   (gates use `ract`, Keras default sigmoid; g and the cell output use `act`, default tanh).
 * Arguments: one argument block per call, slots named by `LstmForwardArg` / `LstmBackwardArg`
 * in ../convention.ts.
 * Layout (all float32, time-major, padded; the host pads with zeros):
 *   bp = batch rounded up to 4, dp = inputDim rounded up to 4, up = units rounded up to 4,
 *   g4 = 4 * up (each gate block padded to `up` columns).
 *   x [steps * bp, dp], w [dp, g4], u [up, g4], b [g4] (0: no bias),
 *   hs, cs [steps + 1, bp, up] (hs[0], cs[0] = initial state),
 *   gx [steps * bp, g4]: the input projections on entry, the activated gates i, f, g, o of
 *   every step on exit (what the backward pass reads), acs [steps, bp, up] = act(c)
 *   (one step only when `keep` is 0), tmp [bp, g4].
 * Padded units see zero weights, so they never reach a real unit (their rows of u are zero).
 */
import { matmul, transpose } from './matmul';
import { act4, deriv4 } from './activations';
import { gateGradients } from './grads';
import { argInt, argPtr, setProgress } from './args';
import { LstmBackwardArg as B, LstmForwardArg as F } from '../calling-convention';

/** Forward over the whole sequence; see the file comment for the layout. */
export function lstmForward(args: usize): void {
  const x = argPtr(args, F.x), w = argPtr(args, F.w), u = argPtr(args, F.u), b = argPtr(args, F.b);
  const hs = argPtr(args, F.hs), cs = argPtr(args, F.cs), gx = argPtr(args, F.gx), acs = argPtr(args, F.acs), tmp = argPtr(args, F.tmp);
  const steps = argInt(args, F.steps), bp = argInt(args, F.bp), dp = argInt(args, F.dp), up = argInt(args, F.up);
  const act = argInt(args, F.act), ract = argInt(args, F.ract), keep = argInt(args, F.keep);
  const g4 = 4 * up;
  const gb = <usize>up << 2; // bytes per gate block
  const rowG = <usize>g4 << 2;
  const rowH = <usize>up << 2;
  const stepH = <usize>bp * rowH;
  // input projections of all time steps: one large product (plus the bias)
  matmul(x, dp, w, g4, gx, g4, steps * bp, dp, g4, b, 0);
  for (let t = 0; t < steps; t++) {
    setProgress(args, F.progress, t + 1);
    const sH = <usize>t * stepH;
    const slot = keep ? sH : 0;
    const gxT = gx + <usize>t * <usize>bp * rowG;
    // recurrent product of all four gates
    matmul(hs + sH, up, u, g4, tmp, g4, bp, up, g4, 0, 0);
    for (let bi = 0; bi < bp; bi++) {
      const gi = gxT + <usize>bi * rowG;
      const gr = tmp + <usize>bi * rowG;
      const hi = <usize>bi * rowH;
      for (let j: usize = 0; j < gb; j += 16) {
        const i = act4(ract, f32x4.add(v128.load(gi + j), v128.load(gr + j))); // input gate
        const f = act4(ract, f32x4.add(v128.load(gi + gb + j), v128.load(gr + gb + j))); // forget gate
        const g = act4(act, f32x4.add(v128.load(gi + 2 * gb + j), v128.load(gr + 2 * gb + j))); // candidate cell
        const o = act4(ract, f32x4.add(v128.load(gi + 3 * gb + j), v128.load(gr + 3 * gb + j))); // output gate
        // previous cell kept by the forget gate, candidate added by the input gate
        const c = f32x4.add(f32x4.mul(f, v128.load(cs + sH + hi + j)), f32x4.mul(i, g));
        const ac = act4(act, c);
        v128.store(cs + sH + stepH + hi + j, c);
        v128.store(hs + sH + stepH + hi + j, f32x4.mul(o, ac)); // output gate scales the cell's output
        v128.store(gi + j, i); v128.store(gi + gb + j, f); v128.store(gi + 2 * gb + j, g); v128.store(gi + 3 * gb + j, o);
        v128.store(acs + slot + hi + j, ac);
      }
    }
  }
}

/**
 * Backpropagation through time for a forward pass run with `keep`. `dhs [steps, bp, up]`
 * holds the upstream gradient of every output step; `dhn`, `dcn [bp, up]` must be zero on
 * entry and hold d h0, d c0 on exit. `dg [steps * bp, g4]` receives the pre-activation gate
 * gradients; writes dx [steps * bp, dp], dw [dp, g4], du [up, g4], db [g4].
 * `wT [g4, dp]` and `uT [g4, up]` are scratch for the transposed kernels.
 */
export function lstmBackward(args: usize): void {
  const x = argPtr(args, B.x), w = argPtr(args, B.w), wT = argPtr(args, B.wT), u = argPtr(args, B.u), uT = argPtr(args, B.uT);
  const hs = argPtr(args, B.hs), cs = argPtr(args, B.cs), gates = argPtr(args, B.gates), acs = argPtr(args, B.acs);
  const dhs = argPtr(args, B.dhs), dg = argPtr(args, B.dg), dhn = argPtr(args, B.dhn), dcn = argPtr(args, B.dcn);
  const dx = argPtr(args, B.dx), dw = argPtr(args, B.dw), du = argPtr(args, B.du), db = argPtr(args, B.db);
  const steps = argInt(args, B.steps), bp = argInt(args, B.bp), dp = argInt(args, B.dp), up = argInt(args, B.up);
  const act = argInt(args, B.act), ract = argInt(args, B.ract);
  const g4 = 4 * up;
  const gb = <usize>up << 2;
  const rowG = <usize>g4 << 2;
  const rowH = <usize>up << 2;
  const stepH = <usize>bp * rowH;
  transpose(u, g4, up, g4, uT);
  transpose(w, g4, dp, g4, wT);
  for (let t = steps - 1; t >= 0; t--) {
    setProgress(args, B.progress, steps - t);
    const sH = <usize>t * stepH;
    const gT = gates + <usize>t * <usize>bp * rowG;
    const dgT = dg + <usize>t * <usize>bp * rowG;
    for (let bi = 0; bi < bp; bi++) {
      const hi = <usize>bi * rowH;
      const gi = gT + <usize>bi * rowG;
      const di = dgT + <usize>bi * rowG;
      for (let j: usize = 0; j < gb; j += 16) {
        const o = sH + hi + j;
        const dh = f32x4.add(v128.load(dhs + o), v128.load(dhn + hi + j));
        const i = v128.load(gi + j);
        const f = v128.load(gi + gb + j);
        const g = v128.load(gi + 2 * gb + j);
        const og = v128.load(gi + 3 * gb + j);
        const ac = v128.load(acs + o);
        // cell gradient: from this step's output and from the next step's cell
        const dc = f32x4.add(v128.load(dcn + hi + j), f32x4.mul(f32x4.mul(dh, og), deriv4(act, ac)));
        v128.store(di + j, f32x4.mul(f32x4.mul(dc, g), deriv4(ract, i)));
        v128.store(di + gb + j, f32x4.mul(f32x4.mul(dc, v128.load(cs + o)), deriv4(ract, f)));
        v128.store(di + 2 * gb + j, f32x4.mul(f32x4.mul(dc, i), deriv4(act, g)));
        v128.store(di + 3 * gb + j, f32x4.mul(f32x4.mul(dh, ac), deriv4(ract, og)));
        v128.store(dcn + hi + j, f32x4.mul(dc, f));
      }
    }
    // gradient of hPrev through the recurrent product of all four gates
    matmul(dgT, g4, uT, up, dhn, up, bp, g4, up, 0, 0);
  }
  gateGradients(x, hs, dg, wT, dw, du, db, dx, steps * bp, dp, up, g4);
}
