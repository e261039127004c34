/**
 * The WebAssembly module's exports: its kernel entry points, each taking the byte offset
 * of one argument block (slots named in ../convention.ts), and `heapBase`.
 *
 * A new kernel lives in its own file here (opening with its glossary and memory layout,
 * as ./gru.ts does) and is exported below; ../convention.ts says what else to add.
 */
export { gruForward, gruBackward } from './gru';
export { gruInfer } from './gru-infer';
export { lstmForward, lstmBackward } from './lstm';
export { rnnForward, rnnBackward } from './rnn';
export { denseForward, denseBackward } from './dense';

/** Where free memory starts (after the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
