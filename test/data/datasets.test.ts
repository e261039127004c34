// The shipped datasets: the synthetic file regenerates byte for byte, the real files load,
// the derived CO2 file differs from its source only by the added gap rows, and every file
// matches the SHA-256 that datasets/README.md records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetPath, loadCsv } from '../../src/index';
import { DATASET_FILES, dailyTemperatureCsv, generateDailyTemperature, writeDailyTemperatureCsv } from '../../src/internals';
import { projectRoot } from '../helpers/paths';

const read = (name: (typeof DATASET_FILES)[number]): string => readFileSync(datasetPath(name), 'utf8');

test('daily-temperature.csv is exactly what the seeded generator writes', () => {
  assert.equal(dailyTemperatureCsv(), read('daily-temperature.csv'));
  const dir = mkdtempSync(join(tmpdir(), 'grulab-synthetic-'));
  try {
    const path = writeDailyTemperatureCsv(join(dir, 'daily.csv'));
    assert.equal(readFileSync(path, 'utf8'), read('daily-temperature.csv'));
    assert.deepEqual(readdirSync(dir), ['daily.csv'], 'no temporary file is left behind');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const missingDir = join(tmpdir(), 'grulab-no-such-dir', 'daily.csv');
  assert.throws(() => writeDailyTemperatureCsv(missingDir), /ENOENT/);
  assert.equal(existsSync(missingDir), false);
});

test('the synthetic series has the lesson shape and a plausible climate', () => {
  const df = loadCsv(datasetPath('daily-temperature.csv'));
  assert.deepEqual(df.shape, [8000, 2]);
  const dates = df.column('Date').values as unknown as Date[];
  assert.equal(dates[0].toISOString().slice(0, 10), '2010-01-01');
  assert.equal(dates[7999].toISOString().slice(0, 10), '2031-11-26');
  const temps = df.column('Temp').values as number[];
  const mean = temps.reduce((a, b) => a + b, 0) / temps.length;
  assert.ok(mean > 14 && mean < 17, `mean ${mean}`);
  assert.ok(Math.min(...temps) > -15 && Math.max(...temps) < 45);
  // July is warmer than January by roughly twice the amplitude.
  const monthMean = (month: number): number => {
    const picked = temps.filter((_, i) => dates[i].getUTCMonth() === month);
    return picked.reduce((a, b) => a + b, 0) / picked.length;
  };
  const swing = monthMean(6) - monthMean(0);
  assert.ok(swing > 15 && swing < 25, `July - January = ${swing}`);
  assert.ok(read('daily-temperature.csv').split('\n').slice(1, -1).every((line) => /^\d{4}-\d{2}-\d{2},-?\d+\.\d{2}$/.test(line)));
});

test('the generator is seeded: same seed same series, other seed other series; bad options named', () => {
  const a = generateDailyTemperature({ days: 50 });
  assert.deepEqual(a, generateDailyTemperature({ days: 50 }));
  assert.deepEqual(a.temps, generateDailyTemperature().temps.slice(0, 50));
  assert.notDeepEqual(generateDailyTemperature({ days: 50, seed: 1 }).temps, a.temps);
  assert.throws(() => generateDailyTemperature({ days: 0 }), /days must be a positive integer, got 0/);
  assert.throws(() => generateDailyTemperature({ start: '1/1/2010' }), /start must be an ISO date.*got '1\/1\/2010'/);
  assert.throws(() => generateDailyTemperature({ noiseCorrelation: 1 }), /noiseCorrelation must be in \[0, 1\), got 1/);
});

test('seattle-weather.csv loads: 1461 days 2012-2015, numeric columns chosen', () => {
  const df = loadCsv(datasetPath('seattle-weather.csv'), { columns: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
  assert.deepEqual(df.shape, [1461, 5]);
  const dates = df.column('date').values as unknown as Date[];
  assert.equal(dates[0].toISOString().slice(0, 10), '2012-01-01');
  assert.equal(dates[1460].toISOString().slice(0, 10), '2015-12-31');
  assert.deepEqual((df.iloc({ rows: [0] }).values[0] as unknown[]).slice(1), [0, 12.8, 5, 4.7]);
  assert.throws(() => loadCsv(datasetPath('seattle-weather.csv')), /line 2, column 'weather': 'drizzle' is not a number; pass columns/);
});

test('co2-concentration-gaps.csv is the original plus 5 empty month rows, and fillMissing fills them', () => {
  const original = read('co2-concentration.csv').split('\n');
  const gaps = read('co2-concentration-gaps.csv').split('\n');
  const added = gaps.filter((line) => line.endsWith(',,'));
  assert.deepEqual(added, ['1958-06-01,,', '1958-10-01,,', '1964-02-01,,', '1964-03-01,,', '1964-04-01,,']);
  assert.deepEqual(gaps.filter((line) => !line.endsWith(',,')), original);

  assert.deepEqual(loadCsv(datasetPath('co2-concentration.csv')).shape, [741, 3]);
  assert.throws(() => loadCsv(datasetPath('co2-concentration-gaps.csv')), /line 5, column 'CO2' is empty/);
  const filled = loadCsv(datasetPath('co2-concentration-gaps.csv'), { fillMissing: 'interpolate' });
  assert.deepEqual(filled.shape, [746, 3]);
  const co2 = filled.column('CO2').values as number[];
  // 1958-05 = 317.51 and 1958-07 = 315.86 (lines 4 and 6): June is their midpoint.
  assert.ok(Math.abs(co2[3] - (317.51 + 315.86) / 2) < 1e-12);
  const dates = filled.column('Date').values as unknown as Date[];
  dates.forEach((date, i) => {
    if (i > 0) assert.equal((date.getUTCFullYear() - dates[i - 1].getUTCFullYear()) * 12 + date.getUTCMonth() - dates[i - 1].getUTCMonth(), 1);
  });
  assert.deepEqual(loadCsv(datasetPath('co2-concentration-gaps.csv'), { fillMissing: 'drop' }).shape, [741, 3]);
});

test('every dataset matches the SHA-256 recorded in datasets/README.md', () => {
  const readme = readFileSync(join(projectRoot, 'datasets', 'README.md'), 'utf8');
  for (const name of DATASET_FILES) {
    const section = readme.slice(readme.indexOf(`## ${name}`));
    const recorded = /SHA-256 `([0-9a-f]{64})`/.exec(section)?.[1];
    const actual = createHash('sha256').update(readFileSync(datasetPath(name))).digest('hex');
    assert.equal(actual, recorded, `${name}: update datasets/README.md if the file changed on purpose`);
  }
  assert.throws(() => datasetPath('nope.csv' as never), /name must be one of 'daily-temperature.csv', .*got 'nope.csv'/);
});
