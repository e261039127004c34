/**
 * Reading a kernel's argument block (see ../convention.ts): int32 slots at `args`, named by
 * the entry point's enum. The kernel writes `progress` so the host can tell a slow worker
 * thread from a dead one.
 */

/** Slot `slot` of the block at `args`, as a pointer (byte offset). */
@inline export function argPtr(args: usize, slot: i32): usize {
  return <usize>load<i32>(args + (<usize>slot << 2));
}

/** Slot `slot` of the block at `args`, as an integer (a size, a flag or a code). */
@inline export function argInt(args: usize, slot: i32): i32 {
  return load<i32>(args + (<usize>slot << 2));
}

/** Publishes `value` in slot `slot` (atomically: another thread reads it while this one runs). */
@inline export function setProgress(args: usize, slot: i32, value: i32): void {
  atomic.store<i32>(args + (<usize>slot << 2), value);
}
