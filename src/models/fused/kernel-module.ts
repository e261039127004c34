/**
 * Loads the fused GRU WebAssembly module (built from ./assembly by `npm run build:wasm`)
 * and manages its linear memory: a small first-fit allocator over byte ranges, growing
 * the memory when a request does not fit. Hand-written because the module has no
 * allocator of its own (it is compiled with AssemblyScript's `stub` runtime; its only
 * import is the memory) and the host decides which buffers live across calls.
 * The memory is shared (`SharedArrayBuffer`) so worker threads (./pool.ts) can run the
 * same kernel on it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { KernelPool, type PoolOptions } from './worker-pool';
import asconfig from './assembly/asconfig.json';
import { KERNEL_ENTRY_NAMES, type KernelArgs, type KernelEntry, type KernelExports, writeArgs } from './kernel-calls';

const PAGE_BYTES = 65536;
/**
 * The memory's first and largest sizes in pages, as the module was compiled with them
 * (./assembly/asconfig.json, read by `npm run build:wasm`): 1 MiB, and 1 GiB of address
 * space whose pages are committed only on growth.
 */
const INITIAL_PAGES = asconfig.options.initialMemory;
const MAXIMUM_PAGES = asconfig.options.maximumMemory;
const ALIGN = 16;

/** Where the built module may be: beside the compiled JS, or in dist/ when the TS source runs through tsx. */
const CANDIDATES = [
  path.join(__dirname, 'kernels.wasm'),
  path.join(__dirname, '..', '..', '..', 'dist', 'models', 'fused', 'kernels.wasm'),
];

/** The instantiated module plus its allocator. */
export class KernelModule {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** Free byte ranges, sorted by start, never adjacent (merged on free). */
  private free: Array<{ start: number; size: number }> = [];
  private sizes = new Map<number, number>();
  private f32: Float32Array;
  private i32: Int32Array;

  /**
   * Called before the memory grows, one per kernel family (GRU; LSTM and SimpleRNN): each
   * frees what can no longer be used and answers whether it freed anything.
   */
  private readonly reclaimers = new Set<() => boolean>();
  private pool: KernelPool | null | undefined;
  /** Bytes handed out by `alloc` and not yet released. */
  inUseBytes = 0;
  /** Largest `inUseBytes` since the last {@link KernelModule.resetPeak}. */
  peakBytes = 0;
  private poolOptions: PoolOptions | undefined;
  private highWater = 0;

