/**
 * The second core: worker threads that run the same WebAssembly kernel on the same shared
 * memory. The host splits the batch into slices (the recurrence of one sample never
 * touches another's), each slice in its own contiguous buffers; a worker runs one slice's
 * kernel call while the main thread runs another, and the host sums the slices' weight
 * gradients. One wake-up and one wait per call, through `Atomics` on a small shared
 * control block, so the cost is a few tens of microseconds per call; a call the worker has
 * not taken by the time the main thread is done with its own is taken back and run there.
 *
 * Failure is loud and bounded, never a hang: a worker reports its own start-up and call
 * errors (with the message) through the control block and a message port; every wait is
 * cut into short slices and bounded (a request not picked up in time is revoked, a call
 * whose `progress` slot stops moving is given up on); `error` / `exit` events mark the
 * pool broken between calls. The caller (./sequence.ts) then reruns the call on the main
 * thread, and this pool prints one warning and is not used again.
 *
 * Workers are started from source that needs neither `require` nor ES module syntax (it
 * loads `worker_threads` with a dynamic `import()`, valid in both), with `execArgv: []`, so
 * the parent's flags (`--input-type=module`, loaders) cannot break them. They are
 * `unref`'d: they never keep the process alive.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { KERNEL_ENTRY_NAMES, type KernelEntry, progressSlot } from './kernel-calls';

/** Control block slots (int32). */
const REQUEST = 0; // request counter, bumped by the host
const ENTRY = 1; // index of the entry point in KERNEL_ENTRY_NAMES
const ARGS = 2; // byte offset of the argument block
const DONE = 3; // the request counter of the last finished call
const STATUS = 4; // 0 ok, 1 the last call threw (message on the port)
const STATE = 5; // 0 starting, 1 ready, 2 failed (message on the port)
const CLAIMED = 6; // the request the worker took; the host may revoke it by writing -1
const CONTROL_INTS = 8;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- names STATE's first value, which workers start in
const STARTING = 0;
const READY = 1;
const FAILED = 2;

/** Fault injection for tests: make a worker fail the way a real one can. */
export interface PoolFaults {
  /** Throw while starting, before the kernel is instantiated. */
  start?: boolean;
  /** Throw inside the `n`th kernel call (1-based), as a trap in the kernel would. */
  throwOnCall?: number;
  /** Exit the thread (no report) at the start of the `n`th kernel call, as a crash would. */
  exitOnCall?: number;
  /** Sleep this long before taking each call, as a worker whose core is busy elsewhere does. */
  slowClaimMs?: number;
}

/** Bounds of the waits, in milliseconds. */
export interface PoolOptions {
  /** A request not picked up this long by a worker still starting is revoked. Default 30,000. */
  startTimeoutMs?: number;
  /** A request not picked up this long by a ready worker is revoked. Default 2,000. */
  claimTimeoutMs?: number;
  /** A call whose progress slot has not moved this long (and at least twice the main thread's own slice time) is given up. Default 10,000. */
  stallTimeoutMs?: number;
  /** The main thread runs a call the worker has not taken yet itself (see `wait`). Default `true`; tests of a worker's failures turn it off so the worker does take its calls. */
  takeBack?: boolean;
  faults?: PoolFaults;
}

// Runs as CommonJS or as an ES module alike (see the file comment).
const WORKER_SOURCE = `
import('node:worker_threads').then(({ workerData }) => {
  const { module, memory, control, entries, port, faults } = workerData;
  const ctrl = new Int32Array(control);
  const report = (slot, value, err) => {
    port.postMessage(err && err.stack ? String(err.stack) : String(err));
    Atomics.store(ctrl, slot, value);
    Atomics.notify(ctrl, slot);
  };
  let kernel;
  try {
    if (faults.start) throw new Error('injected start-up failure');
    kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch (err) {
    report(${STATE}, ${FAILED}, err);
    return;
  }
  Atomics.store(ctrl, ${STATE}, ${READY});
  Atomics.notify(ctrl, ${STATE});
  let seen = 0;
  let calls = 0;
  for (;;) {
    Atomics.wait(ctrl, ${REQUEST}, seen);
    seen = Atomics.load(ctrl, ${REQUEST});
    if (faults.slowClaimMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, faults.slowClaimMs);
    // take the request, unless the host ran it itself (then wait for the next) or revoked it (then this thread stops)
    if (Atomics.compareExchange(ctrl, ${CLAIMED}, seen - 1, seen) !== seen - 1) {
      if (Atomics.load(ctrl, ${CLAIMED}) !== -1) continue;
      return;
    }
    Atomics.notify(ctrl, ${CLAIMED});
    calls++;
    if (calls === faults.exitOnCall) process.exit(3);
    let status = 0;
    try {
      if (calls === faults.throwOnCall) throw new Error('injected failure in kernel call ' + calls);
      kernel[entries[ctrl[${ENTRY}]]](ctrl[${ARGS}]);
    } catch (err) {
      port.postMessage(err && err.stack ? String(err.stack) : String(err));
      status = 1;
    }
    Atomics.store(ctrl, ${STATUS}, status);
    Atomics.store(ctrl, ${DONE}, seen);
    Atomics.notify(ctrl, ${DONE});
  }
});
`;

