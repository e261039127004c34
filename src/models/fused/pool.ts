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

/** Control block: [0] request counter, [1] op, [2] argument count, [3] done counter, [4] error flag. */
const CONTROL_INTS = 8;
const MAX_ARGS = 32;

/** Kernel entry points a worker can run; the index is the op code in the control block. */
const POOL_OPS_LIST = ['gruForward', 'gruBackward', 'lstmForward', 'lstmBackward', 'rnnForward', 'rnnBackward'] as const;

// Plain JavaScript, run with `eval` so the same source works from dist/ and through tsx.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { module, memory, control } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ops = ${JSON.stringify(POOL_OPS_LIST)};
const ctrl = new Int32Array(control, 0, ${CONTROL_INTS});
const args = new Float64Array(control, ${CONTROL_INTS * 4}, ${MAX_ARGS});
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  const list = Array.from(args.subarray(0, ctrl[2]));
  try {
    kernel[ops[ctrl[1]]](...list);
    ctrl[4] = 0;
  } catch (err) {
    ctrl[4] = 1;
  }
  Atomics.store(ctrl, 3, seen);
  Atomics.notify(ctrl, 3);
}
`;

/** Kernel entry points a worker can run. */
export type PoolOp = (typeof POOL_OPS_LIST)[number];

interface PoolWorker {
  worker: Worker;
  ctrl: Int32Array;
  args: Float64Array;
  pending: number;
}

/** A fixed set of kernel workers sharing one WebAssembly memory. */
export class KernelPool {
  private readonly workers: PoolWorker[] = [];

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number) {
    for (let i = 0; i < size; i++) {
      const control = new SharedArrayBuffer(CONTROL_INTS * 4 + MAX_ARGS * 8);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control } });
      worker.unref();
      this.workers.push({ worker, ctrl: new Int32Array(control, 0, CONTROL_INTS), args: new Float64Array(control, CONTROL_INTS * 4, MAX_ARGS), pending: 0 });
    }
  }

  /** Number of workers (the main thread is one more). */
  get size(): number {
    return this.workers.length;
  }

  /** Starts `op(args)` on worker `index`; pair with {@link wait}. */
  start(index: number, op: PoolOp, args: number[]): void {
    const w = this.workers[index];
    if (args.length > MAX_ARGS) throw new Error(`KernelPool.start: at most ${MAX_ARGS} arguments, got ${args.length}`);
    w.args.set(args);
    w.ctrl[1] = POOL_OPS_LIST.indexOf(op);
    w.ctrl[2] = args.length;
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
