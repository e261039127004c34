/**
 * Forward passes kept for a gradient, the one rule that frees them, and the custom-gradient
 * op that keeps them (`KeptRuns.op`), shared by every fused kernel (GRU, LSTM, SimpleRNN).
 *
 * A forward pass recorded on a gradient tape keeps what its backward pass reads (gates,
 * states) in the kernel's WebAssembly memory. One whose gradient can no longer be taken is
 * freed deterministically: those recorded on another tape than the one now recording
 * (TensorFlow.js starts a new tape for every `tf.grads` / `optimizer.minimize`, and a
 * finished tape is never replayed), or all of them when a forward pass runs with no tape at
 * all. So a pass whose gradient is never taken (an output the loss does not use, a step that
 * threw) is freed at the next kernel call, or when the kernel's memory would otherwise grow,
 * instead of whenever the garbage collector runs: a `FinalizationRegistry` never sees
 * WebAssembly memory pressure, so it is only the backstop.
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernelModule, type KernelModule } from './kernel-module';
import { tensorFromKernel, valuesOf } from './host-buffers';

/** What a kernel keeps of a forward pass: freed once, then marked `released`. */
export interface KeptState {
  released: boolean;
}

/** The kept forward passes of one kernel family, with the release function for them. */
export class KeptRuns<Saved extends KeptState> {
  private readonly kept: Array<{ saved: Saved; tape: unknown }> = [];
  private readonly pending: FinalizationRegistry<Saved>;
  /** For `KernelModule.addReclaimer`: frees what can be freed before the kernel's memory grows. */
  readonly reclaim = (): boolean => this.releaseUnused(false);

  /** @param release frees one kept pass in the kernel's memory. */
  constructor(private readonly release: (wasm: KernelModule, saved: Saved) => void) {
    this.pending = new FinalizationRegistry<Saved>((saved) => {
      const wasm = loadKernelModule();
      if (wasm !== null) release(wasm, saved);
    });
  }

  /**
   * Called before each forward pass of the kernel: registers the reclaimer and frees what
   * can no longer be replayed (everything, when this pass runs outside any gradient computation).
   * @param keep whether this pass will be kept for a gradient (a tape is recording).
   */
  beforeForward(wasm: KernelModule, keep: boolean): void {
    wasm.addReclaimer(this.reclaim);
    this.releaseUnused(!keep && tf.engine().state.gradientDepth === 0);
  }

  /** Keeps a forward pass for the tape recording now; `owner` is the object whose collection frees it. */
  keep(owner: object, saved: Saved): void {
    this.pending.register(owner, saved, saved);
    this.kept.push({ saved, tape: tf.engine().state.activeTape });
  }

  /**
   * A kernel's forward pass as a TensorFlow.js op whose gradient is the kernel's backward
   * pass, shared by every fused kernel: `forward` runs the kernel (keeping what the backward
   * pass reads when `keep`, which this records for the tape), `backward` gets that and the
   * upstream gradient and returns one gradient array per tensor of `inputs`, in their order
   * and shapes. The output and the first input's gradient (a sequence, read again by the
   * next kernel) are remembered by ./host-arrays.ts.
   */
  op(
    inputs: tf.Tensor[], outShape: number[], keep: boolean,
    forward: () => { output: Float32Array; saved: Saved },
    backward: (saved: Saved, dOutput: Float32Array) => Float32Array[],
  ): tf.Tensor {
    const op = tf.customGrad(() => {
      // `run` is held only by the gradient function: once the tape lets go of that, the backstop may free the pass
      const run = forward();
      if (keep) this.keep(run, run.saved);
      const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
        this.taken(run.saved);
        return backward(run.saved, valuesOf(dy)).map((g, i) =>
          (i === 0 ? tensorFromKernel(g, inputs[0].shape) : tf.tensor(g, inputs[i].shape, 'float32')));
      };
      return { value: tensorFromKernel(run.output, outShape), gradFunc };
    });
    return op(...inputs);
  }

  /** The pass's gradient is being taken: its backward pass frees it, not the backstop. */
  taken(saved: Saved): void {
    this.pending.unregister(saved);
  }

  /**
   * Frees the kept passes whose gradient can no longer be taken (see the module comment).
   * @returns whether anything was freed.
   */
  releaseUnused(forwardWithoutTape: boolean): boolean {
    const wasm = loadKernelModule();
    const tape = tf.engine().state.activeTape;
    let freed = false;
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const { saved } = this.kept[i];
      if (saved.released || forwardWithoutTape || this.kept[i].tape !== tape) {
        if (!saved.released && wasm !== null) {
          this.release(wasm, saved);
          freed = true;
        }
        this.pending.unregister(saved);
        this.kept.splice(i, 1);
      }
    }
    return freed;
  }
}
