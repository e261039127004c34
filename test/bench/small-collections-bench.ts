/**
 * `npm run bench:small`: the many-series forecaster at default settings on small collections
 * of well-known series with real dates, written from R's own datasets by `r_collections.R`
 * (needs Rscript with the forecast package): 8 monthly series (18 steps held out), 4
 * quarterly (8 steps) and 8 more monthly (road casualties, lung deaths, sunspots; 18 steps).
 * A handful of series gives a global GRU little to learn from; the goal is to be at or
 * below ETS's OWA. Prints grulab's OWA over the seeds (mean and range) beside ETS, Theta,
 * AutoARIMA and the GRU alone, with the CPU model.
 *
 * Options: `--seeds 42,1,2,3` (default), `--only monthly,quarterly,seatbelts`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { ready, forecaster, type MethodScore } from '../../src/index';
import { runR } from '../helpers/rscript';
import { tempDir } from '../helpers/temp-dir';

const COLLECTIONS = { monthly: 18, quarterly: 8, seatbelts: 18 } as const;
type Name = keyof typeof COLLECTIONS;
/** The methods printed beside grulab, as the evaluation names them. */
const BESIDE = ['ETS', 'Theta', 'AutoARIMA', 'GRU (global)'];

const spread = (values: number[]): string => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.min(...values) === Math.max(...values) ? mean.toFixed(3) : `${mean.toFixed(3)} (${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)})`;
};

/** Runs the collections over the seeds; returns, per collection, each method's OWA per seed. */
export async function benchSmallCollections(options: { seeds: number[]; only: Name[] }): Promise<Record<string, Record<string, number[]>>> {
  await ready();
  const dir = tempDir('grulab-bench-small-');
  runR([path.join(__dirname, 'r_collections.R'), dir]);
  console.log(`Small collections from R's datasets, default settings, seeds ${options.seeds.join(', ')}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`);
  console.log('| collection | series | horizon | grulab OWA | ETS | Theta | AutoARIMA | GRU alone | grulab - ETS (mean) | grulab at or below ETS | seconds per run |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const all: Record<string, Record<string, number[]>> = {};
  for (const name of options.only) {
    const horizon = COLLECTIONS[name];
    const owa: Record<string, number[]> = {};
    let series = 0;
    const started = Date.now();
    for (const seed of options.seeds) {
      const fc = forecaster({ csv: path.join(dir, `${name}-train.csv`), id: 'unique_id', time: 'ds', target: 'y', horizon, seed, verbose: 0 });
      try {
        await fc.fit();
        const e = await fc.evaluate(path.join(dir, `${name}-test.csv`));
        series = e.series.length;
        const of = (method: string): MethodScore | undefined => e.methods.find((m) => m.method === method);
        for (const method of ['grulab', ...BESIDE]) (owa[method] ??= []).push(of(method)?.owa ?? NaN);
      } finally {
        fc.dispose();
      }
    }
    const ets = owa.ETS[0]; // the statistical methods do not depend on the seed
    const atOrBelow = owa.grulab.filter((o) => o <= ets + 1e-9).length;
    const gap = owa.grulab.reduce((a, b) => a + b, 0) / owa.grulab.length - ets;
    console.log(`| ${name} | ${series} | ${horizon} | ${spread(owa.grulab)} | ${BESIDE.map((m) => spread(owa[m])).join(' | ')} | ${gap >= 0 ? '+' : ''}${gap.toFixed(4)} | ${atOrBelow} of ${options.seeds.length} seeds | ${((Date.now() - started) / 1000 / options.seeds.length).toFixed(1)} |`);
    all[name] = owa;
  }
  return all;
}

if (require.main === module) {
  const o = new Command()
    .name('npm run bench:small --')
    .option('--seeds <list>', 'one run per seed, comma-separated', (t) => t.split(',').map(Number), [42, 1, 2, 3])
    .option('--only <list>', `collections, comma-separated (${Object.keys(COLLECTIONS).join(', ')})`, (t) => t.split(',') as Name[], Object.keys(COLLECTIONS) as Name[])
    .parse()
    .opts<{ seeds: number[]; only: Name[] }>();
  const unknown = o.only.filter((n) => !(n in COLLECTIONS));
  if (unknown.length > 0) {
    console.error(`bench:small: unknown collection ${unknown.join(', ')}; the collections are ${Object.keys(COLLECTIONS).join(', ')}`);
    process.exitCode = 2;
  } else {
    benchSmallCollections(o).catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