/** A worker failed; the call is to be run again on the main thread. */
export class KernelWorkerError extends Error {
  constructor(message: string, private readonly whenStopped: (fn: () => void) => void) {
    super(message);
    this.name = 'KernelWorkerError';
  }

  /**
   * Runs `fn` (freeing the failed call's memory) once no worker can write that memory any
   * more: at once when the worker never ran or finished the call, after its exit when it stalled.
   */
  afterStop(fn: () => void): void {
    this.whenStopped(fn);
  }
}

interface PoolWorker {
  worker: Worker;
  ctrl: Int32Array;
  port: MessagePort;
  pending: number;
  entry: KernelEntry;
  args: number;
  startedAt: number;
  exited: boolean;
  onExit: Array<() => void>;
}

const SLICE_MS = 20;

/** A fixed set of kernel workers sharing one WebAssembly memory. */
export class KernelPool {
  private readonly workers: PoolWorker[] = [];
  private readonly options: Required<Omit<PoolOptions, 'faults'>>;
  private cause: string | undefined;
  private stopped = false;
  /** Calls the main thread took back from a worker that had not started them (see `wait`). */
  takenBack = 0;

  /** @throws Error when a worker cannot be created at all (the caller runs on one thread). */
  constructor(module: WebAssembly.Module, private readonly memory: WebAssembly.Memory, size: number, options: PoolOptions = {}) {
    this.options = {
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
      claimTimeoutMs: options.claimTimeoutMs ?? 2_000,
      stallTimeoutMs: options.stallTimeoutMs ?? 10_000,
      takeBack: options.takeBack ?? true,
    };
    try {
      for (let i = 0; i < size; i++) {
        const control = new SharedArrayBuffer(CONTROL_INTS * 4);
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          execArgv: [],
          workerData: { module, memory, control, entries: KERNEL_ENTRY_NAMES, port: port2, faults: options.faults ?? {} },
          transferList: [port2],
        });
        const w: PoolWorker = {
          worker, ctrl: new Int32Array(control), port: port1, pending: 0, entry: 'gruForward', args: 0,
          startedAt: 0, exited: false, onExit: [],
        };
        w.ctrl[CLAIMED] = 0;
        worker.on('error', (err) => this.fail(`worker ${i} failed: ${err.message}`));
        worker.on('exit', (code) => {
          w.exited = true;
          if (this.cause === undefined && !this.stopped) this.fail(`worker ${i} exited with code ${code}`);
          for (const fn of w.onExit.splice(0)) fn();
        });
        worker.unref();
        port1.unref();
        this.workers.push(w);
      }
    } catch (err) {
      this.terminate();
      throw err;
    }
  }

  /** Number of workers (the main thread is one more). */
  get size(): number {
    return this.workers.length;
  }

  /** Why the pool is no longer used, or `undefined` while it is healthy. */
  get broken(): string | undefined {
    if (this.cause === undefined) {
      for (const [i, w] of this.workers.entries()) {
        if (Atomics.load(w.ctrl, STATE) === FAILED) this.fail(`worker ${i} failed to start: ${this.message(w)}`);
      }
    }
    return this.cause;
  }

  /** Starts `entry` on the argument block at byte offset `args` on worker `index`; pair with {@link wait}. */
  start(index: number, entry: KernelEntry, args: number): void {
    if (this.broken !== undefined) throw new KernelWorkerError(`the kernel's worker threads are not usable: ${this.cause}`, (fn) => fn());
    const w = this.workers[index];
    w.entry = entry;
    w.args = args;
    w.ctrl[ENTRY] = KERNEL_ENTRY_NAMES.indexOf(entry);
    w.ctrl[ARGS] = args;
    w.startedAt = Date.now();
    w.pending = Atomics.add(w.ctrl, REQUEST, 1) + 1;
    Atomics.notify(w.ctrl, REQUEST);
  }

  /**
   * Waits, in bounded slices, until worker `index` finished the call {@link start} gave it;
   * with `runHere`, a call the worker has not taken yet is run by this thread instead.
   * @param mainMs how long the main thread took for its own slice (a live worker needs about as long).
   * @param runHere runs the call on this thread. Taking the call back beats waiting when the
   *   worker is still asleep or its core is busy: a wake-up can cost more than a small call
   *   (a few milliseconds on a loaded machine, against tens of microseconds for a small model's slice).
   * @throws KernelWorkerError naming the cause when the worker failed, died or stalled; the pool is then broken.
   */
  wait(index: number, mainMs = 0, runHere?: () => void): void {
    const w = this.workers[index];
    const healthy = Atomics.load(w.ctrl, STATE) !== FAILED && !w.exited;
    if (runHere !== undefined && this.options.takeBack && healthy
      && Atomics.compareExchange(w.ctrl, CLAIMED, w.pending - 1, w.pending) === w.pending - 1) {
      this.takenBack++;
      runHere();
      Atomics.store(w.ctrl, DONE, w.pending);
      return;
    }
    const slot = (w.args >> 2) + progressSlot(w.entry);
    let progress = -1;
    let movedAt = Date.now();
    for (;;) {
      if (Atomics.load(w.ctrl, DONE) === w.pending) break;
      const now = Date.now();
      const claimed = Atomics.load(w.ctrl, CLAIMED) === w.pending;
      const state = Atomics.load(w.ctrl, STATE);
      if (!claimed) {
        const limit = state === READY ? this.options.claimTimeoutMs : this.options.startTimeoutMs;
        if (state === FAILED || w.exited || now - w.startedAt > limit) {
          // revoke the request; if the worker took it meanwhile, keep waiting for it
          if (Atomics.compareExchange(w.ctrl, CLAIMED, w.pending - 1, -1) === w.pending - 1) {
            const why = state === FAILED ? `failed to start: ${this.message(w)}`
              : w.exited ? 'exited' : state === READY ? `did not take a call within ${limit} ms`
                : `did not start within ${limit} ms`;
            throw this.fail(`worker ${index} ${why}`);
          }
          continue;
        }
      } else {
        const p = Atomics.load(this.memoryInts(), slot);
        if (p !== progress) {
          progress = p;
          movedAt = now;
        } else if (now - movedAt > Math.max(this.options.stallTimeoutMs, 2 * mainMs)) {
          throw this.fail(`worker ${index} made no progress for ${now - movedAt} ms in ${w.entry} (time step ${p})`, index);
        }
      }
      Atomics.wait(w.ctrl, claimed ? DONE : CLAIMED, claimed ? Atomics.load(w.ctrl, DONE) : Atomics.load(w.ctrl, CLAIMED), SLICE_MS);
    }
    if (Atomics.load(w.ctrl, STATUS) !== 0) throw this.fail(`worker ${index} threw in ${w.entry}: ${this.message(w)}`);
  }

  /** The shared memory as int32, made again only after the memory grew (a view per wait would be garbage per call). */
  private memoryInts(): Int32Array {
    if (this.ints?.buffer !== this.memory.buffer) this.ints = new Int32Array(this.memory.buffer);
    return this.ints;
  }

  private ints?: Int32Array;

  /** Stops the workers. */
  terminate(): void {
    this.stopped = true;
    for (const w of this.workers) {
      void w.worker.terminate();
      w.port.close();
    }
  }

  private message(w: PoolWorker): string {
    const lines: string[] = [];
    for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) lines.push(String(m.message));
    return lines.length > 0 ? lines.join('\n') : 'no message';
  }

  /**
   * Marks the pool broken (once, with one printed warning) and stops its workers.
   * @param running the worker that may still be writing the call's memory, if any.
   */
  private fail(cause: string, running?: number): KernelWorkerError {
    if (this.cause === undefined) {
      this.cause = cause;
      console.warn(`grulab: the fused GRU kernel's worker thread failed (${cause.split('\n')[0]}); `
        + 'it now runs on the main thread only (the same results up to float rounding, about half the speed on 2 cores)');
      this.terminate();
    }
    const w = running === undefined ? undefined : this.workers[running];
    return new KernelWorkerError(`gruSequenceFused: ${cause}`, (fn) => {
      if (w === undefined || w.exited) fn();
      else w.onExit.push(fn);
    });
  }
}
