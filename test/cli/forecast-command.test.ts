/**
 * The `grulab` command: its outputs (files exist and parse), its help, and its errors
 * (exit code 2 for usage errors, 1 for failures, the library's message, no stack trace).
 * Runs src/cli/grulab.ts through tsx, so it tests the source without a build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { tempDir } from '../helpers/temp-dir';
import { projectRoot } from '../helpers/paths';
import { readOnlyFolder, unprivileged } from '../helpers/unprivileged';

const root = projectRoot;
const temperature = join(root, 'datasets', 'daily-temperature.csv');
const weather = join(root, 'datasets', 'weather.csv');
const commits = join(root, 'datasets', 'github-commits.csv');

const cli = join(root, 'src', 'cli', 'grulab.ts');

/** Runs `grulab args`; `commandPrefix` runs it through another command (`setpriv ...`). */
function grulab(args: string[], commandPrefix: string[] = []) {
  const [command, ...rest] = [...commandPrefix, process.execPath, '--import', 'tsx', cli, ...args];
  const r = spawnSync(command, rest, { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A daily series of `rows` rows in `dir/name`: a `date` column and one column named `column`. */
function dailyCsv(dir: string, name: string, column: string, rows: number, value: (i: number) => string = (i) => (10 + Math.sin(i / 3)).toFixed(3)): string {
  const day = (i: number): string => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
  const file = join(dir, name);
  writeFileSync(file, `${['date,' + column, ...Array.from({ length: rows }, (_, i) => `${day(i)},${value(i)}`)].join('\n')}\n`);
  return file;
}

const TINY = ['--time-step', '6', '--units', '4', '--epochs', '1', '--quiet'];

test('forecast writes the forecast CSV, the metrics JSON and the HTML chart', { timeout: 120_000 }, () => {
  const out = join(tempDir('grulab-cli-'), 'result');
  try {
    const r = grulab(['forecast', temperature, '--date', 'Date', '--target', 'Temp', '--time-step', '14', '--horizon', '3',
      '--units', '8', '--epochs', '1', '--seed', '7', '--target-units', '°C', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Training done: 1 epochs/, 'training progress goes to stderr');
    assert.match(r.stdout, /Naive \(last value\)/);
    assert.match(r.stdout, /Forecast of Temp after 2031-11-26:\n {2}2031-11-27 {2}-?\d+\.\d{3} °C/);
    const lines = readFileSync(join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'date,Temp');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['2031-11-27', '2031-11-28', '2031-11-29']);
    assert.ok(lines.slice(1).every((l) => Number.isFinite(Number(l.split(',')[1]))));
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    // the first row names the model that made the forecast, from the run's choice
    const label = { trained: 'GRU', untrained: 'GRU untrained (naive + linear highway)', naive: 'Naive (last value), kept over the GRU' }[metrics.test.choice as 'trained' | 'untrained' | 'naive'];
    assert.ok(label !== undefined, `metrics.json names the choice, got ${metrics.test.choice}`);
    assert.deepEqual(metrics.test.scores.map((s: { model: string }) => s.model.replace(/\d+/g, 'N')), [label, 'Naive (last value)', 'Seasonal naive (period N)', 'Training mean', 'AutoARIMA']);
    assert.ok(metrics.test.scores.every((s: { mase: number }) => s.mase > 0));
    assert.deepEqual(metrics.frequency, { unit: 'day', step: 1 });
    assert.match(r.stdout, /^8000 rows, daily \(detected\), 2010-01-01 to 2031-11-26; window 14 rows$/m);
    assert.match(r.stdout, /than the best baseline's \(/);
    assert.ok(metrics.test.scores.every((s: { mae: number; rmse: number }) => s.mae > 0 && s.rmse >= s.mae));
    assert.equal(metrics.settings.timeStep, 14);
    assert.equal(metrics.forecast.length, 3);
    const html = readFileSync(join(out, 'forecast.html'), 'utf8');
    assert.match(html, /<html/i);
    assert.match(html, /Forecast \(next 3\)/);
    assert.match(html, /AutoARIMA/, 'every baseline is drawn');
    assert.match(html, /Test MASE/);
    assert.match(html, /"type":"table"/, 'the MASE table');
  } finally {
    rmSync(resolve(out, '..'), { recursive: true, force: true });
  }
});

test('--help documents every option', () => {
  const r = grulab(['forecast', '--help']);
  assert.equal(r.status, 0);
  for (const flag of ['--target', '--date', '--features', '--time-step', '--horizon', '--strategy', '--units', '--epochs', '--batch-size',
    '--learning-rate', '--seed', '--period', '--fill-missing', '--backtest', '--target-units', '--out', '--quiet',
    '--where', '--date-format', '--frequency', '--aggregate', '--decimal']) {
    assert.match(r.stdout, new RegExp(`${flag} `), flag);
  }
  assert.equal(grulab(['--help']).status, 0);
});

test('errors: usage errors exit 2, failures exit 1, with the library message and no stack', () => {
  const out = join(tempDir('grulab-cli-'), 'never');
  const gzipped = join(tempDir('grulab-cli-gz-'), 'daily-temperature.csv.gz');
  writeFileSync(gzipped, gzipSync(readFileSync(temperature)));
  const cases: [string[], number, RegExp][] = [
    [['forecast', gzipped, '--target', 'Temp'], 1, /^error: loadTable: .*daily-temperature\.csv\.gz is a gzip-compressed file, not a table grulab reads \(CSV, Parquet, Arrow IPC\); decompress it first \(gunzip\)$/m],
    [['forecast', 'missing.csv', '--target', 'Temp'], 1, /^error: loadTable: file not found: missing\.csv$/m],
    [['forecast', temperature, '--target', 'Tmp'], 1, /column 'Tmp' is not in the file; the columns are 'Date', 'Temp'/],
    [['forecast', temperature, '--target', 'Temp', '--date', 'Day'], 1, /dateColumn 'Day' is not a column/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', 'abc'], 2, /option '--time-step <n>' argument 'abc' is invalid\. must be a positive integer, got 'abc'/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', '0'], 2, /argument '0' is invalid/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', '9000'], 1, /timeStep must be a positive integer smaller than the series length \(8000\), got 9000/],
    [['forecast', temperature, '--target', 'Temp', '--strategy', 'magic'], 2, /Allowed choices are direct, recursive/],
    [['forecast', temperature], 2, /required option '--target <column>' not specified/],
    [['forecast', temperature, '--target', 'Temp', '--bogus'], 2, /unknown option '--bogus'/],
    [['forecast', weather, '--date', 'date', '--target', 'temp_max', '--where', 'city=Boston'], 1, /^error: loadTable: .*weather\.csv: where column 'city' is not in the file; the columns are 'location', 'date', /m],
    [['forecast', weather, '--date', 'date', '--target', 'temp_max', '--where', 'location=Boston'], 1, /^error: loadTable: .*weather\.csv: no row has location = 'Boston'; column 'location' holds 'Seattle', 'New York'$/m],
    [['forecast', weather, '--date', 'date', '--target', 'temp_max'], 1, /lines 2 and 1463 have the same date 2012-01-01 in column 'date'; .*keep one with where: \{ location: 'Seattle' \} \(--where location=Seattle\)$/m],
    [['forecast', weather, '--date', 'date', '--target', 'temp_max', '--where', 'location'], 2, /option '--where <column=value>' argument 'location' is invalid\. must be column=value, such as location=Seattle, got 'location'/],
    [['forecast', temperature, '--target', 'Temp', '--date-format', 'dd.MM.yyyy'], 1, /^error: loadTable: .*daily-temperature\.csv line 2, column 'Date': '2010-01-01' does not match dateFormat 'dd\.MM\.yyyy' \(--date-format\)$/m],
    [['forecast', commits, '--date', 'time', '--target', 'count'], 1, /not evenly spaced \(hourly for most rows\): 2015-01-01T01:00:00\.000Z is followed by 2015-01-01T04:00:00\.000Z; .*\(--frequency hour --aggregate sum --fill-missing zero\)$/m],
    [['forecast', commits, '--date', 'time', '--target', 'count', '--frequency', 'hour', '--aggregate', 'sum'], 1, /after resampling, 2015-01-01T02:00:00\.000Z has no value in column 'count'; pass fillMissing: 'zero'/],
    [['forecast', commits, '--date', 'time', '--target', 'count', '--frequency', 'fortnight'], 2, /argument 'fortnight' is invalid\. Allowed choices are year, quarter, month, week, day, hour, minute/],
    [['forecast', commits, '--date', 'time', '--target', 'count', '--frequency', 'hour', '--aggregate', 'median'], 2, /Allowed choices are sum, mean, last/],
    [['forecast', temperature, '--target', 'Temp', '--decimal', ';'], 2, /argument ';' is invalid\. Allowed choices are \., ,/],
    [['forecast', temperature, '--target', 'Temp', '--aggregate', 'sum'], 1, /aggregate 'sum' needs a frequency/],
  ];
  for (const [args, status, message] of cases) {
    const r = grulab([...args, '--out', out, '--quiet']);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  }
  assert.equal(existsSync(out), false, 'a failed run writes nothing');
  rmSync(resolve(out, '..'), { recursive: true, force: true });
});

test('forecast reads a long-format file with --where and Jan 1 2000 dates, a ;-separated decimal-comma file, and resamples counts', { timeout: 240_000 }, () => {
  const dir = tempDir('grulab-cli-');
  try {
    const small = ['--time-step', '6', '--units', '4', '--epochs', '1', '--quiet'];
    const aapl = grulab(['forecast', join(root, 'datasets', 'stocks.csv'), '--date', 'date', '--target', 'price', '--where', 'symbol=AAPL', ...small, '--out', join(dir, 'a')]);
    assert.equal(aapl.status, 0, aapl.stderr);
    assert.match(aapl.stdout, /^123 rows, monthly \(detected\), 2000-01-01 to 2010-03-01; window 6 rows$/m);
    assert.match(aapl.stdout, /Forecast of price after 2010-03-01:\n {2}2010-04-01 /);
    const semicolon = join(dir, 'semicolon.csv');
    const day = (i: number): string => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10).split('-').reverse().join('.');
    const lines = ['Datum;Wert', ...Array.from({ length: 60 }, (_, i) => `${day(i)};${(10 + Math.sin(i)).toFixed(2).replace('.', ',')}`)];
    writeFileSync(semicolon, `${lines.join('\n')}\n`);
    const de = grulab(['forecast', semicolon, '--date', 'Datum', '--date-format', 'dd.MM.yyyy', '--decimal', ',', '--target', 'Wert', ...small, '--out', join(dir, 'b')]);
    assert.equal(de.status, 0, de.stderr);
    assert.match(de.stdout, /^60 rows, daily \(detected\), 2020-01-01 to 2020-02-29; window 6 rows$/m);
    const counts = grulab(['forecast', commits, '--date', 'time', '--target', 'count', '--frequency', 'hour', '--aggregate', 'sum', '--fill-missing', 'zero', ...small, '--out', join(dir, 'c')]);
    assert.equal(counts.status, 0, counts.stderr);
    assert.match(counts.stdout, /^3587 rows, hourly \(resampled with --aggregate sum\), 2015-01-01T01:00:00\.000Z to 2015-05-30T11:00:00\.000Z; window 6 rows$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('forecast.csv quotes a header with a comma, quotes or a formula (RFC 4180) and neutralises the formula (OWASP)', { timeout: 120_000 }, () => {
  const dir = tempDir('grulab-cli-');
  const column = '=HYPERLINK("http://example.com","a,b")';
  const csv = dailyCsv(dir, 'formula.csv', `"${column.replace(/"/g, '""')}"`, 80);
  const r = grulab(['forecast', csv, '--target', column, ...TINY, '--out', join(dir, 'out')]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(join(dir, 'out', 'forecast.csv'), 'utf8');
  assert.equal(text.split('\n')[0], `date,"'=HYPERLINK(""http://example.com"",""a,b"")"`);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  assert.deepEqual(parsed[0], ['date', `'${column}`], 'two cells, the formula shown as text');
  assert.equal(parsed.length, 2);
  assert.ok(Number.isFinite(Number(parsed[1][1])));
});

test('an --out that cannot be made (under /proc, under a file) fails at once: nothing loaded, trained or written', { timeout: 120_000 }, () => {
  const dir = tempDir('grulab-cli-');
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  for (const [out, reason] of [['/proc/grulab-out/sub', 'ENOENT'], [join(file, 'sub'), 'ENOTDIR']]) {
    const r = grulab(['forecast', temperature, '--target', 'Temp', ...TINY, '--out', out]);
    assert.equal(r.status, 1, `${out}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: --out ${out.replace(/[/.]/g, '\\$&')} cannot be written: ${reason}`, 'm'));
    assert.doesNotMatch(r.stdout, /rows, daily/, `${out}: the data was not loaded`);
  }
  assert.deepEqual(readdirSync(dir), ['a-file']);
});

const nobody = unprivileged([cli, temperature]);

test('an --out the user may not write fails at once, as an unprivileged user', { timeout: 120_000, skip: typeof nobody === 'string' && process.env.CI === undefined ? nobody : false }, () => {
  assert.ok(typeof nobody !== 'string', nobody as string);
  const readOnly = readOnlyFolder(tempDir('grulab-cli-ro-'));
  for (const out of [readOnly, join(readOnly, 'sub')]) {
    const r = grulab(['forecast', temperature, '--target', 'Temp', ...TINY, '--out', out], nobody.commandPrefix);
    assert.equal(r.status, 1, `${out} as ${nobody.user}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: --out ${out.replace(/[/.]/g, '\\$&')} cannot be written: EACCES: permission denied`, 'm'));
    assert.doesNotMatch(r.stdout, /rows, daily/, `${out}: the data was not loaded`);
  }
  assert.deepEqual(readdirSync(readOnly), [], 'nothing was left in the folder');
});

test('edge data fails before training, naming the line and column: one row, 1e308, 1e309, --learning-rate Infinity, --backtest 50 on 120 rows', { timeout: 120_000 }, () => {
  const dir = tempDir('grulab-cli-');
  const wave = (i: number): string => (10 + Math.sin(i)).toFixed(3);
  const one = dailyCsv(dir, 'one.csv', 'y', 1);
  const big = dailyCsv(dir, 'big.csv', 'y', 120, (i) => (i === 60 ? '1e308' : wave(i)));
  const huge = dailyCsv(dir, 'huge.csv', 'y', 120, (i) => (i === 60 ? '1e309' : wave(i)));
  const rows120 = dailyCsv(dir, 'rows120.csv', 'y', 120, wave);
  const cases: [string[], number, RegExp][] = [
    [[one], 1, /^error: forecaster: .*one\.csv has 1 row; a forecast needs a series/m],
    [[big], 1, /^error: forecaster: .*big\.csv line 62, column 'y' is 1e\+308, beyond ±3\.4e38/m],
    [[huge], 1, /^error: loadTable: .*huge\.csv line 62, column 'y': '1e309' is too large for a number/m],
    [[rows120, '--learning-rate', 'Infinity'], 2, /argument 'Infinity' is invalid\. must be a positive finite number, got 'Infinity'/],
    [[rows120, '--backtest', '50'], 1, /^error: backtest: 50 folds of 10 test rows leave -380 of the 120 rows before the first fold/m],
  ];
  for (const [args, status, message] of cases) {
    const r = grulab(['forecast', ...args, '--target', 'y', '--units', '4', '--epochs', '1', '--out', join(dir, 'out')]);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /Epoch|Training done/, `${args.join(' ')}: nothing trained`);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  }
  assert.equal(existsSync(join(dir, 'out')), false, 'nothing written');
});
