/**
 * `npm run bench:forecast`: the forecaster at its default settings on real series of
 * different shapes (and the synthetic one), each scored with MASE next to every baseline
 * (naive, seasonal naive, training mean, AutoARIMA) on its test part. Prints a table and
 * writes out/bench-forecast.json.
 *
 * The default run is lean (3 epochs per series, for a shared machine); `--full` trains with
 * the forecaster's own epochs and early stopping, as the README's table was measured.
 * `--ablation` also runs the variants the README compares (lesson-style global scaling,
 * calendar features, no early stopping).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { datasetPath, describeFrequency, forecaster, ready, type DatasetFile, type ForecasterOptions } from '../../src/index';

/** One benchmark series: a shipped file and how it is read. */
interface BenchSeries {
  name: string;
  shape: string;
  /** Trend or seasonality: the series the README's goal counts. */
  patterned: boolean;
  file: DatasetFile;
  options: Omit<ForecasterOptions, 'csv'>;
}

const SERIES: BenchSeries[] = [
  { name: 'global-temp', shape: 'yearly, trend', patterned: true, file: 'global-temp.csv', options: { dateColumn: 'year', target: 'temp', timeStep: 8 } },
  { name: 'us-employment', shape: 'monthly, trend', patterned: true, file: 'us-employment.csv', options: { dateColumn: 'month', target: 'nonfarm', timeStep: 8 } },
  { name: 'co2', shape: 'monthly, trend and season, 5 months absent', patterned: true, file: 'co2-concentration.csv', options: { dateColumn: 'Date', target: 'CO2', frequency: 'month', aggregate: 'mean', fillMissing: 'interpolate', timeStep: 24 } },
  { name: 'seattle-temp', shape: 'daily, yearly season', patterned: true, file: 'seattle-weather.csv', options: { dateColumn: 'date', target: 'temp_max', timeStep: 30 } },
  { name: 'new-york-temp', shape: 'daily, long format (where location)', patterned: true, file: 'weather.csv', options: { dateColumn: 'date', target: 'temp_max', where: { location: 'New York' }, timeStep: 30 } },
  { name: 'hourly-normals', shape: 'hourly, daily season', patterned: true, file: 'seattle-weather-hourly-normals.csv', options: { dateColumn: 'date', target: 'temperature', timeStep: 48 } },
  { name: 'github-commits', shape: 'hourly counts with gaps (sum, zero fill)', patterned: true, file: 'github-commits.csv', options: { dateColumn: 'time', target: 'count', frequency: 'hour', aggregate: 'sum', fillMissing: 'zero', timeStep: 48 } },
  { name: 'aapl', shape: 'monthly price, random walk, long format (where symbol)', patterned: false, file: 'stocks.csv', options: { dateColumn: 'date', target: 'price', where: { symbol: 'AAPL' }, timeStep: 8 } },
  { name: 'msft', shape: 'monthly price, random walk, long format (where symbol)', patterned: false, file: 'stocks.csv', options: { dateColumn: 'date', target: 'price', where: { symbol: 'MSFT' }, timeStep: 8 } },
  { name: 'synthetic-temp', shape: 'daily, SYNTHETIC (yearly season, AR(1) noise)', patterned: true, file: 'daily-temperature.csv', options: { dateColumn: 'Date', target: 'Temp', timeStep: 30 } },
];

/** The variants `--ablation` compares with the default. */
const VARIANTS: Record<string, Partial<ForecasterOptions>> = {
  default: {},
  'global scaling (lesson 04)': { normalization: 'global' },
  'no highway': { highway: false },
  '+ calendar features': { calendarFeatures: true },
  'no early stopping': { earlyStopping: false },
};

interface Row {
  series: string;
  shape: string;
  patterned: boolean;
  variant: string;
  rows: number;
  frequency: string;
  seasonalPeriod: number | null;
  testWindows: number;
  epochsRun: number;
  seconds: number;
  mase: Record<string, number>;
  unavailable: { model: string; reason: string }[];
  bestBaseline: string;
  ratioToBest: number;
  /** No epoch beat the untrained model (naive + highway) clearly on validation. */
  keptStart: boolean;
  /** The kept model is exactly the naive forecast (start kept, highway off). */
  keptNaive: boolean;
}

/**
 * A ratio within this of 1 is a tie: the GRU's forecast is the naive one computed in
 * float32 (the model's arithmetic), so its MASE differs from the baseline's in the 8th digit.
 */
const TIE = 1e-6;

