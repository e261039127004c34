/**
 * loadTable on Parquet and Arrow IPC files written by real writers: DuckDB (its Parquet
 * writer, every page codec it has), hyparquet-writer (several row groups, nulls, millisecond
 * timestamps) and apache-arrow (Feather v2 plain and LZ4-compressed, an IPC stream). Each is
 * checked against loadCsv on the CSV the file was made from, so the two paths must agree
 * value for value; and the messages for bad cells, wrong types and binary files.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { compressionRegistry, CompressionType, RecordBatchFileWriter, RecordBatchStreamWriter, Table, tableFromArrays, vectorFromArray, DateMillisecond, Float64, Utf8 } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import * as grulab from '../../src/index';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

const weatherCsv = path.join(projectRoot, 'datasets', 'weather.csv');
const dir = tempDir('grulab-typed-');
const file = (name: string): string => path.join(dir, name);
const CODECS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4'] as const;

/** The frame's columns as plain arrays, dates as ISO text, for deepEqual. */
function plain(df: ReturnType<typeof grulab.loadCsv>): Record<string, unknown[]> {
  return Object.fromEntries(df.columns.map((name) => [name, (df.column(name).values as unknown[]).map((v) => (v instanceof Date ? v.toISOString() : v))]));
}

before(async () => {
  // DuckDB reads the shipped long-format CSV itself and writes it as Parquet with each codec.
  const duck = await DuckDBInstance.create(':memory:');
  const db = await duck.connect();
  await db.run(`CREATE TABLE weather AS SELECT * FROM read_csv('${weatherCsv}', header = true)`);
  for (const codec of CODECS) await db.run(`COPY weather TO '${file(`weather-${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1000)`);
  await db.run(`COPY (SELECT date::TIMESTAMP AS "time", temp_max FROM weather WHERE location = 'Seattle') TO '${file('seattle-timestamps.parquet')}' (FORMAT parquet)`);
  db.closeSync();
});

describe('loadTable on Parquet', () => {
  const seattle = (): Record<string, unknown[]> => plain(grulab.loadCsv(weatherCsv, { where: { location: 'Seattle' }, columns: ['temp_max', 'wind'] }));

  for (const codec of CODECS) {
    it(`DuckDB's Parquet, ${codec} pages, long format with where: the same frame as loadCsv`, () => {
      const df = grulab.loadTable(file(`weather-${codec}.parquet`), { where: { location: 'Seattle' }, columns: ['temp_max', 'wind'] });
      assert.deepEqual(df.columns, ['date', 'temp_max', 'wind']);
      assert.equal(df.dtypes[0], 'datetime');
      assert.deepEqual(plain(df), seattle());
    });
  }

  it('defaults from the schema: the DATE column, then every numeric column (text columns left out)', () => {
    const df = grulab.loadTable(file('weather-zstd.parquet'), { where: { location: 'New York' } });
    assert.deepEqual(df.columns, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind']);
    assert.equal(df.shape[0], 1461);
  });

  it('DuckDB TIMESTAMP (microseconds) as the date column; the file name does not matter, its bytes do', () => {
    fs.copyFileSync(file('seattle-timestamps.parquet'), file('looks-like.csv'));
    const df = grulab.loadTable(file('looks-like.csv'));
    assert.deepEqual(df.columns, ['time', 'temp_max']);
    assert.deepEqual(plain(df).time.slice(0, 2), ['2012-01-01T00:00:00.000Z', '2012-01-02T00:00:00.000Z']);
  });

  it('long format without where: duplicated dates name the rows and the separating column', () => {
    assert.throws(() => grulab.loadTable(file('weather-snappy.parquet'), { columns: ['temp_max'] }), {
      message: /^loadTable: .*weather-snappy\.parquet: rows 1 and 1462 have the same date 2012-01-01 in column 'date'; .*differ in column 'location' \('Seattle' and 'New York'\).*where: \{ location: 'Seattle' \}.*\(rows counted from 1 in file order: Parquet has no lines\)$/,
    });
  });

  it('hyparquet-writer: several row groups, a null named by row and column, filled on request', () => {
    const n = 2500;
    const dates = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 3_600_000));
    const temp = Array.from({ length: n }, (_, i) => (i === 1234 ? null : Math.sin(i / 24) * 10));
    const label = Array.from({ length: n }, () => 'x');
    fs.writeFileSync(file('hourly.parquet'), new Uint8Array(parquetWriteBuffer({
      columnData: [{ name: 'time', data: dates, type: 'TIMESTAMP' }, { name: 'temp', data: temp, type: 'DOUBLE' }, { name: 'label', data: label, type: 'STRING' }],
      rowGroupSize: 1000,
    })));
    assert.throws(() => grulab.loadTable(file('hourly.parquet')), {
      message: /hourly\.parquet row 1235, column 'temp' is empty \(a missing value\); pass fillMissing: .*\(rows counted from 1 in file order: Parquet has no lines\)$/,
    });
    const df = grulab.loadTable(file('hourly.parquet'), { fillMissing: 'interpolate' });
    assert.equal(df.shape[0], n);
    const values = df.column('temp').values as number[];
    assert.ok(Math.abs(values[1234] - (values[1233] + values[1235]) / 2) < 1e-12);
    // resampled to days: 2500 hours from midnight fill 105 days, the last one in part
    assert.equal(grulab.loadTable(file('hourly.parquet'), { fillMissing: 'drop', frequency: 'day', aggregate: 'mean' }).shape[0], 105);
  });

  it("a text column asked for as numbers is named with the schema's type", () => {
    assert.throws(() => grulab.loadTable(file('weather-gzip.parquet'), { columns: ['weather'] }), {
      message: /weather-gzip\.parquet: column 'weather' holds (UTF8|STRING) values in the file's schema, expected numbers$/,
    });
  });
});

