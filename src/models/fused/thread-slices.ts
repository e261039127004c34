/**
 * Running one kernel entry point over a batch split into slices, one per thread, for any
 * kernel's host code (the GRU's in ./sequence.ts; an LSTM's would use the same): the
 * slices, the allocations of one call, and the fallback to the main thread when a worker
 * fails (./pool.ts).
 */
import { type KernelModule } from './kernel-module';
import { type KernelEntry } from './kernel-calls';
import { KernelWorkerError } from './worker-pool';
import { type BatchSlice, splitBatch } from './pack';

/** Batches smaller than this run on one thread (a wake-up costs more than it saves). */
export const MIN_SPLIT_BATCH = 8;

/** Byte ranges taken from the kernel's allocator, released together. */
export class Allocations {
  readonly ptrs: number[] = [];
  constructor(private readonly wasm: KernelModule) {}
  alloc(floats: number): number {
    const p = this.wasm.alloc(floats);
    this.ptrs.push(p);
    return p;
  }
  releaseAll(): void {
    for (const p of this.ptrs.splice(0)) this.wasm.release(p);
  }
}

/**
 * Runs `entry` once per argument block (one per slice): slice 0 on this thread, the others
 * on worker threads (or here too when there are none), and waits for every one of them
 * even when this thread's call throws, so no thread is left working on memory the caller
 * is about to free.
 * @throws KernelWorkerError when a worker failed (the caller reruns on this thread).
 */
export function runSlices(wasm: KernelModule, entry: KernelEntry, calls: number[]): void {
  const start = performance.now();
  try {
    runSlicesTimed(wasm, entry, calls);
  } finally {
    kernelTime[entry] = (kernelTime[entry] ?? 0) + performance.now() - start;
  }
}

const kernelTime: Partial<Record<KernelEntry, number>> = {};

/**
 * Milliseconds spent in each kernel entry point (the calls and the wait for the worker
 * threads) since the last call of this function, which resets them: `npm run bench` reports
 * the share of a training step spent inside the kernels with it.
 */
export function takeKernelTime(): Partial<Record<KernelEntry, number>> {
  const taken = { ...kernelTime };
  for (const k of Object.keys(kernelTime) as KernelEntry[]) delete kernelTime[k];
  return taken;
}

function runSlicesTimed(wasm: KernelModule, entry: KernelEntry, calls: number[]): void {
  const pool = calls.length > 1 ? wasm.workers() : null;
  const onWorker: number[] = [];
  let mainMs = 0;
  let mainFailed = false;
  let mainError: unknown;
  let workerError: KernelWorkerError | undefined;
  try {
    for (let k = 1; k < calls.length && pool !== null; k++) {
      pool.start(k - 1, entry, calls[k]);
      onWorker.push(k);
    }
    const t0 = Date.now();
    wasm.exports[entry](calls[0]);
    mainMs = Date.now() - t0;
    for (let k = 1 + onWorker.length; k < calls.length; k++) wasm.exports[entry](calls[k]);
  } catch (err) {
    mainFailed = true;
    mainError = err;
  }
  for (const k of onWorker) {
    try {
      // a call the worker has not taken yet runs here (unless this thread's own call failed)
      pool!.wait(k - 1, mainMs, mainFailed ? undefined : () => wasm.exports[entry](calls[k]));
    } catch (err) {
      if (err instanceof KernelWorkerError) workerError ??= err;
      else if (!mainFailed) {
        mainFailed = true;
        mainError = err;
      }
    }
  }
  // a worker failure first: its memory may need to outlive this call, and the rerun on this
  // thread meets this thread's own error again if it was real
  if (workerError !== undefined) throw workerError;
  if (mainFailed) throw mainError;
}

/**
 * A forward pass under {@link withWorkerFallback}: `attempt` gets the allocations the run
 * keeps (`held`) and scratch that is freed when it returns. A failed attempt's scratch goes
 * with the kept buffers, since a stalled worker may still write it. Shared by every fused
 * kernel's host (GRU, LSTM, SimpleRNN).
 */
export function withForwardScratch<T>(wasm: KernelModule, attempt: (held: Allocations, scratch: Allocations) => T): T {
  return withWorkerFallback(wasm, (held) => {
    const scratch = new Allocations(wasm);
    try {
      return attempt(held, scratch);
    } catch (err) {
      held.ptrs.push(...scratch.ptrs.splice(0));
      throw err;
    } finally {
      scratch.releaseAll();
    }
  });
}

/**
 * Runs `attempt` with fresh allocations; when a worker fails, frees them (or, if the worker
 * may still be writing them, once it has exited) and runs `attempt` again, which then finds
 * no worker and stays on this thread. Any other error frees them and propagates.
 */
export function withWorkerFallback<T>(wasm: KernelModule, attempt: (held: Allocations) => T): T {
  for (;;) {
    const held = new Allocations(wasm);
    try {
      return attempt(held);
    } catch (err) {
      if (err instanceof KernelWorkerError) err.afterStop(() => held.releaseAll());
      else held.releaseAll();
      if (!(err instanceof KernelWorkerError)) throw err;
    }
  }
}

/** The batch's slices: one per thread, or one for a small batch or no worker. */
export function slicesFor(wasm: KernelModule, batch: number): BatchSlice[] {
  const pool = batch >= MIN_SPLIT_BATCH ? wasm.workers() : null;
  return splitBatch(batch, pool === null ? 1 : pool.size + 1);
}
