/**
 * The runner when things go wrong: broken notebooks, failing and hung cells, dying
 * kernels, Ctrl-C and SIGKILL. Each case runs the real CLI on fixtures in
 * test/fixtures/robustness/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRunner, startRunner } from '../helpers/notebooks';
import { fixturePath } from '../helpers/paths';

const fixtures = fixturePath('robustness');

const run = (args: string[]) => runRunner(args, { dir: fixtures, timeoutMs: 120_000 });

/** Kernels still alive that were started by the runner with this pid (their environment says so). */
function kernelsOf(runnerPid: number): number[] {
  const alive: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      const status = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const zombie = status.split(') ')[1]?.startsWith('Z');
      if (!zombie && environ.split('\0').includes(`GRULAB_RUNNER_PID=${runnerPid}`)) alive.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return alive;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the runner on a notebook whose second cell waits a minute, resolving once that cell runs. */
async function startSlowRun() {
  const { child, out } = startRunner(['slow'], { dir: fixtures });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!/cell 2\/2/.test(stderr) && Date.now() < deadline) await sleep(100);
  await sleep(500);
  return { child, out, exited, output: () => ({ stdout, stderr }) };
}

test('a notebook that is not JSON is reported by file name', () => {
  const { status, stderr } = run(['not-json']);
  assert.equal(status, 1);
  assert.match(stderr, /not-json\.ipynb is not a notebook: its JSON does not parse/);
});

test('an nbformat 3 notebook is reported with how to convert it', () => {
  const { status, stderr } = run(['nbformat3']);
  assert.equal(status, 1);
  assert.match(stderr, /nbformat3\.ipynb is nbformat 3; the runner reads nbformat 4.*nbconvert/);
});

test('a TypeScript error names the cell and the line in it', () => {
  const { status, stderr } = run(['compile-error']);
  assert.equal(status, 1);
  assert.match(stderr, /cell 2: 2:5 - Type 'string' is not assignable to type 'number'/);
});

test('a kernel that exits mid-notebook is reported and the run goes on', () => {
  const { status, stdout, stderr } = run(['kernel-exit', 'compile-error']);
  assert.equal(status, 1);
  assert.match(stderr, /kernel-exit\.ipynb: died/);
  assert.match(stderr, /cell 2: the kernel died/);
  assert.match(stdout, /compile-error\.ipynb/, 'the next notebook still ran');
});

test('a busy loop that ignores interrupts is stopped by the timeout', () => {
  const started = Date.now();
  const { status, stderr } = run(['busy-loop', '--timeout', '1']);
  assert.equal(status, 1);
  assert.match(stderr, /busy-loop\.ipynb: timeout/);
  assert.ok(Date.now() - started < 120_000, 'stopped by the 1 s limit, not the default 1800 s');
});

test('Ctrl-C interrupts the cell, shuts the kernel down, prints what completed, exits non-zero', async () => {
  const run = await startSlowRun();
  assert.equal(kernelsOf(run.child.pid as number).length, 1, 'one kernel runs the notebook');
  run.child.kill('SIGINT');
  const code = await run.exited;
  const { stdout } = run.output();
  assert.equal(code, 130);
  assert.match(stdout, /slow\.ipynb.*interrupted \(cell 2\)/);
  assert.match(stdout, /interrupted; completed: none/);
  await sleep(500);
  assert.deepEqual(kernelsOf(run.child.pid as number), [], 'no kernel is left running');
  const written = JSON.parse(fs.readFileSync(path.join(run.out, 'slow.ipynb'), 'utf8')) as { cells: unknown[] };
  assert.equal(written.cells.length, 2, 'the partial notebook was written whole');
});

test('SIGKILL of the runner leaves no orphan kernel and no truncated output', async () => {
  const run = await startSlowRun();
  const pid = run.child.pid as number;
  assert.equal(kernelsOf(pid).length, 1);
  run.child.kill('SIGKILL');
  await run.exited;
  const deadline = Date.now() + 10_000;
  while (kernelsOf(pid).length > 0 && Date.now() < deadline) await sleep(200);
  assert.deepEqual(kernelsOf(pid), [], 'the kernel exits when its runner is gone');
  for (const name of fs.readdirSync(run.out)) {
    assert.ok(!name.endsWith('.tmp'), `no temporary file left: ${name}`);
    JSON.parse(fs.readFileSync(path.join(run.out, name), 'utf8'));
  }
});
