#!/usr/bin/env node
/**
 * `npm run notebooks [-- PREFIX...] [-p name=value]... [--timeout SECONDS] [--out DIR]`
 *
 * Executes the lesson notebooks in fresh tslab kernels, shows progress, prints a summary
 * table, and exits non-zero when any notebook failed.
 */
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { table } from 'table';
import { splitParameter } from '../notebook-runner/parameters';
import { runNotebooks, type NotebookResult, type RunEvent } from '../notebook-runner/run-notebooks';
import { signNotebooks } from '../notebook-runner/trust';
import { MAX_TIMER_MS } from '../notebook-runner/kernel-client';
import { findChromium, NO_CHROMIUM } from '../notebook-runner/static-images';
import { findKernelSpec, KERNEL_NAME, type KernelSpec } from '../notebook-runner/kernelspec';

const projectRoot = path.resolve(__dirname, '..', '..');

interface CliOptions {
  param: Record<string, string>;
  timeout: number;
  out: string;
  dir: string;
  trust: boolean;
  staticImages: boolean;
  kernel: string;
}

function collectParameter(text: string, all: Record<string, string>): Record<string, string> {
  try {
    const [name, value] = splitParameter(text);
    return { ...all, [name]: value };
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** `--timeout`: a positive number of seconds; `Infinity`, or more than a timer can wait (24.8 days), means no limit. */
function positiveSeconds(text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new InvalidArgumentError(`expected a positive number of seconds (or Infinity for no limit), got '${text}'`);
  return value * 1000 > MAX_TIMER_MS ? Infinity : value;
}

/** Shows progress: a bar redrawn in place on a terminal, one line per cell in a log. */
function progressDisplay(): { onEvent: (event: RunEvent) => void; stop: () => void } {
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: 'notebook {index}/{count} {name} [{bar}] cell {value}/{total} | {elapsed}s',
    stream: process.stderr,
    hideCursor: true,
  });
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
  const onEvent = (event: RunEvent) => {
    if (event.kind === 'notebook-start') {
      started = Date.now();
      if (tty) {
        bar.start(event.codeCells, 0, { index: event.index, count: event.count, name: event.name, elapsed: '0.0' });
        timer = setInterval(() => bar.update({ elapsed: elapsed() }), 500);
      } else {
        process.stderr.write(`notebook ${event.index}/${event.count} ${event.name}: ${event.codeCells} code cells\n`);
      }
    } else if (event.kind === 'cell-start') {
      if (tty) bar.update(event.cell - 1, { elapsed: elapsed() });
      else process.stderr.write(`  cell ${event.cell}/${event.codeCells} (${(event.elapsedMs / 1000).toFixed(1)} s)\n`);
    } else {
      if (tty) {
        clearInterval(timer);
        bar.update(event.result.executedCells, { elapsed: elapsed() });
        bar.stop();
      }
      const { result } = event;
      const line = `${result.name}: ${result.status} in ${result.seconds.toFixed(1)} s`;
      process.stderr.write(`${line}\n`);
      if (result.failure) {
        const where = result.failure.cellIndex === undefined ? '' : `cell ${result.failure.cellIndex}: `;
        process.stderr.write(`  ${where}${result.failure.message.replace(/\n/g, '\n  ')}\n`);
      }
      for (const note of result.notes ?? []) process.stderr.write(`  note: ${note}\n`);
    }
  };
  return { onEvent, stop: () => (clearInterval(timer), bar.stop()) };
}

function summary(results: NotebookResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${r.executedCells}/${r.codeCells}`,
    r.seconds.toFixed(1),
    r.failure?.cellIndex !== undefined ? `${r.status} (cell ${r.failure.cellIndex})` : r.status,
  ]);
  return table([['notebook', 'cells', 'seconds', 'status'], ...rows]);
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run notebooks --')
    .description('Run the lesson notebooks in fresh kernels (tslab unless --kernel); executed copies go to --out.')
    .argument('[prefixes...]', 'run only notebooks whose file name starts with one of these (e.g. 04)')
    .option('-p, --param <name=value>', "override a value of the notebook's parameters cell (repeatable)", collectParameter, {})
    .option('--timeout <seconds>', 'time limit per cell; a cell over it is interrupted (Infinity, or 2147484 and up: no limit)', positiveSeconds, 1800)
    .option('--out <dir>', 'folder for the executed notebooks', path.join(projectRoot, 'out', 'notebooks'))
    .option('--dir <dir>', 'folder of the source notebooks', path.join(projectRoot, 'notebooks'))
    .option('--static-images', 'add a PNG picture of every chart (drawn by headless Chromium) for viewers that run no scripts')
    .option('--no-trust', "do not sign the executed copies with Jupyter's notebook trust (jupyter trust)")
    .option('--kernel <name>', "the kernel to run them in: this project's tslab, or one registered with Jupyter (deno after deno jupyter --install)", KERNEL_NAME)
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv);
  } catch (err) {
    // commander has printed the message (or the help): exit 2 on a bad argument, as the README says
    return err instanceof CommanderError && err.exitCode === 0 ? 0 : 2;
  }
  const options = program.opts<CliOptions>();
  const prefixes = program.args;

  const chromium = options.staticImages ? findChromium() : undefined;
  if (options.staticImages && chromium === undefined) {
    process.stderr.write(`error: ${NO_CHROMIUM}\n`);
    return 2;
  }
  let kernel: KernelSpec;
  try {
    kernel = findKernelSpec(options.kernel);
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 2;
  }

  const abort = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\ninterrupting the running cell and shutting the kernel down (Ctrl-C again to quit at once)\n');
    abort.abort();
  });
  process.on('SIGTERM', () => abort.abort());

  const display = progressDisplay();
  let results: NotebookResult[];
  try {
    results = await runNotebooks({
      notebooksDir: path.resolve(options.dir),
      outDir: path.resolve(options.out),
      prefixes,
      parameters: options.param,
      timeoutMs: options.timeout * 1000,
      onEvent: display.onEvent,
      signal: abort.signal,
      staticImagesWith: chromium,
      kernel,
    });
  } catch (err) {
    display.stop();
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 2;
  }
  display.stop();
  process.stdout.write(summary(results));
  const written = results.flatMap((r) => (r.outFile ? [r.outFile] : []));
  // Jupyter runs the charts' scripts only in notebooks it trusts: sign what was written.
  if (options.trust && written.length > 0) process.stdout.write(`${signNotebooks(written).message}\n`);
  const failed = results.filter((r) => r.status !== 'ok');
  if (abort.signal.aborted) {
    const done = results.filter((r) => r.status === 'ok').map((r) => r.name);
    process.stdout.write(`interrupted; completed: ${done.join(', ') || 'none'}\n`);
    return 130;
  }
  process.stdout.write(
    failed.length === 0
      ? `${results.length} notebooks ran; executed copies in ${options.out}\n`
      : `${failed.length} of ${results.length} notebooks failed: ${failed.map((r) => r.name).join(', ')}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
