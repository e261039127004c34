/**
 * A dense layer's forward and backward pass (the many-series model's head and linear
 * highway), on the SIMD products of ./matmul.ts, so the fused training step keeps them out
 * of plain JavaScript loops.
 *
 * Memory layout (host-padded, every size a multiple of 4, the pads zero):
 *   x   [rows, inputDim]    the layer's input
 *   w   [inputDim, units]   its kernel;  b [units] its bias (or 0)
 *   out [rows, units]       forward's result;  d [rows, units] the gradient of out
 *   dw  [inputDim, units], db [units], dx [rows, inputDim]   backward's results
 *   wT  [units, inputDim]   scratch: the kernel transposed, for dx
 */
import { colSum, matmul, matmulAtB, transpose } from './matmul';
import { argInt, argPtr, setProgress } from './args';
import { DenseBackwardArg as B, DenseForwardArg as F } from '../calling-convention';

export function denseForward(args: usize): void {
  const rows = argInt(args, F.rows);
  const inputDim = argInt(args, F.inputDim);
  const units = argInt(args, F.units);
  matmul(argPtr(args, F.x), inputDim, argPtr(args, F.w), units, argPtr(args, F.out), units, rows, inputDim, units, argPtr(args, F.b), 0);
  setProgress(args, F.progress, 1);
}

export function denseBackward(args: usize): void {
  const rows = argInt(args, B.rows);
  const inputDim = argInt(args, B.inputDim);
  const units = argInt(args, B.units);
  const x = argPtr(args, B.x);
  const d = argPtr(args, B.d);
  matmulAtB(x, inputDim, d, units, argPtr(args, B.dw), units, inputDim, rows, units, 0);
  const db = argPtr(args, B.db);
  if (db) colSum(d, units, rows, units, db, 0);
  const dx = argPtr(args, B.dx);
  if (dx) {
    const wT = argPtr(args, B.wT);
    transpose(argPtr(args, B.w), units, inputDim, units, wT);
    matmul(d, units, wT, inputDim, dx, inputDim, rows, units, inputDim, 0, 0);
  }
  setProgress(args, B.progress, 1);
}
