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

/** The connection file a kernel was started with (its environment names it). */
function connectionFileOf(kernelPid: number): string {
  const environ = fs.readFileSync(`/proc/${kernelPid}/environ`, 'utf8').split('\0');
  const entry = environ.find((line) => line.startsWith('GRULAB_CONNECTION_FILE='));
  assert.ok(entry !== undefined, 'the kernel was given its connection file in GRULAB_CONNECTION_FILE');
  return entry.slice('GRULAB_CONNECTION_FILE='.length);
}

/** Starts the runner on `name` (a fixture whose second cell runs long), resolving once that cell runs. */
async function startLongRun(name: string, args: string[] = []) {
  const { child, out } = startRunner([name, ...args], { dir: fixtures });
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

/** Starts the runner on a notebook whose second cell waits a minute, resolving once that cell runs. */
const startSlowRun = () => startLongRun('slow');

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

test('SIGKILL of the runner while a cell blocks the event loop (while (true) {}) ends the kernel and removes its connection file', async () => {
  const run = await startLongRun('busy-loop', ['--timeout', '600', '--no-trust']);
  const pid = run.child.pid as number;
  const [kernel] = kernelsOf(pid);
  assert.ok(kernel !== undefined, 'one kernel runs the notebook');
  const connectionFile = connectionFileOf(kernel);
  assert.ok(fs.existsSync(connectionFile), 'the connection file exists while the kernel runs');
  run.child.kill('SIGKILL');
  await run.exited;
  const killed = Date.now();
  const bound = 5_000;
  while (kernelsOf(pid).length > 0 && Date.now() - killed < bound) await sleep(100);
  const left = kernelsOf(pid);
  // an orphan this test made must not spin on after a failure
  for (const orphan of left) process.kill(orphan, 'SIGKILL');
  assert.deepEqual(left, [], `the kernel is gone within ${bound / 1000} s of its runner`);
  console.log(`# busy kernel gone ${Date.now() - killed} ms after its runner was killed`);
  const removed = !fs.existsSync(connectionFile);
  fs.rmSync(connectionFile, { force: true });
  assert.ok(removed, `its connection file (with the signing key) was removed: ${connectionFile}`);
});

test('a notebook with a cell lacking "metadata" is reported invalid, and the run goes on', () => {
  const { status, stdout, stderr } = run(['bad-cell-metadata', 'compile-error']);
  assert.equal(status, 1, stderr);
  assert.match(stderr, /bad-cell-metadata\.ipynb: invalid/);
  assert.match(stderr, /bad-cell-metadata\.ipynb is not a valid notebook: cell 2 has no "metadata" object \(nbformat 4 requires it\)/);
  assert.match(stdout, /bad-cell-metadata\.ipynb .*│ invalid/, 'in the summary');
  assert.match(stdout, /compile-error\.ipynb .*│ failed \(cell 2\)/, 'the next notebook ran');
});
