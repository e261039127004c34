/**
 * Atomic writes leave nothing behind: a rename that fails removes its temporary files, and
 * the temporary file of a writer killed by a real SIGKILL between its write and its rename
 * is removed by the next write of the same file (only one of our own naming, whose process
 * is gone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stageFiles, writeFileAtomic, writeFilesAtomic } from '../../src/base/atomic-write';
import { projectRoot } from '../helpers/notebooks';
import { tempDir } from '../helpers/temp-dir';

const temporaries = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')).sort();

test('a writer SIGKILLed between write and rename leaves a temporary file that the next write removes', async () => {
  const dir = tempDir('grulab-atomic-');
  const file = path.join(dir, 'weights.bin');
  // The child stages 5 MB (as a model save does), says so, and waits to be killed.
  const script = `
    const { stageFiles } = require('./src/base/atomic-write');
    stageFiles([[${JSON.stringify(file)}, Buffer.alloc(5 * 1024 * 1024, 7)]]);
    process.stdout.write('staged\\n');
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('staged') && resolve());
    child.on('exit', (code) => reject(new Error(`the writer exited (${code}) before staging`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const left = `.weights.bin.${child.pid}.tmp`;
  assert.deepEqual(temporaries(dir), [left], 'the killed writer left its temporary file');
  assert.equal(fs.statSync(path.join(dir, left)).size, 5 * 1024 * 1024);
  // Another process's temporary file that is still running (pid 1), and a file of another
  // name and of a form that is not ours, are left alone.
  const alive = '.weights.bin.1.tmp';
  const others = ['.weights.bin.backup.tmp', '.other.bin.999999.tmp'];
  for (const name of [alive, ...others]) fs.writeFileSync(path.join(dir, name), '');
  writeFileAtomic(file, 'new weights');
  assert.equal(fs.readFileSync(file, 'utf8'), 'new weights');
  assert.deepEqual(temporaries(dir), [alive, ...others].sort(), `the dead writer's temporary file is gone, nothing else`);
});

test('a rename that fails removes the temporary files it did not rename; the destinations stay as they were', () => {
  const dir = tempDir('grulab-atomic-');
  const first = path.join(dir, 'a.json');
  const blocked = path.join(dir, 'b.json');
  fs.writeFileSync(first, 'old a');
  fs.mkdirSync(blocked); // a folder where the file should go: its rename fails (EISDIR)
  assert.throws(() => writeFileAtomic(blocked, 'b'), /EISDIR|ENOTEMPTY|EEXIST/);
  assert.deepEqual(temporaries(dir), []);
  fs.writeFileSync(path.join(blocked, 'keep'), '');
  assert.throws(() => writeFilesAtomic([[blocked, 'b'], [first, 'new a']]), /EISDIR|ENOTEMPTY|EEXIST/);
  assert.equal(fs.readFileSync(first, 'utf8'), 'old a', 'a later file is not renamed after a failure');
  assert.deepEqual(temporaries(dir), [], 'no temporary file left');
  const staged = stageFiles([[first, 'staged a']]);
  staged.discard();
  assert.deepEqual(temporaries(dir), []);
});
