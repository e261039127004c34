/**
 * The one switch of every fused kernel (GRU, LSTM, SimpleRNN): on by default, off when the
 * process starts with `GRULAB_FUSED=0`. Tests, benchmarks and notebooks flip it to compare
 * the fused kernels with the op-by-op reference paths.
 */
let enabled = process.env.GRULAB_FUSED !== '0';

/**
 * Turns the fused WebAssembly kernels (GRU, LSTM, SimpleRNN) on or off for this process.
 *
 * @param on `false` makes every recurrent layer run its op-by-op reference path.
 * @example
 * setFused(false); // gru, lstm and simpleRNN layers now run op by op
 */
export function setFused(on: boolean): void {
  enabled = on;
}

/**
 * Whether the fused kernels may be used (see {@link setFused}).
 *
 * @example
 * fusedEnabled(); // => true unless GRULAB_FUSED=0 or setFused(false)
 */
export function fusedEnabled(): boolean {
  return enabled;
}
