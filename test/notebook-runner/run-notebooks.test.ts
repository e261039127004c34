/**
 * The notebook runner, tried as a user runs it: the real CLI (`npm run notebooks`
 * compiled to dist/cli/notebooks-command.js) executing fixture notebooks in real tslab kernels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { joinText, runnerCli, runRunner, type ExecutedNotebook } from '../helpers/notebooks';
import { fixturePath } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';
import { readOnlyFolder, unprivileged } from '../helpers/unprivileged';

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

/** The injected cells of an executed notebook. */
const injectedCells = (nb: ExecutedNotebook) => nb.cells.filter((cell) => cell.metadata.tags?.includes('injected-parameters'));

test('re-running an executed copy with -p replaces its injected cell: the value given is the value that runs', () => {
  const first = run(['basic', '-p', 'repeats=3', '--no-trust']);
  assert.equal(first.status, 0, first.stderr);
  const again = runRunner(['basic', '-p', 'repeats=1', '--no-trust'], { dir: first.out, timeoutMs: 120_000 });
  assert.equal(again.status, 0, again.stderr);
  const nb = again.read('basic.ipynb');
  assert.deepEqual(injectedCells(nb).map((cell) => text(cell.source)), ['// Parameters injected by the runner (-p)\nconst repeats = 1;']);
  assert.equal(nb.cells.findIndex((cell) => cell.metadata.tags?.includes('injected-parameters')), 2, 'in the earlier cell\'s place, after the parameters cell');
  assert.equal(text(code(nb)[2].outputs?.[0].text), 'hello 0\n', 'the loop ran once, as -p asked');
  assert.deepEqual((nb.metadata.grulab_runner as { parameters: unknown }).parameters, { repeats: 1 });
  assert.match(again.stderr, /note: replaced the injected-parameters cell of an earlier run \(repeats=3\) with -p repeats=1/);
});

test('re-running an executed copy without -p keeps its injected cell and records the values it sets', () => {
  const first = run(['basic', '-p', 'repeats=3', '--no-trust']);
  const again = runRunner(['basic', '--no-trust'], { dir: first.out, timeoutMs: 120_000 });
  assert.equal(again.status, 0, again.stderr);
  const nb = again.read('basic.ipynb');
  assert.equal(injectedCells(nb).length, 1);
  assert.equal(text(code(nb)[2].outputs?.[0].text), 'hello 0\nhello 1\nhello 2\n');
  assert.deepEqual((nb.metadata.grulab_runner as { parameters: unknown }).parameters, { repeats: 3 });
});

test('an --out that is the --dir folder (also through a symbolic link) is refused before anything runs', () => {
  const dir = tempDir('grulab-same-');
  fs.copyFileSync(path.join(fixtures, 'basic.ipynb'), path.join(dir, 'basic.ipynb'));
  fs.symlinkSync(dir, `${dir}-link`);
  const before = fs.readFileSync(path.join(dir, 'basic.ipynb'), 'utf8');
  for (const out of [dir, `${dir}-link/`]) {
    const { status, stderr } = runRunner(['basic', '--out', out, '--no-trust'], { dir, timeoutMs: 120_000 });
    assert.equal(status, 2, stderr);
    assert.match(stderr, /error: --out \S+ is the folder of the source notebooks \(--dir\): the executed copies would overwrite them; choose another --out/);
    assert.doesNotMatch(stderr, /notebook 1\/1/, 'no notebook ran');
  }
  fs.rmSync(`${dir}-link`);
  assert.equal(fs.readFileSync(path.join(dir, 'basic.ipynb'), 'utf8'), before, 'the source notebook is unchanged');
});

