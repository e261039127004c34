// Reading files as people have them: every unambiguous date form pandas' to_datetime reads
// without options, --date-format patterns, ';' and tab separators, decimal commas,
// long-format tables (where), frequency detection and resampling, and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetPath, describeFrequency, loadCsv, type LoadCsvOptions } from '../../src/index';
import { detectFrequency, nextDates } from '../../src/internals';

const dir = mkdtempSync(join(tmpdir(), 'grulab-calendar-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
/** Writes `text` to a fresh CSV file and returns its path. */
function csv(text: string): string {
  const path = join(dir, `f${count++}.csv`);
  writeFileSync(path, text);
  return path;
}
const isoDates = (path: string, options: LoadCsvOptions = {}): string[] =>
  (loadCsv(path, options).column(options.dateColumn ?? 'Date').values as unknown as Date[]).map((d) => d.toISOString());

test('reads without options every unambiguous date form pandas reads', () => {
  // Expected instants written by hand from the texts (UTC; an offset is applied).
  const forms: [string, string][] = [
    ['2010-01-31', '2010-01-31T00:00:00.000Z'],
    ['2010-01-31T06:00', '2010-01-31T06:00:00.000Z'],
    ['2010-01-31 06:00', '2010-01-31T06:00:00.000Z'],
    ['2010-01-31T06:00:30', '2010-01-31T06:00:30.000Z'],
    ['2010-01-31 06:00:30', '2010-01-31T06:00:30.000Z'],
    ['2010-01-31T06:00:00Z', '2010-01-31T06:00:00.000Z'],
    ['2010-01-31T06:00:00+01:00', '2010-01-31T05:00:00.000Z'],
    ['2010-01-31 06:00:00-0230', '2010-01-31T08:30:00.000Z'],
    ['2010/01/31 06:00', '2010-01-31T06:00:00.000Z'],
    ['2010/01/31 06:00:30', '2010-01-31T06:00:30.000Z'],
    ['2010/01/31', '2010-01-31T00:00:00.000Z'],
    ['2010-01', '2010-01-01T00:00:00.000Z'],
    ['1880', '1880-01-01T00:00:00.000Z'],
    ['Jan 31 2010', '2010-01-31T00:00:00.000Z'],
    ['January 31, 2010', '2010-01-31T00:00:00.000Z'],
    ['31 Jan 2010', '2010-01-31T00:00:00.000Z'],
  ];
  for (const [text, expected] of forms) {
    assert.deepEqual(isoDates(csv(`Date,Temp\n"${text}",1\n`)), [expected], text);
  }
});

test('an ambiguous date is an error naming dateFormat; a pattern reads it either way', () => {
  const path = csv('Date,Temp\n01/02/2020,1\n01/03/2020,2\n');
  assert.throws(() => loadCsv(path), new Error(`loadCsv: ${path} line 2, column 'Date': '01/02/2020' is ambiguous (day/month or month/day?); pass dateFormat: 'MM/dd/yyyy' or 'dd/MM/yyyy' (--date-format on the command line)`));
  assert.deepEqual(isoDates(path, { dateFormat: 'MM/dd/yyyy' }), ['2020-01-02T00:00:00.000Z', '2020-01-03T00:00:00.000Z']);
  assert.deepEqual(isoDates(path, { dateFormat: 'dd/MM/yyyy' }), ['2020-02-01T00:00:00.000Z', '2020-03-01T00:00:00.000Z']);
  const dotted = csv('Date,Temp\n31.12.2020 13:05,1\n');
  assert.deepEqual(isoDates(dotted, { dateFormat: 'dd.MM.yyyy HH:mm' }), ['2020-12-31T13:05:00.000Z']);
});

test('a dateFormat that a row does not match names the line and the text', () => {
  const path = csv('Date,Temp\n31.12.2020,1\n2021-01-01,2\n');
  assert.throws(() => loadCsv(path, { dateFormat: 'dd.MM.yyyy' }), new Error(`loadCsv: ${path} line 3, column 'Date': '2021-01-01' does not match dateFormat 'dd.MM.yyyy' (--date-format)`));
  const bad = csv('Date,Temp\n2010-02-30,1\n');
  assert.throws(() => loadCsv(bad), /line 2, column 'Date': '2010-02-30' is not a date \(expected ISO 8601/);
});

test("';' and tab separators are detected; decimal commas with decimal: ','", () => {
  const semicolon = csv('Date;Temp\n2010-01-01;1,5\n2010-01-02;-2,25\n');
  assert.deepEqual(loadCsv(semicolon, { decimal: ',' }).column('Temp').values, [1.5, -2.25]);
  assert.throws(() => loadCsv(semicolon), /line 2, column 'Temp': '1,5' is not a number; pass decimal: ',' \(--decimal ,\) for decimal commas/);
  const tab = csv('Date\tTemp\tWind\n2010-01-01\t1.5\t3\n2010-01-02\t2\t4\n');
  assert.deepEqual(loadCsv(tab).columns, ['Date', 'Temp', 'Wind']);
  assert.deepEqual(loadCsv(tab).column('Wind').values, [3, 4]);
  const quoted = csv('"Date","Temp, max"\n2010-01-01,"1"\n'); // a ';' nowhere, a ',' inside quotes: still ','
  assert.deepEqual(loadCsv(quoted).columns, ['Date', 'Temp, max']);
});

test('where keeps one series of a long-format table; its errors name the column and the values', () => {
  const path = datasetPath('weather.csv');
  const ny = loadCsv(path, { columns: ['temp_max'], where: { location: 'New York' } });
  assert.deepEqual(ny.shape, [1461, 2]);
  assert.throws(() => loadCsv(path, { columns: ['temp_max'] }), (err: Error) => {
    assert.match(err.message, /lines 2 and 1463 have the same date 2012-01-01 in column 'date'; a time series needs one row per date; the rows differ in column 'location' \('Seattle' and 'New York'\): several series in one table \(long format\); keep one with where: \{ location: 'Seattle' \} \(--where location=Seattle\)$/);
    return true;
  });
  assert.throws(() => loadCsv(path, { columns: ['temp_max'], where: { city: 'Boston' } }), /where column 'city' is not in the file; the columns are 'location', 'date', 'precipitation'/);
  assert.throws(() => loadCsv(path, { columns: ['temp_max'], where: { location: 'Boston' } }), new Error(`loadCsv: ${path}: no row has location = 'Boston'; column 'location' holds 'Seattle', 'New York'`));
  const stocks = loadCsv(datasetPath('stocks.csv'), { columns: ['price'], where: { symbol: 'AAPL' } });
  assert.equal((stocks.column('date').values as unknown as Date[])[0].toISOString(), '2000-01-01T00:00:00.000Z'); // 'Jan 1 2000'
});

test('frequency detection: yearly to minutes, calendar months, and the first gap', () => {
  const at = (...parts: [number, number, number?, number?, number?][]): number[] => parts.map(([y, m, d = 1, h = 0, min = 0]) => Date.UTC(y, m, d, h, min));
  const cases: [number[], string][] = [
    [at([2000, 0], [2001, 0], [2002, 0]), 'yearly'],
    [at([2000, 0], [2000, 3], [2000, 6]), 'quarterly'],
    [at([2000, 0, 31], [2000, 1, 29], [2000, 2, 31]), 'monthly'],
    [at([2000, 0, 3], [2000, 0, 10], [2000, 0, 17]), 'weekly'],
    [at([2000, 0, 1], [2000, 0, 2], [2000, 0, 3]), 'daily'],
    [at([2000, 0, 1, 0], [2000, 0, 1, 1], [2000, 0, 1, 2]), 'hourly'],
    [at([2000, 0, 1, 0, 0], [2000, 0, 1, 0, 15], [2000, 0, 1, 0, 30]), 'every 15 minutes'],
  ];
  for (const [times, words] of cases) {
    const found = detectFrequency(times);
    assert.equal(found.firstIrregular, undefined, words);
    assert.equal(describeFrequency(found.frequency as never), words);
  }
  assert.deepEqual(detectFrequency(at([2000, 0, 1, 1], [2000, 0, 1, 2], [2000, 0, 1, 4], [2000, 0, 1, 5])), { frequency: { unit: 'hour', step: 1 }, firstIrregular: 2 });
  // One next-date rule for the library and the charts: calendar months keep month ends.
  assert.deepEqual(nextDates(at([2000, 0, 31], [2000, 1, 29]).map((t) => new Date(t)), 2).map((d) => d.toISOString().slice(0, 10)), ['2000-03-31', '2000-04-30']);
  assert.deepEqual(nextDates(at([1880, 0], [1881, 0]).map((t) => new Date(t)), 1).map((d) => d.toISOString().slice(0, 10)), ['1882-01-01']);
});

test('resampling: sum, mean and last per slot; empty slots are an error without fillMissing, 0 with zero', () => {
  const path = csv('time,count\n2015/01/01 01:00:00,2\n2015/01/01 01:30:00,3\n2015/01/01 04:00:00,5\n');
  const load = (options: LoadCsvOptions) => loadCsv(path, { dateColumn: 'time', frequency: 'hour', ...options });
  assert.deepEqual(load({ aggregate: 'sum', fillMissing: 'zero' }).column('count').values, [5, 0, 0, 5]);
  assert.deepEqual(load({ aggregate: 'mean', fillMissing: 'interpolate' }).column('count').values, [2.5, 3.3333333333333335, 4.166666666666667, 5]);
  assert.deepEqual(load({ aggregate: 'last', fillMissing: 'drop' }).column('count').values, [3, 5]);
  assert.throws(() => load({ aggregate: 'sum' }), new Error(`loadCsv: ${path}: after resampling, 2015-01-01T02:00:00.000Z has no value in column 'count'; pass fillMissing: 'zero' (counts), 'ffill', 'interpolate' or 'drop' (--fill-missing)`));
  assert.throws(() => load({ fillMissing: 'zero' }), new Error(`loadCsv: ${path}: lines 2 and 3 fall in the same hourly slot 2015-01-01T01:00:00.000Z; pass aggregate: 'sum', 'mean' or 'last' (--aggregate) to combine them`));
  assert.throws(() => loadCsv(path, { dateColumn: 'time', frequency: 'fortnight' as never }), /frequency must be one of 'year', 'quarter', 'month', 'week', 'day', 'hour', 'minute'/);
  assert.throws(() => loadCsv(path, { dateColumn: 'time', aggregate: 'sum' }), /aggregate 'sum' needs a frequency/);
  // The CO2 file misses 5 months: resampled monthly, they are interpolated (746 months).
  const co2 = loadCsv(datasetPath('co2-concentration.csv'), { frequency: 'month', fillMissing: 'interpolate' });
  assert.deepEqual(co2.shape, [746, 3]);
});
