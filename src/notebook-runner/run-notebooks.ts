/**
 * Runs notebooks top to bottom, each in a fresh tslab kernel, and writes the executed
 * copies (outputs, execution counts) to an output folder. Source notebooks are only read.
 */
import * as path from 'node:path';
import { Kernel, type ExecuteReply } from './kernel-client';
import type { KernelSpec } from './kernelspec';
import { OutputCollector } from './outputs';
import { addStaticImages } from './static-images';
import { cellSource, readNotebook, withCellIds, writeNotebookAtomic, type Notebook } from './notebook';
import { injectParameters, type ParameterValue } from './parameters';
import { checkOutputFolder, planParameters, selectNotebooks } from './run-plan';

/** How a notebook run ended. */
export type NotebookStatus = 'ok' | 'failed' | 'timeout' | 'died' | 'interrupted' | 'invalid';

/** One notebook's result. */
export interface NotebookResult {
  /** File name without folder, e.g. `04-temperature-forecasting.ipynb`. */
  name: string;
  status: NotebookStatus;
  /** Code cells in the (parameterised) notebook. */
  codeCells: number;
  /** Code cells that ran to completion. */
  executedCells: number;
  seconds: number;
  /** Where the executed copy was written (absent when the notebook could not be read). */
  outFile?: string;
  /** For a failure: the 1-based cell index in the executed notebook (absent when no cell ran) and what went wrong. */
  failure?: { cellIndex?: number; message: string };
  /** What the user should know about a run that did not fail (an earlier run's injected parameters replaced). */
  notes?: string[];
}

/** Progress events, for a display. */
export type RunEvent =
  | { kind: 'notebook-start'; index: number; count: number; name: string; codeCells: number }
  | { kind: 'cell-start'; index: number; count: number; name: string; cell: number; codeCells: number; elapsedMs: number }
  | { kind: 'notebook-end'; index: number; count: number; result: NotebookResult };

/** Options of {@link runNotebooks}. */
export interface RunOptions {
  /** Folder holding the source notebooks. */
  notebooksDir: string;
  /** Folder for executed copies (created when missing). */
  outDir: string;
  /** Run only notebooks whose file name starts with one of these; all when empty. */
  prefixes?: string[];
  /** `-p name=value` overrides for the cells tagged `parameters`: each value's text, typed against the cell's declarations. */
  parameters?: Record<string, string>;
  /** Per-cell time limit in milliseconds. */
  timeoutMs: number;
  /** Receives progress events. */
  onEvent?: (event: RunEvent) => void;
  /** Aborting it interrupts the running cell and stops the run. */
  signal?: AbortSignal;
  /** Extra environment for the kernels. */
  env?: Record<string, string>;
  /** Chromium to draw a PNG of every chart with (`--static-images`); none when absent. */
  staticImagesWith?: string;
  /** The kernel every notebook runs in; default this project's tslab. */
  kernel?: KernelSpec;
}

/** The last meaningful lines of a failed cell's output, for the error report. */
function failureText(outputs: Notebook['cells'][number]['outputs']): string {
  const text = (outputs ?? [])
    .map((output) => {
      if (output.output_type === 'error') return [`${output.ename}: ${output.evalue}`, ...output.traceback].join('\n');
      if (output.output_type === 'stream' && output.name === 'stderr') return output.text;
      return '';
    })
    .join('')
    .trim();
  // tslab prints the offending line, a caret, then the error and its stack: the first lines
  // say what and where; the stack's tail is the kernel's own frames.
  return text.split('\n').slice(0, 12).join('\n') || '(the cell printed no error text)';
}

/** How a cell whose reply was not `ok` ended the notebook's run. */
function cellFailure(
  reply: ExecuteReply,
  cellIndex: number,
  outputs: Notebook['cells'][number]['outputs'],
  kernel: Kernel,
  options: RunOptions,
): Pick<NotebookResult, 'status' | 'failure'> {
  if (reply.status === 'interrupted' || options.signal?.aborted) {
    return { status: 'interrupted', failure: { cellIndex, message: 'interrupted by the user' } };
  }
  if (reply.status === 'timeout') {
    return { status: 'timeout', failure: { cellIndex, message: `the cell ran longer than ${options.timeoutMs / 1000} s and was interrupted` } };
  }
  if (reply.status === 'died') {
    const log = kernel.log ? `; it printed:\n${kernel.log.trim().split('\n').slice(-8).join('\n')}` : '';
    return { status: 'died', failure: { cellIndex, message: `the kernel died${log}` } };
  }
  return { status: 'failed', failure: { cellIndex, message: failureText(outputs) } };
}

/** Where one notebook's run reports to: its progress events and its result, filled in as cells run. */
interface NotebookRun {
  name: string;
  index: number;
  count: number;
  started: number;
  result: NotebookResult;
}

