/**
 * The host side of the calling convention (./convention.ts): the table of kernel entry
 * points, the type of the module's exports derived from it, and the one function that
 * writes an argument block. Adding an entry point is one line in {@link KERNEL_ENTRIES}
 * (see ./convention.ts for the kernel side).
 */
import {
  Activation, DenseBackwardArg, DenseForwardArg, GruBackwardArg, GruForwardArg, GruInferArg, LstmBackwardArg, LstmForwardArg, RnnBackwardArg, RnnForwardArg,
} from './calling-convention';

/** Every kernel entry point, by its export name, with the enum naming its argument slots. */
export const KERNEL_ENTRIES = {
  gruForward: GruForwardArg,
  gruBackward: GruBackwardArg,
  gruInfer: GruInferArg,
  lstmForward: LstmForwardArg,
  lstmBackward: LstmBackwardArg,
  rnnForward: RnnForwardArg,
  rnnBackward: RnnBackwardArg,
  denseForward: DenseForwardArg,
  denseBackward: DenseBackwardArg,
} as const;

/** The name of a kernel entry point (`'gruForward'`, ...). */
export type KernelEntry = keyof typeof KERNEL_ENTRIES;

/** Entry names in a fixed order: a worker thread is told the entry by its index here. */
export const KERNEL_ENTRY_NAMES = Object.keys(KERNEL_ENTRIES) as KernelEntry[];

/** The argument values of `entry`: one number per named slot, `progress` excepted (the kernel writes it). */
export type KernelArgs<E extends KernelEntry> = Omit<Record<keyof (typeof KERNEL_ENTRIES)[E], number>, 'progress'>;

/** The functions the WebAssembly module exports. */
export type KernelExports = Record<KernelEntry, (args: number) => void> & { heapBase(): number };

/** Activation names, as the layers take them (`'tanh'`, `'sigmoid'`, ...). */
export type ActivationName = keyof typeof Activation;

/** The kernel's code for activation `name`, or `undefined` for a name it does not know. */
export function activationCode(name: string): number | undefined {
  const code = (Activation as unknown as Record<string, unknown>)[name];
  return typeof code === 'number' ? code : undefined;
}

/** Number of int32 slots in `entry`'s argument block. */
export function slotCount(entry: KernelEntry): number {
  return SLOT_COUNTS[entry];
}

/** {@link slotCount}'s answers, counted once (every kernel call asks). */
const SLOT_COUNTS = Object.fromEntries(
  KERNEL_ENTRY_NAMES.map((name) => [name, Object.values(KERNEL_ENTRIES[name]).filter((v) => typeof v === 'number').length]),
) as Record<KernelEntry, number>;

/** Index of the `progress` slot of `entry`'s block. */
export function progressSlot(entry: KernelEntry): number {
  return (KERNEL_ENTRIES[entry] as unknown as Record<string, number>).progress;
}

/**
 * Writes `values` into the argument block of `entry` at byte offset `ptr` (which must hold
 * {@link slotCount} int32 slots), and zeroes its `progress` slot.
 *
 * Callers write `values` as one object literal, without spreading another object into it:
 * V8 turns a spread object with this many fields into a dictionary-mode object of about
 * 1 KB that goes to its old space, garbage only a major collection frees (it made a
 * training run's heap grow by about 20 MB per epoch).
 */
export function writeArgs<E extends KernelEntry>(heap: Int32Array, ptr: number, entry: E, values: KernelArgs<E>): void {
  const slots = KERNEL_ENTRIES[entry] as unknown as Record<string, number>;
  const base = ptr >> 2;
  for (const [name, value] of Object.entries(values as Record<string, number>)) {
    const slot = slots[name];
    if (slot === undefined || !Number.isInteger(value)) {
      throw new Error(`writeArgs: ${entry} has no integer slot '${name}' (got ${value})`);
    }
    heap[base + slot] = value;
  }
  heap[base + slots.progress] = 0;
}