test('-p values are checked against the types the parameters cell declares, naming parameter, value and type', () => {
  const cases: Array<[string, RegExp]> = [
    ['epochs=1e999', /-p epochs=1e999: typed-parameters\.ipynb declares epochs as a number \(`epochs = 7`\); '1e999' is not a finite number/],
    ['epochs=abc', /-p epochs=abc: typed-parameters\.ipynb declares epochs as a number \(`epochs = 7`\); 'abc' is not a finite number/],
    ['epochs=', /-p epochs=: .* as a number .*'' is not a finite number/],
    ['loud=yes', /-p loud=yes: typed-parameters\.ipynb declares loud as a boolean \(`loud = false`\); expected true or false, got 'yes'/],
    ['sizes=[3]', /-p sizes=\[3\]: typed-parameters\.ipynb declares sizes with `sizes = \[1, 2\]`, which is not a number, string or boolean literal nor annotated as one; -p sets only those/],
  ];
  for (const [parameter, message] of cases) {
    const started = Date.now();
    const { status, stderr } = run(['typed', '-p', parameter]);
    assert.equal(status, 2, `${parameter}: ${stderr}`);
    assert.match(stderr, message);
    assert.doesNotMatch(stderr, /notebook 1\/1/, `${parameter}: no notebook ran`);
    assert.ok(Date.now() - started < 30_000);
  }
});

test('-p values that fit run with their declared types: a number, a boolean, a string that looks like a number', () => {
  const { status, stderr, read } = run(['typed', '-p', 'epochs=-2.5e1', '-p', 'loud=true', '-p', 'label=42', '--no-trust']);
  assert.equal(status, 0, stderr);
  const nb = read('typed-parameters.ipynb');
  assert.equal(text(code(nb)[2].outputs?.[0].text), '[-25,true,"42",[1,2]]\n');
  assert.deepEqual((nb.metadata.grulab_runner as { parameters: unknown }).parameters, { epochs: -25, loud: true, label: '42' });
});

test('--timeout Infinity, or a value past what a timer can wait (2,147,484 s), means no limit', () => {
  for (const timeout of ['Infinity', '2147484', '1e12']) {
    const { status, stdout, stderr } = run(['basic', '--timeout', timeout, '--no-trust']);
    assert.equal(status, 0, `--timeout ${timeout}: ${stderr}`);
    assert.match(stdout, /basic\.ipynb.*│ 4\/4 .*│ ok/);
  }
});

test('an impossible --out is an error before any notebook runs (Node\'s recursive mkdir would spin forever on it)', () => {
  const file = path.join(tempDir('grulab-file-'), 'a-file');
  fs.writeFileSync(file, '');
  for (const [out, reason] of [['/proc/grulab-out/sub', /ENOENT/], [path.join(file, 'sub'), /ENOTDIR/]] as const) {
    const started = Date.now();
    const { status, stderr } = runRunner(['basic', 'failing', '--out', out], { dir: fixtures, timeoutMs: 60_000 });
    assert.equal(status, 2, `${out}: ${stderr}`);
    assert.match(stderr, new RegExp(`error: --out ${out.replace(/[/.]/g, '\\$&')} cannot be written: ${reason.source}`));
    assert.doesNotMatch(stderr, /notebook 1\/2/, 'no notebook ran');
    assert.ok(Date.now() - started < 30_000, `${out}: answered in ${Date.now() - started} ms`);
  }
});

const nobody = unprivileged([runnerCli, path.join(fixtures, 'basic.ipynb')]);

test('an --out the user may not write is an error before any notebook runs', { skip: typeof nobody === 'string' && process.env.CI === undefined ? nobody : false }, () => {
  assert.ok(typeof nobody !== 'string', nobody as string);
  const readOnly = readOnlyFolder(tempDir('grulab-ro-'));
  for (const out of [readOnly, path.join(readOnly, 'sub')]) {
    const started = Date.now();
    const { status, stderr } = runRunner(['basic', 'failing', '--out', out, '--no-trust'], { dir: fixtures, timeoutMs: 120_000, commandPrefix: nobody.commandPrefix });
    assert.equal(status, 2, `${out} as ${nobody.user}: ${stderr}`);
    assert.match(stderr, new RegExp(`error: --out ${out.replace(/[/.]/g, '\\$&')} cannot be written: EACCES: permission denied`));
    assert.doesNotMatch(stderr, /notebook 1\/2/, 'no notebook ran');
    assert.ok(Date.now() - started < 30_000);
  }
  assert.deepEqual(fs.readdirSync(readOnly), [], 'nothing was left in the folder');
});
