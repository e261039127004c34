/**
 * The `grulab` command: its outputs (files exist and parse), its help, and its errors
 * (exit code 2 for usage errors, 1 for failures, the library's message, no stack trace).
 * Runs src/cli/grulab.ts through tsx, so it tests the source without a build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const temperature = join(root, 'datasets', 'daily-temperature.csv');

function grulab(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'grulab.ts'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('forecast writes the forecast CSV, the metrics JSON and the HTML chart', { timeout: 120_000 }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'grulab-cli-')), 'result');
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
    assert.deepEqual(metrics.test.scores.map((s: { model: string }) => s.model.replace(/\d+/, 'N')), ['GRU', 'Naive (last value)', 'Seasonal naive (period N)']);
    assert.ok(metrics.test.scores.every((s: { mae: number; rmse: number }) => s.mae > 0 && s.rmse >= s.mae));
    assert.equal(metrics.settings.timeStep, 14);
    assert.equal(metrics.forecast.length, 3);
    const html = readFileSync(join(out, 'forecast.html'), 'utf8');
    assert.match(html, /<html/i);
    assert.match(html, /Forecast \(next 3\)/);
  } finally {
    rmSync(resolve(out, '..'), { recursive: true, force: true });
  }
});

test('--help documents every option', () => {
  const r = grulab(['forecast', '--help']);
  assert.equal(r.status, 0);
  for (const flag of ['--target', '--date', '--features', '--time-step', '--horizon', '--strategy', '--units', '--epochs', '--batch-size',
    '--learning-rate', '--seed', '--period', '--fill-missing', '--backtest', '--target-units', '--out', '--quiet']) {
    assert.match(r.stdout, new RegExp(`${flag} `), flag);
  }
  assert.equal(grulab(['--help']).status, 0);
});

test('errors: usage errors exit 2, failures exit 1, with the library message and no stack', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'grulab-cli-')), 'never');
  const cases: [string[], number, RegExp][] = [
    [['forecast', 'missing.csv', '--target', 'Temp'], 1, /^error: loadCsv: file not found: missing\.csv$/m],
    [['forecast', temperature, '--target', 'Tmp'], 1, /column 'Tmp' is not in the file; the columns are 'Date', 'Temp'/],
    [['forecast', temperature, '--target', 'Temp', '--date', 'Day'], 1, /dateColumn 'Day' is not a column/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', 'abc'], 2, /option '--time-step <n>' argument 'abc' is invalid\. must be a positive integer, got 'abc'/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', '0'], 2, /argument '0' is invalid/],
    [['forecast', temperature, '--target', 'Temp', '--time-step', '9000'], 1, /timeStep must be a positive integer smaller than the series length \(8000\), got 9000/],
    [['forecast', temperature, '--target', 'Temp', '--strategy', 'magic'], 2, /Allowed choices are direct, recursive/],
    [['forecast', temperature], 2, /required option '--target <column>' not specified/],
    [['forecast', temperature, '--target', 'Temp', '--bogus'], 2, /unknown option '--bogus'/],
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
