// The M4 wide-CSV reader: the shipped files read whole and in order, train and test pair
// up, every fault is named by file, line and column, and the 3.5 MB weekly file is quick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readM4File, readM4Pairs, toLongTable } from '../../src/data/m4';
import { tempDir } from '../helpers/temp-dir';

const DATA = join(__dirname, '..', '..', 'datasets', 'm4');

test('the shipped M4 files read in file order, ragged rows cut at their last value', () => {
  const hourly = readM4File(join(DATA, 'Hourly-train.csv'));
  assert.equal(hourly.length, 374);
  assert.equal(hourly[0].id, 'H2');
  assert.deepEqual(new Set(hourly.map((s) => s.values.length)), new Set([700, 960]));
  const weekly = readM4Pairs(join(DATA, 'Weekly-train.csv'), join(DATA, 'Weekly-test.csv'));
  assert.equal(weekly.length, 319);
  assert.deepEqual(weekly[0].test.slice(0, 3), [35397.16, 35808.59, 35808.59]);
  assert.ok(weekly.every((s) => s.test.length === 13));
  const lengths = weekly.map((s) => s.train.length);
  assert.equal(Math.min(...lengths), 80);
  assert.equal(Math.max(...lengths), 2597);
  // the file's own text for one row: W4's first and last training values
  const row = readFileSync(join(DATA, 'Weekly-train.csv'), 'utf8').split('\n')[4].split(',').map((c) => c.replace(/"/g, ''));
  const w4 = weekly[3];
  assert.equal(w4.id, row[0]);
  const cells = row.slice(1).filter((c) => c !== '');
  assert.deepEqual([w4.train[0], w4.train[w4.train.length - 1], w4.train.length], [Number(cells[0]), Number(cells[cells.length - 1]), cells.length]);
});

test('the 3.5 MB weekly training file is read in a few seconds at most, even on a loaded machine', () => {
  const started = process.hrtime.bigint();
  readM4File(join(DATA, 'Weekly-train.csv'));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`# Weekly-train.csv (3.5 MB, 319 rows of 2598 cells) read in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 5000, `${ms} ms`);
});

test('a bad cell is named by file, line and column', () => {
  const dir = tempDir('grulab-m4-');
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const header = '"V1","V2","V3","V4"\n';
  const bad = write('bad.csv', `${header}"H1","1","2","3"\n"H2","4","x5",""\n`);
  assert.throws(() => readM4File(bad), new RegExp(`readM4File: ${bad} line 3, column 3 \\('V3'\\): 'x5' is not a number`));
  const gap = write('gap.csv', `${header}"H1","1","","3"\n`);
  assert.throws(() => readM4File(gap), /line 2, column 3 \('V3'\): empty cell inside series 'H1' \(values follow it at column 4\)/);
  const twice = write('twice.csv', `${header}"H1","1","2",""\n"H1","3","",""\n`);
  assert.throws(() => readM4File(twice), /line 3, column 1 \('V1'\): series id 'H1' appears twice \(lines 2 and 3\)/);
  const noId = write('noid.csv', `${header}"","1","2",""\n`);
  assert.throws(() => readM4File(noId), /line 2, column 1 \('V1'\): the series id is empty/);
  const empty = write('empty.csv', `${header}"H1","","",""\n`);
  assert.throws(() => readM4File(empty), /line 2, column 2 \('V2'\): series 'H1' has no values/);
  const short = write('short.csv', `${header}"H1","1"\n`);
  assert.throws(() => readM4File(short), /line 2 has 2 fields, expected 4/);
  assert.throws(() => readM4File(join(dir, 'missing.csv')), /readM4File: file not found: .*missing\.csv/);
  // pairs: an id in one file only
  const train = write('train.csv', `${header}"H1","1","2",""\n"H2","3","4","5"\n`);
  const test1 = write('test1.csv', `"V1","V2"\n"H1","9"\n`);
  assert.throws(() => readM4Pairs(train, test1), new RegExp(`readM4Pairs: series 'H2' of ${train} is not in ${test1}`));
  const test3 = write('test3.csv', `"V1","V2"\n"H1","9"\n"H2","8"\n"H3","7"\n`);
  assert.throws(() => readM4Pairs(train, test3), new RegExp(`readM4Pairs: series 'H3' of ${test3} is not in ${train}`));
  const test2 = write('test2.csv', `"V1","V2"\n"H2","8"\n"H1","9"\n`);
  assert.deepEqual(readM4Pairs(train, test2), [{ id: 'H1', train: [1, 2], test: [9] }, { id: 'H2', train: [3, 4, 5], test: [8] }]);
});

test('toLongTable stacks series into id, step and value columns', () => {
  assert.deepEqual(toLongTable([{ id: 'H1', values: [5, 6] }, { id: 'H2', values: [7] }]), { id: ['H1', 'H1', 'H2'], step: [0, 1, 0], value: [5, 6, 7] });
  const table = toLongTable(readM4File(join(DATA, 'Hourly-test.csv')));
  assert.equal(table.value.length, 374 * 48);
});
