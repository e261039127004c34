// The worker-thread runner: the same numbers as one thread, in input order, progress
// reported, failures kept per method, bad options refused before any work, and no worker
// thread left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBaselines } from '../../src/baselines/run-baselines';
import { BASELINE_METHODS, forecastBaselines } from '../../src/baselines/baseline-methods';
import { readM4File } from '../../src/data/m4';

const DATA = join(__dirname, '..', '..', 'datasets', 'm4');
// Twelve weekly series, short (80 weeks) and long, and one too short for ETS, Theta and Comb.
const weekly = readM4File(join(DATA, 'Weekly-train.csv'));
const series = [...weekly.slice(0, 6), ...weekly.slice(-6)].map((s) => s.values);
series.splice(3, 0, [5, 6, 7, 6, 5]);

/** The process's OS threads (workers are threads), or undefined off Linux. */
const threadCount = (): number | undefined => {
  if (!existsSync('/proc/self/status')) return undefined;
  return Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
};

test('two worker threads give what one thread gives, in input order, and leave no thread behind', { timeout: 300_000 }, async () => {
  const options = { methods: [...BASELINE_METHODS], horizon: 13, period: 1, levels: [80, 95] };
  const before = threadCount();
  const progress: number[] = [];
  const parallel = await runBaselines(series, { ...options, threads: 2, onProgress: (done, total) => progress.push(done * 1000 + total) });
  // terminated workers' threads are gone once terminate() has resolved
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = threadCount();
  if (before !== undefined) assert.equal(after, before, `threads before ${before}, after ${after}`);
  assert.deepEqual(progress, series.map((_, i) => (i + 1) * 1000 + series.length));
  const single = await runBaselines(series, { ...options, threads: 0 });
  assert.deepEqual(parallel, single);
  series.forEach((values, i) => assert.deepEqual(single[i], forecastBaselines(values, options.methods, options), `series ${i}`));
  // the short series: the lag walks work, the rest say why not
  const short = single[3];
  assert.deepEqual(Object.keys(short.forecasts).sort(), ['naive', 'naive2', 'seasonalNaive']);
  assert.match(short.failures.ets ?? '', /too short \(5 observations\)/);
  assert.match(short.failures.theta ?? '', /thetaForecast: values must hold at least 7 observations, got 5/);
  assert.match(short.failures.comb ?? '', /combForecasts: values must hold at least 10 observations, got 5/);
  assert.equal(single[0].forecasts.ets?.method, 'ETS(M,Ad,N)');
  assert.equal(single[0].forecasts.ets?.mean.length, 13);
  assert.deepEqual(single[0].forecasts.ets?.intervals.map((i) => i.level), [80, 95]);
  assert.deepEqual(single[0].forecasts.comb?.intervals, []);
});

test('runBaselines refuses bad options before starting any work', async () => {
  const calls: number[] = [];
  const onProgress = (done: number): void => {
    calls.push(done);
  };
  await assert.rejects(runBaselines(series, { methods: ['naive2', 'prophet' as never], horizon: 13, onProgress }), /runBaselines: unknown method "prophet"; the methods are 'naive', 'seasonalNaive', 'naive2'/);
  await assert.rejects(runBaselines(series, { methods: [], horizon: 13 }), /runBaselines: methods must be a non-empty array/);
  await assert.rejects(runBaselines(series, { methods: ['naive2'], horizon: 0 }), /runBaselines: horizon must be a positive integer, got 0/);
  await assert.rejects(runBaselines(series, { methods: ['naive2'], horizon: 13, levels: [95, 100] }), /runBaselines: levels\[1\] must be a percentage strictly between 0 and 100, got number 100/);
  await assert.rejects(runBaselines(series, { methods: ['naive2'], horizon: 13, threads: -1 }), /runBaselines: threads must be a non-negative integer, got number -1/);
  await assert.rejects(runBaselines('abc' as never, { methods: ['naive2'], horizon: 13 }), /runBaselines: series must be an array of series/);
  assert.deepEqual(calls, []);
  assert.deepEqual(await runBaselines([], { methods: ['naive2'], horizon: 13 }), []);
});
