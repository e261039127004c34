/**
 * The notebook runner, tried as a user runs it: the real CLI (`npm run notebooks`
 * compiled to dist/cli/notebooks-command.js) executing fixture notebooks in real tslab kernels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { joinText, runRunner, type ExecutedNotebook } from '../helpers/notebooks';
import { fixturePath } from '../helpers/paths';

const fixtures = fixturePath('runner');

function run(args: string[], timeoutMs = 120_000) {
  return runRunner(args, { dir: fixtures, timeoutMs });
}

const text = joinText;
const code = (nb: ExecutedNotebook) => nb.cells.filter((cell) => cell.cell_type === 'code');

test('a notebook runs in a real tslab kernel: streams, display data, execution counts', () => {
  const { status, stdout, read } = run(['basic']);
  assert.equal(status, 0, stdout);
  const nb = read('basic.ipynb');
  assert.equal(nb.nbformat, 4);
  assert.ok(nb.nbformat_minor >= 5);
  assert.ok(nb.cells.every((cell) => typeof cell.id === 'string' && cell.id.length > 0), 'every cell has an id');
  const cells = code(nb);
  assert.deepEqual(cells.map((cell) => cell.execution_count), [1, 2, 3, 4]);
  assert.deepEqual(cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: 'hello 0\nhello 1\n' }]);
  assert.deepEqual(cells[2].outputs?.map((o) => [o.output_type, Object.keys(o.data ?? {})]), [['display_data', ['text/html']]]);
  assert.deepEqual(
    cells[3].outputs?.map((o) => [o.name, text(o.text)]),
    [['stderr', 'to stderr\n'], ['stdout', '42\n']],
  );
  assert.match(stdout, /basic\.ipynb.*│ 4\/4 .*│ ok/);
  // each code cell records when it ran, as nbclient does (JupyterLab's "Record cell timing" reads it)
  for (const cell of cells) {
    const timing = (cell.metadata as { execution?: Record<string, string> }).execution;
    assert.ok(timing !== undefined, 'execution timestamps recorded');
    assert.ok(Date.parse(timing['shell.execute_reply']) >= Date.parse(timing['iopub.execute_input']), JSON.stringify(timing));
  }
});

test('-p injects a parameters cell after the tagged one, recorded in the output', () => {
  const { status, read } = run(['basic', '-p', 'repeats=3', '-p', 'greeting=hi']);
  assert.equal(status, 0);
  const nb = read('basic.ipynb');
  const injected = nb.cells.findIndex((cell) => cell.metadata.tags?.includes('injected-parameters'));
  assert.equal(nb.cells[injected - 1].metadata.tags?.includes('parameters'), true);
  assert.match(text(nb.cells[injected].source), /const repeats = 3;\nconst greeting = "hi";/);
  assert.equal(text(code(nb)[2].outputs?.[0].text), 'hi 0\nhi 1\nhi 2\n');
});

test('an unknown -p name is an error naming it and the parameters that exist', () => {
  const { status, stderr } = run(['basic', '-p', 'epochz=1']);
  assert.equal(status, 2);
  assert.match(stderr, /unknown parameter 'epochz'.*greeting, repeats/);
});

test('a failing cell gives a non-zero exit naming notebook, cell and error; later notebooks still run', () => {
  const { status, stdout, stderr, read } = run(['failing', 'basic']);
  assert.equal(status, 1);
  assert.match(stderr, /failing\.ipynb: failed/);
  assert.match(stderr, /cell 2: [\s\S]*boom in cell two/);
  assert.match(stdout, /failing\.ipynb.*failed \(cell 2\)/);
  assert.match(stdout, /basic\.ipynb.*│ ok/);
  const nb = read('failing.ipynb');
  assert.equal(code(nb)[2].execution_count, null, 'cells after the failure are not run');
});

test('a hung cell is interrupted by --timeout and reported', () => {
  const started = Date.now();
  const { status, stderr } = run(['hang', '--timeout', '2']);
  assert.equal(status, 1);
  assert.match(stderr, /hang\.ipynb: timeout/);
  assert.match(stderr, /cell 2: the cell ran longer than 2 s/);
  assert.ok(Date.now() - started < 120_000, 'the runner did not wait for the hung cell (the default limit is 1800 s)');
});

test('source notebooks are never written', () => {
  const before = fs.readFileSync(path.join(fixtures, 'basic.ipynb'), 'utf8');
  run(['basic', '-p', 'repeats=1']);
  assert.equal(fs.readFileSync(path.join(fixtures, 'basic.ipynb'), 'utf8'), before);
});
