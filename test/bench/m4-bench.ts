/**
 * `npm run bench:m4`: the many-series forecaster at default settings on the shipped M4
 * hourly and weekly sets (`datasets/m4/`), scored with M4's measures against the test parts,
 * every candidate and reference beside it, and M4's published rows from
 * `datasets/m4/published-results.csv`; with the CPU model, wall time, CPU time and peak RSS.
 *
 * Options: `--only hourly|weekly`, `--seeds 1,2,3` (one run per seed, the spread printed),
 * `--set key=value` (a forecaster option, repeatable: `--set windowsPerSeries=128`),
 * `--json out/bench-m4.json` (default).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { panelFrame } from '../../src/internals';
import { ready, forecaster, loadM4, type ManyEvaluation, type ManyForecasterOptions, type MethodScore } from '../../src/index';

/** A `--set key=value` forecaster option: numbers as numbers, comma lists as arrays. */
function setting(text: string, all: Record<string, unknown>): Record<string, unknown> {
  const [key, value] = text.split('=');
  if (key === '' || value === undefined) throw new InvalidArgumentError(`expected key=value, got '${text}'`);
  const parse = (x: string): unknown => (Number.isFinite(Number(x)) ? Number(x) : x);
  return { ...all, [key]: value.includes(',') ? value.split(',').map(parse) : parse(value) };
}

function args(): { only?: string; seeds: number[]; set: Record<string, unknown>; json: string; series?: number } {
  const program = new Command()
    .name('npm run bench:m4 --')
    .option('--only <set>', 'hourly or weekly (default: both)')
    .option('--seeds <list>', 'one run per seed, comma-separated', (t) => t.split(',').map(Number), [42])
    .option('--set <key=value>', 'a forecaster option (repeatable), e.g. windowsPerSeries=128', setting, {})
    .option('--json <file>', 'where the runs are written', 'out/bench-m4.json')
    .option('--series <n>', 'only the first n series of each set (a quick check; the table is then not M4\'s)', (t) => Number(t))
    .parse();
  return program.opts<{ only?: string; seeds: number[]; set: Record<string, unknown>; json: string; series?: number }>();
}

interface Run {
  frequency: string;
  seed: number;
  evaluation: ManyEvaluation;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const fmt = (v: number | undefined, d = 3): string => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

async function main(): Promise<void> {
  const o = args();
  await ready();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const runs: Run[] = [];
  for (const frequency of ['hourly', 'weekly'].filter((f) => o.only === undefined || o.only === f)) {
    const full = loadM4(frequency);
    const keep = <T>(list: T[]): T[] => (o.series === undefined ? list : list.slice(0, o.series));
    const trainPanel = { ...full.trainPanel, series: keep(full.trainPanel.series) };
    const m4 = { ...full, trainPanel, train: o.series === undefined ? full.train : panelFrame(trainPanel), testPanel: { ...full.testPanel, series: keep(full.testPanel.series) } };
    for (const seed of o.seeds) {
      const cpuStart = process.cpuUsage();
      const start = Date.now();
      const fc = forecaster({ data: m4.train, id: 'unique_id', time: 'ds', target: 'y', horizon: m4.horizon, period: m4.period, seed, verbose: 0, ...o.set } as ManyForecasterOptions);
      await fc.fit();
      const wallSeconds = (Date.now() - start) / 1000;
      const used = process.cpuUsage(cpuStart);
      const evaluation = await fc.evaluate(m4.testPanel);
      runs.push({ frequency: m4.frequency, seed, evaluation, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024 });
      fc.dispose();
      process.stderr.write(`${m4.frequency} seed ${seed}: grulab OWA ${fmt(evaluation.methods[0].owa)} in ${wallSeconds.toFixed(1)} s\n`);
    }
    const lines: string[] = [];
    lines.push(`\n${m4.frequency}: ${m4.trainPanel.series.length} series, horizon ${m4.horizon}, season ${m4.period}; ${cpu}, ${os.cpus().length} cores; seeds ${o.seeds.join(', ')}`);
    lines.push('| method | sMAPE | MASE | OWA | MSIS | coverage 80 % | coverage 95 % | seconds (wall / CPU) |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    const mine = runs.filter((r) => r.frequency === m4.frequency);
    const names = mine[0].evaluation.methods.map((m) => m.method);
    for (const name of names) {
      const rows = mine.map((r) => r.evaluation.methods.find((m) => m.method === name)).filter((m): m is MethodScore => m !== undefined);
      const mean = (pick: (m: (typeof rows)[number]) => number | undefined): number => rows.reduce((a, m) => a + (pick(m) ?? NaN), 0) / rows.length;
      const spread = (pick: (m: (typeof rows)[number]) => number | undefined): string => {
        if (rows.length < 2) return '';
        const v = rows.map((m) => pick(m) ?? NaN);
        return ` (${fmt(Math.min(...v))}-${fmt(Math.max(...v))})`;
      };
      const seconds = name === 'grulab' ? `${fmt(mine.reduce((a, r) => a + r.wallSeconds, 0) / mine.length, 1)} / ${fmt(mine.reduce((a, r) => a + r.cpuSeconds, 0) / mine.length, 1)}` : '';
      lines.push(`| ${name === 'grulab' ? '**grulab (each series by its chosen model)**' : name} | ${fmt(mean((m) => m.smape))} | ${fmt(mean((m) => m.mase))} | ${fmt(mean((m) => m.owa))}${spread((m) => m.owa)} | ${fmt(mean((m) => m.msis))} | ${fmt(100 * mean((m) => m.coverage[80]), 1)} | ${fmt(100 * mean((m) => m.coverage[95]), 1)} | ${seconds} |`);
    }
    for (const p of m4.published) lines.push(`| M4 published (full set): ${p.method} | ${fmt(p.smape)} | ${fmt(p.mase)} | ${fmt(p.owa)} | ${fmt(p.msis)} | | | |`);
    const chosen = mine[0].evaluation.chosen;
    lines.push(`\nModels chosen (seed ${mine[0].seed}): ${Object.entries(chosen).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}; peak RSS ${Math.max(...mine.map((r) => r.peakRssMb)).toFixed(0)} MB`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, JSON.stringify({ cpu, cores: os.cpus().length, runs: runs.map((r) => ({ ...r, evaluation: { methods: r.evaluation.methods, chosen: r.evaluation.chosen } })) }, null, 2));
}

void main();
