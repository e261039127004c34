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
 * notebooks/) and an output folder of its own (a later `--out` in `args` wins), and waits
 * for it to exit. `commandPrefix` runs it through another command (`setpriv ...`).
 */
export function runRunner(args: string[], options: { dir?: string; timeoutMs?: number; commandPrefix?: string[] } = {}): RunnerRun {
  const { argv, out } = runnerArgs(args, options.dir);
  const [command, ...rest] = [...(options.commandPrefix ?? []), process.execPath, ...argv];
  const result = spawnSync(command, rest, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20 * 60_000,
    // a runner stuck in a synchronous call cannot run its SIGTERM handler: end it for sure
    killSignal: 'SIGKILL',
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

/** One sample of a printed `compareSamples` sentence: its name, centre and interval, as printed. */
export interface PrintedSample {
  name: string;
  center: number;
  low: number;
  high: number;
}

/** A `compareSamples` sentence read back from a notebook's output. */
export interface PrintedComparison {
  line: string;
  metric: string;
  center: 'mean' | 'median';
  count: number;
  samples: PrintedSample[];
  /** The name the verdict puts first. */
  leader: string;
  /** `'apart'`, `'within noise'` or `'no spread'`, as the sentence says. */
  verdict: 'apart' | 'within noise' | 'no spread';
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;

/**
 * Reads the `compareSamples` sentence that follows `label` in the printed text, on the first line
 * that also includes `alsoIncludes` (fails the test when there is none), and checks that it says what its own numbers say: the leader has the best
 * printed centre in the `better` direction, and "within noise" appears exactly when the
 * leader's printed interval touches another's.
 */
export function printedComparison(text: string, label: string, better: 'lower' | 'higher', alsoIncludes = ''): PrintedComparison {
  const line = text.split('\n').find((l) => l.includes(label) && l.includes(alsoIncludes) && / over \d+ [^:]+: /.test(l.slice(l.indexOf(label))));
  assert.ok(line !== undefined, `no comparison sentence after '${label}' was printed`);
  const rest = line.slice(line.indexOf(label));
  const head = new RegExp(`^(.*?), (mean ± standard deviation|median \\[interquartile range\\]) over (\\d+) ([^:]+): (.*)$`).exec(rest);
  assert.ok(head, `not a comparison sentence: ${line}`);
  const [, metric, centerWords, count, , body] = head;
  const center = centerWords.startsWith('mean') ? 'mean' : 'median';
  const split = body.indexOf('; ');
  assert.ok(split > 0, `no verdict in: ${line}`);
  const [list, verdictText] = [body.slice(0, split), body.slice(split + 2)];
  const item = center === 'mean'
    ? new RegExp(`(.+?) (${NUMBER}) ± (${NUMBER})(?:, |$)`, 'g')
    : new RegExp(`(.+?) (${NUMBER}) \\[(${NUMBER}), (${NUMBER})\\](?:, |$)`, 'g');
  const samples: PrintedSample[] = [...list.matchAll(item)].map((m) => {
    const c = Number(m[2]);
    return center === 'mean'
      ? { name: m[1], center: c, low: c - Number(m[3]), high: c + Number(m[3]) }
      : { name: m[1], center: c, low: Number(m[3]), high: Number(m[4]) };
  });
  assert.ok(samples.length >= 2, `fewer than two samples read from: ${list}`);
  const leader = [...samples].sort((a, b) => b.name.length - a.name.length).find((s) => verdictText.startsWith(`${s.name} `));
  const verdict = verdictText.includes('no spread') ? 'no spread' : verdictText.includes('within noise') ? 'within noise' : 'apart';
  if (verdict !== 'no spread') {
    assert.ok(leader !== undefined, `the verdict names none of the samples: ${line}`);
    const best = better === 'lower' ? Math.min(...samples.map((s) => s.center)) : Math.max(...samples.map((s) => s.center));
    assert.equal(leader.center, best, `the verdict puts ${leader.name} first, whose printed centre is not the best (${better} is better): ${line}`);
    // The gap between the leader's interval and the nearest other one (negative: they overlap). Printed
    // numbers are rounded, so a gap within rounding of 0 cannot be checked from the text.
    const gap = Math.min(...samples.filter((s) => s !== leader).map((s) => Math.max(leader.low - s.high, s.low - leader.high)));
    const rounding = 0.01 * Math.max(...samples.flatMap((s) => [Math.abs(s.low), Math.abs(s.high)]));
    if (Math.abs(gap) > rounding) {
      const touches = gap <= 0;
      assert.equal(verdict === 'within noise', touches, `the verdict says '${verdict}' but the printed intervals ${touches ? 'touch' : 'are apart'}: ${line}`);
    }
  }
  return { line, metric, center, count: Number(count), samples, leader: leader?.name ?? '', verdict };
}
