/**
 * `npm run bench:m4` runs (on 12 weekly series, 1 epoch) and its table is sane: every row's
 * OWA finite and positive, Naive2 at 1 by definition, the CPU model printed, M4's published
 * rows beside ours. The accuracy itself is measured by the full run, not here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

test('bench:m4 on 12 weekly series prints a sane table beside M4\'s published rows, with the CPU model', { timeout: 300_000 }, () => {
  const json = join(tempDir('grulab-bench-m4-'), 'bench-m4.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'bench', 'm4-bench.ts'), '--only', 'weekly', '--series', '12', '--set', 'epochs=1', '--json', json], { encoding: 'utf8', cwd: projectRoot, timeout: 280_000 });
  assert.equal(r.status, 0, r.stderr);
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? '').trim().split(' ')[0];
  assert.match(r.stdout, new RegExp(`^Weekly: 12 series, horizon 13, season 1; ${cpu}`, 'm'));
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| method') && !l.startsWith('| M4 published'));
  assert.ok(rows.length >= 6, r.stdout);
  for (const row of rows) {
    const owa = Number(row.split('|')[4].trim().split(' ')[0]);
    assert.ok(Number.isFinite(owa) && owa > 0 && owa < 5, row);
  }
  assert.match(r.stdout, /^\| Naive2 \| [\d.]+ \| [\d.]+ \| 1\.000 \|/m);
  assert.match(r.stdout, /^\| M4 published \(full set\): ES-RNN \(Smyl; submission 118, 1st\) \| 7\.817 \|/m);
  const runs = JSON.parse(readFileSync(json, 'utf8')) as { runs?: unknown[] } | unknown[];
  assert.equal((Array.isArray(runs) ? runs : (runs.runs ?? [])).length, 1);
});
