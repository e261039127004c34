/**
 * The second core: worker threads that run the same WebAssembly kernel on the same shared
 * memory. The host splits the batch into slices (the recurrence of one sample never
 * touches another's), each slice in its own contiguous buffers; a worker runs one slice's
 * `gruForward` / `gruBackward` while the main thread runs another, and the host sums the
 * slices' weight gradients. One wake-up and one wait per call, through `Atomics` on a
 * small shared control block, so the cost is a few tens of microseconds per call.
 *
 * Workers are `unref`'d: they never keep the process alive.
 */
import { Worker } from 'worker_threads';
import { KERNEL_ENTRY_NAMES, KernelEntry } from './calls';

/** Control block: [0] request counter, [1] entry index, [2] argument block pointer, [3] done counter, [4] error flag. */
const CONTROL_INTS = 8;

// Plain JavaScript, run with `eval` so the same source works from dist/ and through tsx.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { module, memory, control, entries } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctrl = new Int32Array(control, 0, ${CONTROL_INTS});
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  try {
    kernel[entries[ctrl[1]]](ctrl[2]);
    ctrl[4] = 0;
  } catch (err) {
    ctrl[4] = 1;
  }
  Atomics.store(ctrl, 3, seen);
  Atomics.notify(ctrl, 3);
}
`;

interface PoolWorker {
  worker: Worker;
  ctrl: Int32Array;
  pending: number;
}

/** A fixed set of kernel workers sharing one WebAssembly memory. */
export class KernelPool {
  private readonly workers: PoolWorker[] = [];

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number) {
    for (let i = 0; i < size; i++) {
      const control = new SharedArrayBuffer(CONTROL_INTS * 4);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, entries: KERNEL_ENTRY_NAMES } });
      worker.unref();
      this.workers.push({ worker, ctrl: new Int32Array(control, 0, CONTROL_INTS), pending: 0 });
    }
  }

  /** Number of workers (the main thread is one more). */
  get size(): number {
    return this.workers.length;
  }

  /** Starts `entry` on the argument block at byte offset `args` on worker `index`; pair with {@link wait}. */
  start(index: number, entry: KernelEntry, args: number): void {
    const w = this.workers[index];
    w.ctrl[1] = KERNEL_ENTRY_NAMES.indexOf(entry);
    w.ctrl[2] = args;
    w.pending = Atomics.add(w.ctrl, 0, 1) + 1;
    Atomics.notify(w.ctrl, 0);
  }

  /** Blocks until worker `index` finished the call {@link start} gave it. */
  wait(index: number): void {
    const w = this.workers[index];
    for (;;) {
      const done = Atomics.load(w.ctrl, 3);
      if (done === w.pending) break;
      Atomics.wait(w.ctrl, 3, done, 1000);
    }
    if (w.ctrl[4] !== 0) throw new Error('gruSequenceFused: the kernel failed in a worker thread');
  }

  /** Stops the workers. */
  terminate(): void {
    for (const w of this.workers) void w.worker.terminate();
    this.workers.length = 0;
  }
}
