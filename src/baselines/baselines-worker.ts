/**
 * The worker thread of ./run-baselines.ts: receives one series at a time, forecasts it by
 * the requested methods, and posts the result back with the series' index.
 */
import { parentPort } from 'node:worker_threads';
import { type BaselineOptions } from './baseline-forecast';
import { type BaselineMethod, forecastBaselines, type SeriesBaselines } from './baseline-methods';

/** A task the main thread sends. */
export interface BaselineTask {
  index: number;
  values: Float64Array;
  methods: BaselineMethod[];
  options: BaselineOptions;
}

/** The answer to a task. */
export interface BaselineAnswer {
  index: number;
  result: SeriesBaselines;
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (task: BaselineTask) => {
    const answer: BaselineAnswer = { index: task.index, result: forecastBaselines(task.values, task.methods, task.options) };
    port.postMessage(answer);
  });
}
