/**
 * The multi-step strategies (a module without dependencies, so the command's `--help` loads fast).
 */

/**
 * How a forecaster predicts more than one step ahead.
 *
 * - `'direct'`: the model's last Dense layer has `horizon` outputs and predicts all steps
 *   at once from the same window. Each step is trained against its own target, so errors
 *   do not compound, and extra `features` are fine; the price is a fixed horizon (the model
 *   cannot look further than it was trained for) and `horizon` times the output weights.
 * - `'recursive'`: the model predicts one step, the prediction is appended to the window
 *   (the oldest step drops out) and the model runs again, as many times as needed. One
 *   small model serves any horizon, but its own errors are fed back in and compound, and
 *   it only works when the target is the only input: the future values of other features
 *   are not known, so `recursive` with `features` is refused for `horizon > 1`.
 */
export type ForecastStrategy = 'recursive' | 'direct';

/** The strategies, for validating options. */
export const FORECAST_STRATEGIES: readonly ForecastStrategy[] = ['direct', 'recursive'];
