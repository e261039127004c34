/**
 * `npm run bench:small` runs (the 4 quarterly series, one seed) and its row is sane: R writes
 * the collection, every OWA is finite and positive, the CPU model is printed. Whether grulab
 * lands at or below ETS is the full run's measurement (README), not asserted here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';
import { rSkip } from '../helpers/rscript';

test('bench:small on the quarterly collection prints a sane row beside ETS, Theta, AutoARIMA and the GRU alone', { timeout: 300_000, skip: rSkip('bench:small') }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'bench', 'small-collections-bench.ts'), '--only', 'quarterly', '--seeds', '7'], { encoding: 'utf8', cwd: projectRoot, timeout: 280_000 });
  assert.equal(r.status, 0, r.stderr);
  const cpu = (/^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim();
  assert.ok(r.stdout.includes(cpu), `the CPU model '${cpu}' is printed:\n${r.stdout}`);
  const row = r.stdout.split('\n').find((l) => l.startsWith('| quarterly |'));
  assert.ok(row !== undefined, r.stdout);
  const cells = row.split('|').map((c) => c.trim());
  assert.deepEqual(cells.slice(2, 4), ['4', '8'], '4 series, 8 steps');
  for (const owa of cells.slice(4, 9).map(Number)) assert.ok(Number.isFinite(owa) && owa > 0 && owa < 5, row);
  assert.match(cells[9], /^[+-]\d\.\d{4}$/, 'the mean gap to ETS, signed');
  assert.match(cells[10], /^[01] of 1 seeds$/);
});
