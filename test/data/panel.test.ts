/**
 * loadPanel: long tables as people keep them (Nixtla's unique_id/ds/y, a store/date/sales
 * export with US dates, M4's integer steps), each series put on its grid; bad rows named by
 * file line, column and series; the file never written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPanel } from '../../src/data/panel';
import { readM4File, toLongTable } from '../../src/data/m4';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

const dir = tempDir('grulab-panel-');
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test("M4's weekly series as a long table with integer steps: every series back, values and lengths as M4's wide file has them", () => {
  const wide = readM4File(join(projectRoot, 'datasets', 'm4', 'Weekly-train.csv'));
  const long = toLongTable(wide);
  const lines = ['unique_id,ds,y', ...long.id.map((id, i) => `${id},${long.step[i] + 1},${long.value[i]}`)];
  const path = file('weekly-long.csv', `${lines.join('\n')}\n`);
  const panel = loadPanel(path, { id: 'unique_id', target: 'y' });
  assert.equal(panel.timeKind, 'step');
  assert.equal(panel.timeColumn, 'ds');
  assert.equal(panel.series.length, wide.length);
  for (const [i, s] of panel.series.entries()) {
    assert.equal(s.id, wide[i].id);
    assert.deepEqual(s.values, wide[i].values);
  }
  const lengths = panel.series.map((s) => s.values.length);
  assert.ok(Math.min(...lengths) < Math.max(...lengths), 'the series differ in length');
});

test('a store/date/sales export with US dates, rows out of order and two id columns: grouped, sorted, daily', () => {
  const rows: string[] = [];
  for (const region of ['north', 'south']) {
    for (const store of ['A', 'B']) {
      for (let d = 20; d >= 1; d--) rows.push(`${region},${store},03/${String(d).padStart(2, '0')}/2024,${d * (store === 'A' ? 1 : 2)}`);
    }
  }
  const path = file('sales.csv', `region,store,date,sales\n${rows.join('\n')}\n`);
  const before = readFileSync(path, 'utf8');
  const panel = loadPanel(path, { id: ['region', 'store'], time: 'date', target: 'sales', dateFormat: 'MM/dd/yyyy' });
  assert.deepEqual(panel.series.map((s) => s.id), ['north/A', 'north/B', 'south/A', 'south/B']);
  assert.deepEqual(panel.frequency, { unit: 'day', step: 1 });
  assert.deepEqual(panel.series[1].values.slice(0, 3), [2, 4, 6]);
  assert.equal(new Date(panel.series[0].times[0]).toISOString().slice(0, 10), '2024-03-01');
  assert.equal(readFileSync(path, 'utf8'), before, 'the file is only read');
});

test('bad rows are named by line, column and series; a gap is filled only when asked', () => {
  const dup = file('dup.csv', 'store,date,sales\nA,2024-01-01,3\nA,2024-01-02,4\nB,2024-01-02,7\nB,2024-01-02,8\n');
  assert.throws(() => loadPanel(dup, { id: 'store', target: 'sales' }), /dup\.csv: lines 4 and 5 have the same time 2024-01-02 for series 'B'/);
  const noId = file('noid.csv', 'store,date,sales\nA,2024-01-01,3\n,2024-01-02,4\n');
  assert.throws(() => loadPanel(noId, { id: 'store', target: 'sales' }), /noid\.csv line 3, column 'store': the id is empty/);
  const nan = file('nan.csv', 'store,date,sales\nA,2024-01-01,3\nA,2024-01-02,NaN\nA,2024-01-03,5\n');
  assert.throws(() => loadPanel(nan, { id: 'store', target: 'sales' }), /nan\.csv line 3, column 'sales' \(series 'A'\) is 'NaN' \(a missing value\); pass fillMissing/);
  assert.throws(() => loadPanel(nan, { id: 'shop', target: 'sales' }), /column 'shop' is not in the file; the columns are 'store', 'date', 'sales'/);
  let text = 'store,date,sales\n';
  for (const id of ['A', 'B']) for (let d = 1; d <= 30; d++) if (!(id === 'A' && d === 10)) text += `${id},2024-01-${String(d).padStart(2, '0')},${d}\n`;
  const gap = file('gap.csv', text);
  assert.throws(() => loadPanel(gap, { id: 'store', target: 'sales' }), /series 'A' has no row for 2024-01-10 \(after line 10\); pass fillMissing/);
  const filled = loadPanel(gap, { id: 'store', target: 'sales', fillMissing: 'interpolate' });
  assert.equal(filled.series[0].values.length, 30);
  assert.equal(filled.series[0].values[9], 10);
});
