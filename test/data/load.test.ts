// loadCsv: parsing, sorting, gaps, and every bad-input error naming the path, line, column
// and text. Line numbers are file lines (the header is line 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../../src/index';
import { fixturePath } from '../helpers/paths';

const fixture = (name: string): string => fixturePath('data', name);
const columnValues = (df: ReturnType<typeof loadCsv>, name: string): unknown[] => df.column(name).values as unknown[];

/** Asserts that loading throws, that the message contains every `parts`, and the file is unchanged. */
function assertLoadError(path: string, options: Parameters<typeof loadCsv>[1], parts: (string | RegExp)[]): void {
  const before = statSync(path, { throwIfNoEntry: false });
  const bytes = before === undefined ? undefined : readFileSync(path);
  assert.throws(
    () => loadCsv(path, options),
    (err: Error) => {
      for (const part of parts) {
        if (typeof part === 'string') assert.ok(err.message.includes(part), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(part)}`);
        else assert.match(err.message, part);
      }
      return true;
    },
  );
  if (bytes !== undefined) {
    assert.deepEqual(readFileSync(path), bytes, 'a failed load must not change the file');
    assert.equal(statSync(path).mtimeMs, (before as { mtimeMs: number }).mtimeMs);
  }
}

test('loads the lesson shape: Date parsed to UTC dates, Temp as float64 numbers', () => {
  const df = loadCsv(fixture('small.csv'));
  assert.deepEqual(df.columns, ['Date', 'Temp']);
  assert.deepEqual(df.shape, [5, 2]);
  assert.equal(df.dtypes[0], 'datetime');
  const dates = columnValues(df, 'Date') as Date[];
  assert.ok(dates[0] instanceof Date);
  assert.equal(dates[0].toISOString(), '2010-01-01T00:00:00.000Z');
  assert.deepEqual(columnValues(df, 'Temp'), [10.5, 11, 9.25, 12, 13.5]);
});

test('sorts unsorted dates ascending, keeping each row together', () => {
  const df = loadCsv(fixture('unsorted.csv'));
  assert.deepEqual(
    (columnValues(df, 'Date') as Date[]).map((d) => d.toISOString().slice(0, 10)),
    ['2010-01-01', '2010-01-02', '2010-01-03'],
  );
  assert.deepEqual(columnValues(df, 'Temp'), [10.5, 11, 9.25]);
  assert.deepEqual(columnValues(df, 'Humidity'), [80, 75, 70]);
  assert.deepEqual(df.index, [0, 1, 2]);
});

test('columns selects and orders the numeric columns; dateColumn null keeps file order', () => {
  const df = loadCsv(fixture('unsorted.csv'), { columns: ['Humidity'] });
  assert.deepEqual(df.columns, ['Date', 'Humidity']);
  const raw = loadCsv(fixture('unsorted.csv'), { dateColumn: null, columns: ['Temp'] });
  assert.deepEqual(raw.columns, ['Temp']);
  assert.deepEqual(columnValues(raw, 'Temp'), [9.25, 10.5, 11]);
});

test('UTF-8 BOM, Windows line endings and blank lines are read like plain files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grulab-load-'));
  try {
    const path = join(dir, 'excel.csv');
    writeFileSync(path, '\ufeffDate,Temp\r\n2010-01-01,1.5\r\n\r\n2010-01-02,2.5\r\n');
    const df = loadCsv(path);
    assert.deepEqual(df.columns, ['Date', 'Temp']);
    assert.deepEqual(columnValues(df, 'Temp'), [1.5, 2.5]);
    writeFileSync(path, '\ufeffDate,Temp\r\n2010-01-01,1.5\r\n2010-01-02,x\r\n');
    assertLoadError(path, {}, [path, 'line 3', "column 'Temp'", "'x'"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(columnValues(loadCsv(fixture('blank-lines.csv')), 'Temp'), [10, 11]);
});

test('a quoted field spanning two lines keeps later line numbers right', () => {
  assertLoadError(fixture('quoted-newline.csv'), { columns: ['Temp'] }, ['line 5', "column 'Temp'", "'oops'"]);
});

test('missing file names the path', () => {
  assertLoadError(fixture('no-such-file.csv'), {}, ['file not found', fixture('no-such-file.csv')]);
});

test('empty file and header-only file name the path', () => {
  assertLoadError(fixture('empty.csv'), {}, [fixture('empty.csv'), 'is empty']);
  assertLoadError(fixture('header-only.csv'), {}, [fixture('header-only.csv'), 'no data rows', 'Date,Temp']);
});

test('missing column names it and the existing columns', () => {
  assertLoadError(fixture('small.csv'), { columns: ['Temperature'] }, ["column 'Temperature'", "'Date', 'Temp'"]);
  assertLoadError(fixture('small.csv'), { dateColumn: 'Day' }, ["dateColumn 'Day'", "'Date', 'Temp'"]);
});

test('a value that is not a number names line, column and text', () => {
  assertLoadError(fixture('not-a-number.csv'), {}, [fixture('not-a-number.csv'), 'line 4', "column 'Temp'", "'abc' is not a number"]);
});

test('an empty value or NaN names line and column, and suggests fillMissing', () => {
  assertLoadError(fixture('empty-value.csv'), {}, ['line 3', "column 'Temp'", 'is empty', 'fillMissing']);
  assertLoadError(fixture('nan-value.csv'), {}, ['line 4', "column 'Temp'", "'NaN'", 'fillMissing']);
});

test('an unparseable date names line, column and text', () => {
  assertLoadError(fixture('bad-date.csv'), {}, ['line 3', "column 'Date'", "'2010-02-30' is not a date"]);
  assertLoadError(fixture('us-date.csv'), {}, ['line 3', "'01/02/2010' is ambiguous (day/month or month/day?); pass dateFormat: 'MM/dd/yyyy' or 'dd/MM/yyyy' (--date-format on the command line)"]);
});

test('a duplicated date names both lines and the date', () => {
  assertLoadError(fixture('duplicate-date.csv'), {}, ['lines 3 and 5', '2010-01-02', "column 'Date'"]);
});

test('malformed files: wrong field count, unterminated quote, repeated header name', () => {
  assertLoadError(fixture('field-count.csv'), {}, ['line 3', 'has 3 fields, expected 2']);
  assertLoadError(fixture('unterminated-quote.csv'), {}, ['line 3', /quote/i]);
  assertLoadError(fixture('duplicate-header.csv'), {}, ['line 1', "'Temp' appears twice"]);
});

test("fillMissing 'drop' removes rows with a gap in any column", () => {
  const df = loadCsv(fixture('gaps.csv'), { fillMissing: 'drop' });
  assert.deepEqual(columnValues(df, 'Temp'), [10, 18]);
  assert.deepEqual(columnValues(df, 'Rain'), [0, 4]);
});

test("fillMissing 'ffill' repeats the value above", () => {
  const df = loadCsv(fixture('gaps.csv'), { fillMissing: 'ffill' });
  assert.deepEqual(columnValues(df, 'Temp'), [10, 10, 10, 16, 18]);
  assert.deepEqual(columnValues(df, 'Rain'), [0, 1, 2, 2, 4]);
});

test("fillMissing 'interpolate' draws a straight line across the gap", () => {
  // Temp 10, _, _, 16: one third and two thirds of the way from 10 to 16.
  const df = loadCsv(fixture('gaps.csv'), { fillMissing: 'interpolate' });
  assert.deepEqual(columnValues(df, 'Temp'), [10, 12, 14, 16, 18]);
  assert.deepEqual(columnValues(df, 'Rain'), [0, 1, 2, 3, 4]);
});

test('gaps that cannot be filled name line and column; a bad fillMissing is named', () => {
  assertLoadError(fixture('leading-gap.csv'), { fillMissing: 'ffill' }, ['line 2', "column 'Temp'", 'first row']);
  assertLoadError(fixture('leading-gap.csv'), { fillMissing: 'interpolate' }, ['line 2', "column 'Temp'"]);
  assertLoadError(fixture('trailing-gap.csv'), { fillMissing: 'interpolate' }, ['line 4', "column 'Temp'", 'no value follows']);
  assert.deepEqual(columnValues(loadCsv(fixture('trailing-gap.csv'), { fillMissing: 'ffill' }), 'Temp'), [10, 11, 11]);
  assertLoadError(fixture('small.csv'), { fillMissing: 'mean' as 'drop' }, ["fillMissing must be one of 'drop', 'ffill', 'interpolate', 'zero', got 'mean'"]);
});