  constructor(module: WebAssembly.Module) {
    this.module = module;
    this.memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    const missing = KERNEL_ENTRY_NAMES.filter((name) => typeof instance.exports[name] !== 'function');
    if (missing.length > 0) throw new Error(`the module does not export ${missing.join(', ')} (rebuild with \`npm run build\`)`);
    const base = align(this.exports.heapBase());
    const end = this.memory.buffer.byteLength;
    if (end > base) this.free.push({ start: base, size: end - base });
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /**
   * The worker threads (started on first use), or `null` when running on one thread:
   * `GRULAB_FUSED_THREADS` (default: 2 when the machine has 2 or more cores) minus the main thread.
   */
  workers(): KernelPool | null {
    if (this.pool === undefined) {
      const env = Number(process.env.GRULAB_FUSED_THREADS ?? '');
      const threads = Number.isInteger(env) && env >= 1 ? env : Math.min(2, os.availableParallelism());
      this.pool = null;
      if (threads > 1) {
        try {
          this.pool = new KernelPool(this.module, this.memory, threads - 1, this.poolOptions);
        } catch (err) {
          console.warn(`grulab: the fused GRU kernel could not start a worker thread (${err instanceof Error ? err.message : String(err)}); `
            + 'it runs on the main thread only');
        }
      }
    }
    return this.pool !== null && this.pool.broken === undefined ? this.pool : null;
  }

  /**
   * Stops the worker threads; the next call starts new ones with `options` (tests use it to
   * inject faults and short bounds).
   */
  restartWorkers(options?: PoolOptions): void {
    this.pool?.terminate();
    this.pool = undefined;
    this.poolOptions = options;
  }

  /** Bytes currently allocated, and the highest end of any allocation so far (the memory the kernel really needed). */
  usage(): { bytesInUse: number; highWaterBytes: number; memoryBytes: number } {
    let inUse = 0;
    for (const size of this.sizes.values()) inUse += size;
    return { bytesInUse: inUse, highWaterBytes: this.highWater, memoryBytes: this.memory.buffer.byteLength };
  }

  /** A view of the whole memory as float32 (re-read after every `alloc`, which may grow it). */
  get heap(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return this.f32;
  }

  /** The same memory as int32 (argument blocks; re-read after every `alloc`). */
  get heap32(): Int32Array {
    if (this.i32.buffer !== this.memory.buffer) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return this.i32;
  }

  /** Writes the argument block of one call of `entry` at `ptr` (an allocation of `slotCount(entry)` floats). */
  writeArgs<E extends KernelEntry>(ptr: number, entry: E, values: KernelArgs<E>): void {
    writeArgs(this.heap32, ptr, entry, values);
  }

  /** Reserves `floats` float32 values (16-byte aligned) and returns the byte offset. */
  alloc(floats: number): number {
    const size = align(Math.max(floats, 1) * 4);
    for (let i = 0; i < this.free.length; i++) {
      const range = this.free[i];
      if (range.size >= size) {
        const start = range.start;
        range.start += size;
        range.size -= size;
        if (range.size === 0) this.free.splice(i, 1);
        this.sizes.set(start, size);
        this.inUseBytes += size;
        this.peakBytes = Math.max(this.peakBytes, this.inUseBytes);
        this.highWater = Math.max(this.highWater, start + size);
        return start;
      }
    }
    let reclaimed = false;
    for (const reclaim of this.reclaimers) reclaimed = reclaim() || reclaimed;
    if (reclaimed) return this.alloc(floats);
    this.grow(size);
    return this.alloc(floats);
  }

  /** Adds `reclaim` to the functions called before the memory grows (once per function). */
  addReclaimer(reclaim: () => boolean): void {
    this.reclaimers.add(reclaim);
  }

  /** Returns a range from `alloc` to the free list. */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`KernelModule.release: ${ptr} is not an allocated pointer`);
    this.sizes.delete(ptr);
    this.inUseBytes -= size;
    this.insertFree(ptr, size);
  }

  /** Starts a new peak measurement from the bytes in use now. */
  resetPeak(): void {
    this.peakBytes = this.inUseBytes;
  }

  private grow(atLeast: number): void {
    const memory = this.memory;
    const oldEnd = memory.buffer.byteLength;
    // grow by at least half the current size, so repeated requests stay rare
    const bytes = Math.max(atLeast, oldEnd >> 1);
    const pages = Math.min(Math.ceil(bytes / PAGE_BYTES), MAXIMUM_PAGES - oldEnd / PAGE_BYTES);
    if (pages * PAGE_BYTES < atLeast) {
      throw new Error(`gruSequenceFused: the kernel needs ${atLeast} more bytes, beyond its ${MAXIMUM_PAGES * PAGE_BYTES} byte limit; use smaller batches`);
    }
    memory.grow(pages);
    this.insertFree(oldEnd, memory.buffer.byteLength - oldEnd);
  }

  private insertFree(start: number, size: number): void {
    const list = this.free;
    let i = 0;
    while (i < list.length && list[i].start < start) i++;
    list.splice(i, 0, { start, size });
    // merge with the next range, then with the previous one
    if (i + 1 < list.length && start + size === list[i + 1].start) {
      list[i].size += list[i + 1].size;
      list.splice(i + 1, 1);
    }
    if (i > 0 && list[i - 1].start + list[i - 1].size === start) {
      list[i - 1].size += list[i].size;
      list.splice(i, 1);
    }
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

let loaded: KernelModule | null | undefined;
let loadError: string | undefined;

/**
 * The module, instantiated once per process; `null` when it cannot be found or
 * instantiated (for example WebAssembly SIMD or shared memory missing), with the reason in {@link kernelLoadError}.
 */
export function loadKernelModule(): KernelModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const file = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (file === undefined) {
    loadError = `kernels.wasm not found (looked in ${CANDIDATES.join(', ')}); run \`npm run build\``;
    return loaded;
  }
  try {
    const fma = fmaModule(file);
    loaded = new KernelModule(fma ?? new WebAssembly.Module(fs.readFileSync(file)));
    fmaInUse = fma !== null;
  } catch (err) {
    loadError = `${file} did not instantiate: ${err instanceof Error ? err.message : String(err)}`;
  }
  return loaded;
}

let fmaInUse = false;

/**
 * The build of the same kernels with relaxed SIMD (`kernels-fma.wasm`, beside `kernels.wasm`), whose
 * matrix products use fused multiply-adds, when the engine accepts it; else `null`.
 * Node 20's V8 has relaxed SIMD behind `--experimental-wasm-relaxed-simd`, which is turned on
 * here before compiling (a flag V8 reads at compile time); `GRULAB_FUSED_FMA=0` keeps the
 * plain build. Results differ from the plain build only in float32 rounding (one rounding
 * per multiply-add instead of two).
 */
function fmaModule(plainFile: string): WebAssembly.Module | null {
  if (process.env.GRULAB_FUSED_FMA === '0') return null;
  const file = path.join(path.dirname(plainFile), 'kernels-fma.wasm');
  if (!fs.existsSync(file)) return null;
  try {
    const bytes = fs.readFileSync(file);
    if (!WebAssembly.validate(bytes)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** Whether the loaded kernels are the fused multiply-add build (see {@link loadKernelModule}). */
export function kernelUsesFma(): boolean {
  return fmaInUse;
}

/** Why {@link loadKernelModule} returned `null`, if it did. */
export function kernelLoadError(): string | undefined {
  return loadError;
}