async function runOne(s: BenchSeries, variant: string, epochs: number | undefined): Promise<Row> {
  const started = Date.now();
  const fc = forecaster({ csv: datasetPath(s.file), ...s.options, ...VARIANTS[variant], ...(epochs !== undefined ? { epochs } : {}), verbose: 0 });
  try {
    const history = await fc.fit();
    const e = fc.evaluate();
    const best = e.scores.find((m) => m.model === e.bestBaseline);
    return {
      series: s.name, shape: s.shape, patterned: s.patterned, variant, rows: fc.values.length, frequency: describeFrequency(fc.frequency),
      seasonalPeriod: e.seasonalPeriod ?? null, testWindows: e.windows, epochsRun: history.epochsRun, seconds: (Date.now() - started) / 1000,
      // the forecaster's row under 'GRU' whatever made it (its name says; keptStart and keptNaive mark it)
      mase: Object.fromEntries(e.scores.map((m, i) => [i === 0 ? 'GRU' : m.model, m.mase])), unavailable: e.unavailable, bestBaseline: e.bestBaseline,
      ratioToBest: e.scores[0].mase / (best?.mase ?? NaN), keptStart: e.choice !== 'trained', keptNaive: e.choice === 'naive',
    };
  } finally {
    fc.dispose();
  }
}

/** The default variant's rows as the README's markdown table. */
function markdownTable(rows: Row[]): string {
  const mase = (row: Row, prefix: string): string => {
    const entry = Object.entries(row.mase).find(([model]) => model.startsWith(prefix));
    return entry === undefined ? '-' : entry[1].toFixed(3);
  };
  const lines = [
    '| series | shape | rows | frequency | test windows | GRU | naive | seasonal naive | mean | AutoARIMA | best baseline | GRU / best |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of rows) {
    const ratio = `${r.ratioToBest.toFixed(3)}${r.ratioToBest > 1 + TIE ? ' (loses)' : ''}`;
    lines.push(`| ${r.series} | ${r.shape} | ${r.rows} | ${r.frequency} | ${r.testWindows} | ${mase(r, 'GRU')}${r.keptNaive ? '†' : r.keptStart ? '*' : ''} | ${mase(r, 'Naive')} | ${mase(r, 'Seasonal naive')} | ${mase(r, 'Training mean')} | ${mase(r, 'AutoARIMA')} | ${r.bestBaseline} | ${ratio} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = new Command('bench:forecast')
    .option('--full', "train with the forecaster's default epochs (the README's numbers)")
    .option('--ablation', 'also run the variants the README compares')
    .option('--only <names>', 'comma-separated series names')
    .option('--out <file>', 'JSON output', 'out/bench-forecast.json')
    .parse(process.argv)
    .opts<{ full?: boolean; ablation?: boolean; only?: string; out: string }>();
  await ready();
  const epochs = o.full === true ? undefined : 3;
  const chosen = o.only === undefined ? SERIES : SERIES.filter((s) => o.only?.split(',').includes(s.name));
  const variants = o.ablation === true ? Object.keys(VARIANTS) : ['default'];
  const rows: Row[] = [];
  for (const variant of variants) {
    for (const s of chosen) {
      const row = await runOne(s, variant, epochs);
      rows.push(row);
      const others = Object.entries(row.mase).slice(1).map(([m, v]) => `${m} ${v.toFixed(3)}`).join(', ');
      process.stdout.write(`${variant.padEnd(28)} ${s.name.padEnd(16)} GRU MASE ${row.mase.GRU.toFixed(3)}  best ${row.bestBaseline} ${row.mase[row.bestBaseline].toFixed(3)}  ratio ${row.ratioToBest.toFixed(3)}  (${row.epochsRun} epochs${row.keptNaive ? ', naive kept' : row.keptStart ? ', start kept' : ''}, ${row.seconds.toFixed(0)} s; ${others})\n`);
    }
  }
  const defaults = rows.filter((r) => r.variant === 'default');
  const patterned = defaults.filter((r) => r.patterned);
  const summary = {
    patternedAtOrBelowBest: patterned.filter((r) => r.ratioToBest <= 1 + TIE).length,
    patterned: patterned.length,
    worstRatio: Math.max(...defaults.map((r) => r.ratioToBest)),
    goalMet: patterned.filter((r) => r.ratioToBest <= 1 + TIE).length >= 0.75 * patterned.length && defaults.every((r) => r.ratioToBest <= 1.25),
  };
  process.stdout.write(`\nGRU at or below the best baseline on ${summary.patternedAtOrBelowBest} of ${summary.patterned} trend/seasonal series; worst ratio ${summary.worstRatio.toFixed(3)}; goal ${summary.goalMet ? 'met' : 'NOT met'}\n`);
  process.stdout.write(`\n${markdownTable(defaults)}\n`);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, `${JSON.stringify({ mode: o.full === true ? 'full' : 'lean (3 epochs)', date: new Date().toISOString(), summary, rows }, null, 2)}\n`);
  process.stdout.write(`Wrote ${o.out}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench:forecast: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
