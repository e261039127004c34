/**
 * The statistical methods' speed on the shipped M4 sets: Naive2, Theta, ETS and Comb (with
 * SES, Holt and Damped, which Comb computes anyway) over all 374 hourly and 319 weekly
 * series, each method alone on one thread (wall and CPU time: where the time goes), then
 * all four together on the calling thread and on two worker threads. Also the sMAPE and
 * MASE each method scores there, next to M4's published figures for the full sets.
 *
 *   node --import tsx test/bench/baselines-bench.ts            (both sets)
 *   node --import tsx test/bench/baselines-bench.ts --hourly   (one set)
 *
 * The machine may be shared: the load average is printed with the figures.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { forecastBaselines, type BaselineMethod } from '../../src/baselines/baseline-methods';
import { runBaselines } from '../../src/baselines/run-baselines';
import { readM4Pairs, readM4PublishedResults } from '../../src/data/m4';
import { mase, smape } from '../../src/metrics/m4';

const DATA = join(__dirname, '..', '..', 'datasets', 'm4');
const METHODS: BaselineMethod[] = ['naive2', 'theta', 'ets', 'comb'];
const PUBLISHED: Record<string, string> = { naive2: 'Naive2', theta: 'Theta', comb: 'Comb' };

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

async function bench(frequency: 'Hourly' | 'Weekly'): Promise<void> {
  const [horizon, period] = frequency === 'Hourly' ? [48, 24] : [13, 1];
  const pairs = readM4Pairs(join(DATA, `${frequency}-train.csv`), join(DATA, `${frequency}-test.csv`));
  const published = readM4PublishedResults(join(DATA, 'published-results.csv'));
  const options = { horizon, period, levels: [80, 95] };
  console.log(`\n${frequency}: ${pairs.length} series, h ${horizon}, m ${period}; load average ${load()}`);
  for (const method of METHODS) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    let s = 0;
    let m = 0;
    for (const { train, test } of pairs) {
      const f = forecastBaselines(train, [method], options).forecasts[method];
      if (f === undefined) throw new Error(`${method} failed`);
      s += smape(test, f.mean);
      m += mase(test, f.mean, train, period);
    }
    const used = process.cpuUsage(cpu);
    const paper = published.find((r) => r.method === PUBLISHED[method] && r.frequency === frequency);
    console.log(
      `  ${method.padEnd(7)} one thread ${seconds(start).toFixed(1).padStart(6)} s wall, ${((used.user + used.system) / 1e6).toFixed(1).padStart(6)} s CPU; ` +
        `sMAPE ${(s / pairs.length).toFixed(3)}, MASE ${(m / pairs.length).toFixed(3)}${paper ? ` (published, full set: ${paper.smape}, ${paper.mase})` : ''}`,
    );
  }
  for (const threads of [0, 2]) {
    const start = process.hrtime.bigint();
    await runBaselines(pairs.map((p) => p.train), { methods: METHODS, ...options, threads });
    console.log(`  all four ${threads === 0 ? 'on the calling thread' : `on ${threads} worker threads`}: ${seconds(start).toFixed(1)} s wall; load average ${load()}`);
  }
}

(async () => {
  const only = process.argv.includes('--hourly') ? ['Hourly'] : process.argv.includes('--weekly') ? ['Weekly'] : ['Hourly', 'Weekly'];
  for (const frequency of only) await bench(frequency as 'Hourly' | 'Weekly');
})();
