/**
 * The part of backpropagation through time that every fused recurrent kernel shares, run
 * once after the time loop: with the pre-activation gate gradients of all steps `dg`
 * `[rows, gw]` (rows = steps * bp), the weight gradients as large products,
 *   dw [dp, gw] = x^T dg,  du [up, gw] = hPrev^T dg,  db [gw] = sum over rows of dg,
 * and the input gradient dx [rows, dp] = dg wT (wT [gw, dp] the transposed input kernel).
 * `hs` holds hPrev of every step (rows 0 .. rows - 1 of the kernel's state array).
 */
import { matmul, matmulAtB, colSum } from './matmul';

/** Weight, bias and input gradients from the gate gradients `dg`; see the file comment. */
export function gateGradients(
  x: usize, hs: usize, dg: usize, wT: usize, dw: usize, du: usize, db: usize, dx: usize,
  rows: i32, dp: i32, up: i32, gw: i32,
): void {
  matmulAtB(x, dp, dg, gw, dw, gw, dp, rows, gw, 0);
  matmulAtB(hs, up, dg, gw, du, gw, up, rows, gw, 0);
  colSum(dg, gw, rows, gw, db, 0);
  matmul(dg, gw, wT, dp, dx, dp, rows, gw, dp, 0, 0);
}