/** Runs the notebook's code cells in order in `kernel`, until one does not end `ok`; fills `run.result`. */
async function runCells(kernel: Kernel, notebook: Notebook, run: NotebookRun, options: RunOptions): Promise<void> {
  const { name, index, count, result } = run;
  const collector = new OutputCollector();
  let codeIndex = 0;
  for (const [cellIndex, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    codeIndex += 1;
    if (options.signal?.aborted) {
      result.status = 'interrupted';
      result.failure = { cellIndex: cellIndex + 1, message: 'interrupted before this cell' };
      return;
    }
    options.onEvent?.({ kind: 'cell-start', index, count, name, cell: codeIndex, codeCells: result.codeCells, elapsedMs: Date.now() - run.started });
    cell.outputs = collector.startCell();
    const startedAt = new Date().toISOString();
    const reply = await kernel.execute(cellSource(cell), {
      timeoutMs: options.timeoutMs,
      onMessage: (message) => collector.add(message),
      signal: options.signal,
    });
    cell.execution_count = reply.executionCount;
    // the timestamps nbclient records (JupyterLab shows them with "Record cell timing"): how long each cell ran
    const endedAt = new Date().toISOString();
    cell.metadata.execution = {
      'iopub.status.busy': startedAt, 'iopub.execute_input': startedAt, 'shell.execute_reply': endedAt, 'iopub.status.idle': endedAt,
    };
    if (reply.status !== 'ok') {
      Object.assign(result, cellFailure(reply, cellIndex + 1, cell.outputs, kernel, options));
      return;
    }
    result.executedCells += 1;
  }
}

async function runOne(
  file: string,
  parameters: Record<string, ParameterValue>,
  options: RunOptions,
  index: number,
  count: number,
): Promise<NotebookResult> {
  const name = path.basename(file);
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  let notebook: Notebook;
  let parameterised: ReturnType<typeof injectParameters>;
  try {
    parameterised = injectParameters(readNotebook(file), parameters, name);
    notebook = withCellIds(parameterised.notebook);
  } catch (err) {
    return { name, status: 'invalid', codeCells: 0, executedCells: 0, seconds: seconds(), failure: { message: (err as Error).message } };
  }
  const outFile = path.join(options.outDir, name);
  const codeCells = notebook.cells.filter((cell) => cell.cell_type === 'code');
  const result: NotebookResult = { name, status: 'ok', codeCells: codeCells.length, executedCells: 0, seconds: 0, outFile };
  if (parameterised.replaced !== undefined) {
    const show = (values: Record<string, ParameterValue>) => Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    result.notes = [`replaced the injected-parameters cell of an earlier run (${show(parameterised.replaced) || 'empty'}) with -p ${show(parameters)}`];
  }
  options.onEvent?.({ kind: 'notebook-start', index, count, name, codeCells: codeCells.length });
  for (const cell of codeCells) {
    cell.outputs = [];
    cell.execution_count = null;
    delete cell.metadata.execution;
  }
  // GRULAB_RUNNER_PID marks the kernels this run started (tests look for orphans by it).
  const env = { GRULAB_RUNNER_PID: String(process.pid), ...options.env };
  const kernel = await Kernel.start({ cwd: path.dirname(path.resolve(file)), env, spec: options.kernel }).catch((err: Error) => {
    result.status = 'died';
    result.failure = { message: err.message };
    return undefined;
  });
  if (kernel !== undefined) {
    try {
      await runCells(kernel, notebook, { name, index, count, started, result }, options);
    } finally {
      await kernel.shutdown();
    }
  }
  if (options.staticImagesWith !== undefined && result.status === 'ok') {
    try {
      addStaticImages(notebook, options.staticImagesWith);
    } catch (err) {
      result.status = 'failed';
      result.failure = { message: (err as Error).message };
    }
  }
  result.seconds = seconds();
  notebook.metadata = {
    ...notebook.metadata,
    // the values the injected cell sets: those given, or those of an earlier run's injected cell kept
    grulab_runner: { status: result.status, parameters: parameterised.parameters, seconds: result.seconds, finished: new Date().toISOString() },
  };
  try {
    writeNotebookAtomic(outFile, notebook);
  } catch (err) {
    return { ...result, status: 'failed', outFile: undefined, failure: { message: `the executed copy could not be written: ${(err as Error).message}` } };
  }
  return result;
}

/**
 * Runs the selected notebooks in order, each in a fresh kernel whose working directory is
 * the notebook's folder. A failing or invalid notebook does not stop the others; an abort does.
 *
 * @throws Error before running anything when a prefix or a `-p` name matches nothing, a
 *   `-p` value does not fit its declared type, or the output folder is the source folder or
 *   cannot be written.
 */
export async function runNotebooks(options: RunOptions): Promise<NotebookResult[]> {
  const names = selectNotebooks(options.notebooksDir, options.prefixes);
  const plan = planParameters(options.notebooksDir, names, options.parameters ?? {});
  checkOutputFolder(options.notebooksDir, options.outDir);
  const results: NotebookResult[] = [];
  for (const [i, name] of names.entries()) {
    if (options.signal?.aborted) break;
    let result: NotebookResult;
    try {
      result = await runOne(path.join(options.notebooksDir, name), plan.get(name) ?? {}, options, i + 1, names.length);
    } catch (err) {
      // an error of the runner itself on this notebook: reported with it, and the run goes on
      result = { name, status: 'failed', codeCells: 0, executedCells: 0, seconds: 0, failure: { message: (err as Error).message } };
    }
    results.push(result);
    options.onEvent?.({ kind: 'notebook-end', index: i + 1, count: names.length, result });
  }
  return results;
}
