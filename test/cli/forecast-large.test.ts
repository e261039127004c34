/**
 * A large file is not minutes of silence (issue 27, point 9): 17,000 hourly rows give a test
 * part of over 2,000 windows; AutoARIMA's pass over them shows its progress from its start,
 * and it forecasts every second window, as its row in the table says, instead of all of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

test('17,000 hourly rows: AutoARIMA shows progress from its start and scores 1 in 2 of the test windows, named so', { timeout: 600_000 }, () => {
  const dir = tempDir('grulab-large-');
  const start = Date.UTC(2020, 0, 1);
  const rows = Array.from({ length: 17_000 }, (_, i) => `${new Date(start + i * 3_600_000).toISOString().slice(0, 19)},${(100 + 20 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 3).toFixed(3)}`);
  const csv = join(dir, 'load.csv');
  writeFileSync(csv, `date,load\n${rows.join('\n')}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli', 'grulab.ts'), 'forecast', csv, '--target', 'load', '--epochs', '1', '--units', '8', '--out', join(dir, 'out')], {
    encoding: 'utf8', cwd: projectRoot, timeout: 580_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const windows = Number(/test part, (\d+) windows/.exec(r.stdout)?.[1]);
  assert.ok(windows > 2000 && windows <= 4000, `${windows} test windows`);
  const sampled = Math.ceil(windows / 2);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('AutoARIMA on the test part:'));
  assert.equal(lines[0], `AutoARIMA on the test part: 0/${sampled} windows`, 'a line when the pass starts, before its fit');
  assert.ok(lines.length >= 5, lines.join('\n'));
  assert.match(r.stdout, new RegExp(`AutoARIMA \\(seasonal, period 24\\), on 1 in 2 of ${windows} windows`));
});