describe('loadTable on Arrow IPC', () => {
  const csvFrame = (): Record<string, unknown[]> => plain(grulab.loadCsv(weatherCsv, { where: { location: 'Seattle' }, columns: ['temp_max'] }));

  /** Seattle's rows as an Arrow table: a millisecond date column, a float column, a text column. */
  function arrowTable() {
    const rows = grulab.loadCsv(weatherCsv, { where: { location: 'Seattle' }, columns: ['temp_max'] });
    const dates = rows.column('date').values as unknown as Date[];
    return new Table({
      date: vectorFromArray(dates, new DateMillisecond()),
      temp_max: vectorFromArray(rows.column('temp_max').values as number[], new Float64()),
      location: vectorFromArray(dates.map(() => 'Seattle'), new Utf8()),
    });
  }

  it('Feather v2 (an IPC file), uncompressed and LZ4 frame compressed as pandas writes it, and an IPC stream', () => {
    const table = arrowTable();
    // lz4js encodes for the writer; grulab registers decoders only
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lz4 = require('lz4js') as { compress(data: Uint8Array): Uint8Array };
    compressionRegistry.set(CompressionType.LZ4_FRAME, { ...compressionRegistry.get(CompressionType.LZ4_FRAME), encode: (data) => Uint8Array.from(lz4.compress(data)) });
    fs.writeFileSync(file('plain.feather'), RecordBatchFileWriter.writeAll(table).toUint8Array(true));
    fs.writeFileSync(file('lz4.feather'), new RecordBatchFileWriter({ compressionType: CompressionType.LZ4_FRAME }).writeAll(table).toUint8Array(true));
    fs.writeFileSync(file('seattle.arrows'), RecordBatchStreamWriter.writeAll(table).toUint8Array(true));
    const lz4Size = fs.statSync(file('lz4.feather')).size;
    assert.ok(lz4Size < fs.statSync(file('plain.feather')).size * 0.8, `the LZ4 file is compressed (${lz4Size} bytes)`);
    for (const name of ['plain.feather', 'lz4.feather', 'seattle.arrows']) {
      const df = grulab.loadTable(file(name));
      assert.deepEqual(df.columns, ['date', 'temp_max'], name);
      assert.deepEqual(plain(df), csvFrame(), name);
    }
    assert.throws(() => grulab.loadTable(file('lz4.feather'), { where: { location: 'Nowhere' } }), {
      message: /lz4\.feather: no row has location = 'Nowhere'; column 'location' holds 'Seattle'$/,
    });
  });

  it('tableFromArrays (timestamps), a dictionary-encoded text column for where', () => {
    const table = tableFromArrays({ time: [new Date('2020-01-02'), new Date('2020-01-01')], value: Float64Array.from([2, 1]), city: ['b', 'a'] });
    fs.writeFileSync(file('small.arrow'), RecordBatchFileWriter.writeAll(table).toUint8Array(true));
    assert.deepEqual(plain(grulab.loadTable(file('small.arrow'))), { time: ['2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z'], value: [1, 2] });
    assert.deepEqual(plain(grulab.loadTable(file('small.arrow'), { where: { city: 'b' } })).value, [2]);
  });
});

describe('binary files where CSV text is expected', () => {
  it('loadCsv on Parquet or Arrow names the format and loadTable', () => {
    assert.throws(() => grulab.loadCsv(file('weather-snappy.parquet')), {
      message: /^loadCsv: .*weather-snappy\.parquet is a Parquet file, not CSV text; loadTable reads Parquet and Arrow IPC files/,
    });
  });

  it('a gzip-compressed CSV, an xlsx (ZIP) and NUL bytes are named, by loadCsv and loadTable', () => {
    fs.writeFileSync(file('weather.csv.gz'), zlib.gzipSync(fs.readFileSync(weatherCsv)));
    fs.writeFileSync(file('book.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    fs.writeFileSync(file('blob.csv'), Buffer.from('Date,Temp\n2010-01-01,\u0000\u0001\n'));
    assert.throws(() => grulab.loadCsv(file('weather.csv.gz')), { message: /weather\.csv\.gz is a gzip-compressed file, not CSV text; decompress it first \(gunzip\)$/ });
    assert.throws(() => grulab.loadTable(file('book.xlsx')), { message: /book\.xlsx is a ZIP archive \(an Excel \.xlsx or \.ods workbook is one\), not a table grulab reads \(CSV, Parquet, Arrow IPC\); save the sheet as CSV/ });
    assert.throws(() => grulab.loadCsv(file('blob.csv')), { message: /blob\.csv is a binary file \(it holds NUL bytes, which text does not\), not CSV text/ });
  });
});

describe('grulab forecast on a Parquet file', () => {
  it('reads DuckDB\'s long-format Parquet with --where as it reads the CSV', { timeout: 240_000 }, () => {
    const run = (data: string) => {
      const out = path.join(tempDir('grulab-cli-typed-'), 'result');
      const args = ['forecast', data, '--where', 'location=Seattle', '--target', 'temp_max', '--time-step', '10', '--units', '4', '--epochs', '1', '--seed', '7', '--quiet', '--out', out];
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src', 'cli', 'grulab.ts'), ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 200_000 });
      assert.equal(r.status, 0, r.stderr);
      return { stdout: r.stdout, forecast: fs.readFileSync(path.join(out, 'forecast.csv'), 'utf8') };
    };
    const parquet = run(file('weather-snappy.parquet'));
    assert.match(parquet.stdout, /^1461 rows, daily \(detected\), 2012-01-01 to 2015-12-31; window 10 rows$/m);
    // the same seed on the same rows: the same forecast, to the printed digit
    assert.equal(parquet.forecast, run(weatherCsv).forecast);
  });
});
