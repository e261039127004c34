/**
 * loadPanel on long-format Parquet and Arrow files with several series, written by real
 * writers: DuckDB unpivots four M4 hourly series (two of 700 and two of 960 integer steps,
 * rows interleaved, several row groups) and writes them as Parquet and as CSV; DuckDB writes
 * the two cities of the weather file with DATE and TIMESTAMP columns; apache-arrow writes a
 * Feather v2 file. Each typed file must give the panel its CSV gives (and the M4 series the
 * M4 reader gives), and its faults are named by row, series and the schema's types.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { Float64, Int32, RecordBatchFileWriter, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { loadPanel, type Panel } from '../../src/data/panel';
import { readM4File } from '../../src/data/m4';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

const weatherCsv = path.join(projectRoot, 'datasets', 'weather.csv');
const hourlyCsv = path.join(projectRoot, 'datasets', 'm4', 'Hourly-train.csv');
const M4_IDS = ['H2', 'H3', 'H200', 'H413'];
const dir = tempDir('grulab-panel-typed-');
const file = (name: string): string => path.join(dir, name);
/** DuckDB's own count of the row (from 1, in the written order) where New York has no 2013-03-01 temperature. */
let nullRow = 0;

before(async () => {
  const duck = await DuckDBInstance.create(':memory:');
  const db = await duck.connect();
  // M4's wide rows unpivoted to one row per series and step (V2 is step 1), series interleaved
  await db.run(`CREATE TABLE wide AS SELECT * FROM read_csv('${hourlyCsv}', header = true) WHERE V1 IN (${M4_IDS.map((id) => `'${id}'`).join(', ')})`);
  await db.run(`CREATE TABLE m4 AS SELECT V1 AS unique_id, CAST(substr(name, 2) AS INTEGER) - 1 AS ds, value AS y FROM (UNPIVOT wide ON COLUMNS(* EXCLUDE V1) INTO NAME name VALUE value) ORDER BY ds, unique_id`);
  await db.run(`COPY m4 TO '${file('m4-long.parquet')}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000)`);
  await db.run(`COPY m4 TO '${file('m4-long.csv')}' (FORMAT csv, HEADER true)`);
  await db.run(`CREATE TABLE weather AS SELECT * FROM read_csv('${weatherCsv}', header = true) ORDER BY date, location`);
  await db.run(`COPY weather TO '${file('weather-long.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
  await db.run(`COPY (SELECT location AS city, date::TIMESTAMP AS observed, temp_max FROM weather) TO '${file('weather-timestamps.parquet')}' (FORMAT parquet, COMPRESSION gzip)`);
  await db.run(`COPY (SELECT location, date, CASE WHEN location = 'New York' AND date = DATE '2013-03-01' THEN NULL ELSE temp_max END AS temp_max FROM weather) TO '${file('weather-null.parquet')}' (FORMAT parquet)`);
  await db.run(`COPY (SELECT * FROM weather UNION ALL SELECT * FROM weather WHERE location = 'Seattle' AND date = DATE '2012-01-05') TO '${file('weather-twice.parquet')}' (FORMAT parquet)`);
  const found = await db.runAndReadAll(`SELECT rn FROM (SELECT location, date, row_number() OVER () AS rn FROM weather) WHERE location = 'New York' AND date = DATE '2013-03-01'`);
  nullRow = Number(found.getRows()[0][0]);
  db.closeSync();
});

/** The panel with its series keyed by id, for comparisons that do not depend on order. */
const byId = (panel: Panel): Map<string, { times: number[]; values: number[] }> => new Map(panel.series.map((s) => [s.id, { times: s.times, values: s.values }]));

describe('loadPanel on Parquet', () => {
  it("DuckDB's long M4 table (integer steps, series of 700 and 960 steps, several row groups): the CSV's panel and the M4 reader's values", () => {
    const options = { id: 'unique_id', time: 'ds', target: 'y' };
    const parquet = loadPanel(file('m4-long.parquet'), options);
    assert.equal(parquet.timeKind, 'step');
    assert.deepEqual(parquet.series.map((s) => s.id), ['H2', 'H200', 'H3', 'H413'], 'in the order the ids first appear');
    assert.deepEqual(parquet, loadPanel(file('m4-long.csv'), options));
    const m4 = new Map(readM4File(hourlyCsv).map((s) => [s.id, s.values]));
    for (const s of parquet.series) {
      assert.deepEqual(s.values, m4.get(s.id), s.id);
      assert.deepEqual(s.times, s.values.map((_, i) => i + 1), s.id);
    }
    assert.deepEqual(parquet.series.map((s) => s.values.length), [700, 960, 700, 960]);
  });

  it("DuckDB's weather table (a DATE column, two cities, zstd pages): the panel of the shipped CSV", () => {
    const options = { id: 'location', target: 'temp_max' };
    const parquet = loadPanel(file('weather-long.parquet'), options);
    assert.equal(parquet.timeColumn, 'date');
    assert.equal(parquet.timeKind, 'date');
    assert.deepEqual(parquet.frequency, { unit: 'day', step: 1 });
    assert.deepEqual(byId(parquet), byId(loadPanel(weatherCsv, options)));
    assert.deepEqual(parquet.series.map((s) => [s.id, s.values.length]), [['New York', 1461], ['Seattle', 1461]]);
    assert.deepEqual(loadPanel(file('weather-long.parquet'), { ...options, where: { location: 'Seattle' } }).series.map((s) => s.id), ['Seattle']);
  });

  it('a TIMESTAMP column under another name is the time column, by its schema type', () => {
    const panel = loadPanel(file('weather-timestamps.parquet'), { id: 'city', target: 'temp_max' });
    assert.equal(panel.timeColumn, 'observed');
    assert.equal(panel.timeKind, 'date');
    assert.deepEqual(byId(panel), byId(loadPanel(weatherCsv, { id: 'location', target: 'temp_max' })));
  });

  it('a null is named by row, column and series, and filled on request; a repeated row names both rows', () => {
    assert.ok(nullRow > 1);
    assert.throws(() => loadPanel(file('weather-null.parquet'), { id: 'location', target: 'temp_max' }), {
      message: new RegExp(`^loadPanel: .*weather-null\\.parquet row ${nullRow}, column 'temp_max' \\(series 'New York'\\) is empty \\(a missing value\\); pass fillMissing: .*\\(rows counted from 1 in file order: Parquet has no lines\\)$`),
    });
    const filled = byId(loadPanel(file('weather-null.parquet'), { id: 'location', target: 'temp_max', fillMissing: 'interpolate' })).get('New York');
    const day = filled?.times.indexOf(Date.UTC(2013, 2, 1)) ?? -1;
    assert.ok(day > 0 && filled !== undefined);
    assert.ok(Math.abs(filled.values[day] - (filled.values[day - 1] + filled.values[day + 1]) / 2) < 1e-12);
    assert.throws(() => loadPanel(file('weather-twice.parquet'), { id: 'location', target: 'temp_max' }), {
      message: /weather-twice\.parquet: rows 10 and 2923 have the same time 2012-01-05 for series 'Seattle'; .*\(rows counted from 1 in file order: Parquet has no lines\)$/,
    });
  });

  it("a text target is named with the schema's type; a binary file of another format by its format", () => {
    assert.throws(() => loadPanel(file('weather-long.parquet'), { id: 'location', target: 'weather' }), {
      message: /weather-long\.parquet: target 'weather' holds (UTF8|STRING) values in the file's schema, expected numbers$/,
    });
    fs.writeFileSync(file('m4-long.csv.gz'), zlib.gzipSync(fs.readFileSync(file('m4-long.csv'))));
    assert.throws(() => loadPanel(file('m4-long.csv.gz'), { id: 'unique_id', target: 'y' }), {
      message: /^loadPanel: .*m4-long\.csv\.gz is a gzip-compressed file, not a table grulab reads \(CSV, Parquet, Arrow IPC\); decompress it first \(gunzip\)$/,
    });
  });
});

describe('loadPanel on Arrow IPC', () => {
  it('Feather v2 from apache-arrow: integer steps, two series of different lengths, rows out of order', () => {
    const rows = [['b', 2, 20], ['a', 1, 1], ['b', 1, 10], ['a', 3, 3], ['a', 2, 2]] as const;
    const table = new Table({
      id: vectorFromArray(rows.map((r) => r[0]), new Utf8()),
      step: vectorFromArray(rows.map((r) => r[1]), new Int32()),
      sales: vectorFromArray(rows.map((r) => r[2]), new Float64()),
    });
    fs.writeFileSync(file('sales.feather'), RecordBatchFileWriter.writeAll(table).toUint8Array(true));
    const panel = loadPanel(file('sales.feather'), { id: 'id', target: 'sales' });
    assert.equal(panel.timeColumn, 'step');
    assert.equal(panel.timeKind, 'step');
    assert.deepEqual(panel.series, [
      { id: 'b', times: [1, 2], values: [10, 20] },
      { id: 'a', times: [1, 2, 3], values: [1, 2, 3] },
    ]);
  });
});
