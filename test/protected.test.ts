/**
 * The guard that keeps notebooks/ and datasets/ unwritten (test/setup/protected.ts, loaded by
 * `npm test` into every test file) catches a write: a child test run that writes a dataset
 * fails with the guard's message. The child works on a copy of the two folders
 * (`GRULAB_PROTECTED_ROOT`), so the real ones are never touched, even for a moment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from './helpers/paths';
import { tempDir } from './helpers/temp-dir';

function runGuarded(root: string, body: string): ReturnType<typeof spawnSync> {
  const file = path.join(root, 'case.test.ts');
  fs.writeFileSync(file, `import { test } from 'node:test';\nimport * as fs from 'node:fs';\ntest('case', () => { ${body} });\n`);
  // A test run of its own: without NODE_TEST_CONTEXT, which tells node --test that it runs inside another run.
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(projectRoot, 'test', 'setup', 'protected.ts'), '--test', file], {
    cwd: projectRoot, encoding: 'utf8', env: { ...env, GRULAB_PROTECTED_ROOT: root },
  });
}

test('a test file that writes datasets/ fails, naming the protected folders; one that only reads passes', () => {
  const root = tempDir('grulab-protected-');
  fs.mkdirSync(path.join(root, 'notebooks'));
  fs.mkdirSync(path.join(root, 'datasets'));
  const data = path.join(root, 'datasets', 'series.csv');
  fs.writeFileSync(data, 'date,value\n2020-01-01,1\n');
  const reads = runGuarded(root, `fs.readFileSync(${JSON.stringify(data)});`);
  assert.equal(reads.status, 0, String(reads.stdout));
  const writes = runGuarded(root, `fs.appendFileSync(${JSON.stringify(data)}, '2020-01-02,2\\n');`);
  assert.notEqual(writes.status, 0, String(writes.stdout) + String(writes.stderr));
  assert.match(String(writes.stdout), /notebooks\/ and datasets\/ changed while this test file ran/);
});
