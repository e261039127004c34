/**
 * `grulab forecast --id`: vega-datasets' stocks table (five symbols, monthly, dates written
 * "Jan 1 2000"), as a user would pass it: one run, one long forecasts.csv with the interval
 * columns per --level, metrics.json with the scores and each series' model and reason, the
 * HTML report; a wrong column is an error naming it, and leaves no --out folder behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

const cli = join(projectRoot, 'src', 'cli', 'grulab.ts');
const stocks = join(projectRoot, 'datasets', 'stocks.csv');

function grulab(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('forecast --id symbol: five stock series in one run, long forecasts with 90 % intervals, scores, reasons, the report', { timeout: 320_000 }, () => {
  const out = join(tempDir('grulab-many-cli-'), 'out');
  const r = grulab(['forecast', stocks, '--id', 'symbol', '--time', 'date', '--target', 'price', '--horizon', '6', '--level', '90', '--epochs', '2', '--quiet', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^5 series of \d+ to \d+ values \(dates\); horizon 6, season 12/m);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(out, 'forecasts.csv'), 'utf8').trim(), { header: true });
  assert.deepEqual(parsed.meta.fields, ['symbol', 'date', 'forecast', 'lo_90', 'hi_90', 'model']);
  assert.equal(parsed.data.length, 5 * 6);
  assert.deepEqual([...new Set(parsed.data.map((row) => row.symbol))].sort(), ['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT']);
  for (const row of parsed.data) {
    const [lo, mean, hi] = [row.lo_90, row.forecast, row.hi_90].map(Number);
    assert.ok(Number.isFinite(mean) && lo <= mean && mean <= hi, JSON.stringify(row));
  }
  const last = parsed.data.filter((row) => row.symbol === 'MSFT').map((row) => row.date.slice(0, 10));
  assert.deepEqual(last, ['2010-04-01', '2010-05-01', '2010-06-01', '2010-07-01', '2010-08-01', '2010-09-01'], 'the months after the last one (March 2010)');
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
    evaluation: { source: string; methods: { method: string; owa: number | null }[]; series: unknown[] };
    choices: { id: string; model: string; why: string }[];
  };
  assert.equal(metrics.evaluation.source, 'holdout');
  assert.equal(metrics.evaluation.methods[0].method, 'grulab');
  assert.ok(metrics.evaluation.methods.some((m) => m.method.startsWith('ETS')), 'ETS scored beside it');
  assert.equal(metrics.choices.length, 5);
  for (const c of metrics.choices) assert.match(c.why, /held-out MASE/, `${c.id}: ${c.why}`);
  const html = readFileSync(join(out, 'forecast.html'), 'utf8');
  assert.match(html, /AAPL/);
});

test('forecast --id with a column the table lacks: the error names it and the columns, and no --out folder is left', () => {
  const out = join(tempDir('grulab-many-cli-'), 'not-made');
  const r = grulab(['forecast', stocks, '--id', 'ticker', '--target', 'price', '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /column 'ticker' is not in the file; the columns are 'symbol', 'date', 'price'/);
  assert.equal(existsSync(out), false);
});
