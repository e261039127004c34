/**
 * Runs notebooks through the real runner CLI (dist/cli/notebooks-command.js) for tests, and reads
 * the executed copies back. The one place tests spawn the runner.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './temp-dir';

export { projectRoot } from './paths';
import { projectRoot } from './paths';
/** The compiled runner CLI (`npm run notebooks`). */
export const runnerCli = path.join(projectRoot, 'dist', 'cli', 'notebooks-command.js');

/** An output of an executed cell. */
export interface ExecutedOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

/** A cell of an executed notebook. */
export interface ExecutedCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  execution_count?: number | null;
  outputs?: ExecutedOutput[];
}

/** An executed notebook. */
export interface ExecutedNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: ExecutedCell[];
}

/** A runner invocation's exit status, output and executed notebooks. */
export interface RunnerRun {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
  read(name: string): ExecutedNotebook;
}

/** Joins nbformat multi-line text. */
export function joinText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('') : value ?? '';
}

/** The command line of a runner invocation: `--dir` (default notebooks/), a fresh `--out` folder (removed when the test file ends), then `args`. */
function runnerArgs(args: string[], dir: string | undefined): { argv: string[]; out: string } {
  const out = tempDir('grulab-nb-');
  return { argv: [runnerCli, '--dir', dir ?? path.join(projectRoot, 'notebooks'), '--out', out, ...args], out };
}

/**
 * Runs the runner CLI with `args` (prefixes, `-p`, `--timeout`; `--dir` defaults to
 * notebooks/) and an output folder of its own, and waits for it to exit.
 */
export function runRunner(args: string[], options: { dir?: string; timeoutMs?: number } = {}): RunnerRun {
  const { argv, out } = runnerArgs(args, options.dir);
  const result = spawnSync(process.execPath, argv, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    out,
    read: (name) => JSON.parse(fs.readFileSync(path.join(out, name), 'utf8')) as ExecutedNotebook,
  };
}

/** Starts the runner CLI as {@link runRunner} does, without waiting: for tests that signal it. */
export function startRunner(args: string[], options: { dir?: string } = {}): { child: ChildProcessWithoutNullStreams; out: string } {
  const { argv, out } = runnerArgs(args, options.dir);
  return { child: spawn(process.execPath, argv, { stdio: 'pipe' }), out };
}

/** Everything a notebook printed (stdout and stderr streams and text/plain), in order, each output on its own lines. */
export function printedText(notebook: ExecutedNotebook): string {
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => (output.output_type === 'stream' ? joinText(output.text) : joinText(output.data?.['text/plain'] as string | string[] | undefined)))
    // A display's text (a progress line, say) need not end its line: keep outputs apart.
    .map((text) => (text.endsWith('\n') || text === '' ? text : `${text}\n`))
    .join('');
}

/** The error outputs and stderr text of a notebook's cells, for assertion messages. */
export function errorsOf(notebook: ExecutedNotebook): string[] {
  return notebook.cells.flatMap((cell, i) =>
    (cell.outputs ?? [])
      .filter((o) => o.output_type === 'error')
      .map((o) => `cell ${i + 1}: ${JSON.stringify(o)}`),
  );
}

/** The number printed right after `label` (fails the test when `label` was not printed). */
export function numberAfter(text: string, label: string): number {
  const at = text.indexOf(label);
  assert.ok(at >= 0, `'${label}' was not printed`);
  return Number.parseFloat(text.slice(at + label.length));
}
