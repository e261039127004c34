/**
 * Training progress: one live output in a notebook (status line and a small loss chart,
 * updated in place), a progress bar in a terminal, one line per epoch otherwise.
 */
import { Presets, SingleBar } from 'cli-progress';
import { chartHtml, newChartId } from './bundle';
import { ensurePlotly } from './display';
import { epochTicks } from './series-figures';
import { type KernelDisplay, openDisplay } from './notebook-display';
import { type Figure, axis, baseLayout, chartColors } from './theme';

/** Options of {@link openProgressDisplay} (and of `trainingProgress`, which passes them on). */
export interface ProgressDisplayOptions {
  /**
   * Least time between two notebook updates in ms, for batch and epoch ends alike (the first
   * and the last state always show). Default `300`.
   */
  throttleMs?: number;
  /** Draw the live loss chart in a notebook. Default `true`. */
  chart?: boolean;
  /** Terminal stream for the bar or the per-epoch lines. Default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A loss as Keras prints it: 4 decimals, or 3 significant digits when tiny. */
export function formatLoss(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2);
}

/** Milliseconds as `12.3 s` or `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s - m * 60)).padStart(2, '0')} s`;
}

/** Sent once when training starts. */
export interface ProgressStart {
  epochs: number;
  batchesPerEpoch: number;
}

/** After a batch: the running mean loss of its epoch so far (0-based epoch and batch). */
export interface ProgressBatch {
  epoch: number;
  batch: number;
  loss: number;
}

/** After an epoch (0-based). */
export interface ProgressEpoch {
  epoch: number;
  loss: number;
  valLoss?: number;
  /** Milliseconds since training started. */
  elapsedMs: number;
}

/** When training ends. */
export interface ProgressEnd {
  /** Loss per completed epoch (and validation loss, when there is one). */
  loss: number[];
  valLoss?: number[];
  elapsedMs: number;
  /** How it ended, for the last line: `'done'` or `'stopped early at epoch N'`. */
  ended: string;
}

/** A progress display: a notebook output updated in place, or a terminal bar or lines. */
export interface ProgressDisplay {
  start(info: ProgressStart): void;
  batch(info: ProgressBatch): void;
  epoch(info: ProgressEpoch): void;
  end(info: ProgressEnd): void;
}

interface State {
  epochs: number;
  batches: number;
  start: number;
  epoch: number;
  batch: number;
  loss?: number;
  valLoss?: number;
  /** Running loss samples at each notebook update: x in fractional epochs. */
  runX: number[];
  runY: number[];
  epochLoss: number[];
  epochValLoss: Array<number | null>;
  done?: string;
}

function fraction(s: State): number {
  return Math.min(1, (s.epoch + (s.batch + 1) / Math.max(1, s.batches)) / Math.max(1, s.epochs));
}

function statusLine(s: State, now: number): string {
  const elapsed = now - s.start;
  const f = fraction(s);
  const eta = f > 0 ? (elapsed / f) * (1 - f) : NaN;
  const parts = [`Epoch ${s.epoch + 1}/${s.epochs}`, `batch ${s.batch + 1}/${s.batches}`, `loss ${formatLoss(s.loss)}`];
  if (s.valLoss !== undefined) parts.push(`val loss ${formatLoss(s.valLoss)}`);
  parts.push(`elapsed ${formatDuration(elapsed)}`, s.done ? s.done : `ETA ${formatDuration(eta)}`);
  return parts.join(' · ');
}

/** The small live loss chart: running loss per batch, loss and val loss per epoch. */
function lossFigure(s: State): Figure {
  const epochsX = s.epochLoss.map((_, i) => i + 1);
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'loss (running)', x: s.runX, y: s.runY, line: { color: chartColors.loss, width: 1 }, opacity: 0.5 },
      { type: 'scatter', mode: 'lines+markers', name: 'loss', x: epochsX, y: s.epochLoss, line: { color: chartColors.loss } },
      { type: 'scatter', mode: 'lines+markers', name: 'val loss', x: epochsX, y: s.epochValLoss, line: { color: chartColors.valLoss } },
    ],
    layout: baseLayout('Training loss', {
      height: 280, margin: { l: 70, r: 20, t: 70, b: 45 }, hovermode: 'closest',
      xaxis: axis('Epoch', { range: [0, s.epochs], ...epochTicks(s.epochs) }), yaxis: axis('Loss (MSE, scaled units²)'),
    }),
  };
}

function notebookDisplay(out: KernelDisplay, opts: Required<Omit<ProgressDisplayOptions, 'stream'>>): ProgressDisplay {
  let s: State | undefined;
  let last = 0;
  const emit = (): void => {
    if (!s) return;
    const now = Date.now();
    last = now;
    const line = statusLine(s, now);
    const pct = (fraction(s) * 100).toFixed(1);
    const bar = `<progress max="100" value="${pct}" style="width:100%;height:10px"></progress>`;
    const chart = opts.chart ? chartHtml(lossFigure(s)) : '';
    out.send({
      'text/html': `<div class="grulab-progress"><div style="font-family:monospace;margin:4px 0">${line}</div>${bar}${chart}</div>`,
      'text/plain': line,
    });
  };
  return {
    start(info: ProgressStart) {
      s = { epochs: info.epochs, batches: info.batchesPerEpoch, start: Date.now(), epoch: 0, batch: -1, runX: [], runY: [], epochLoss: [], epochValLoss: [] };
      if (opts.chart) ensurePlotly();
      emit();
    },
    batch(info: ProgressBatch) {
      if (!s) return;
      Object.assign(s, { epoch: info.epoch, batch: info.batch, loss: info.loss });
      if (Date.now() - last < opts.throttleMs) return;
      s.runX.push(info.epoch + (info.batch + 1) / Math.max(1, s.batches));
      s.runY.push(info.loss);
      emit();
    },
    epoch(info: ProgressEpoch) {
      if (!s) return;
      Object.assign(s, { epoch: info.epoch, batch: s.batches - 1, loss: info.loss, valLoss: info.valLoss });
      s.epochLoss[info.epoch] = info.loss;
      s.epochValLoss[info.epoch] = info.valLoss ?? null;
      // Throttled like batches: each update redraws the chart in the page, and JupyterLab 4
      // fell over a minute behind a 200-epoch fit of 80 ms epochs that updated at every one.
      // The epoch's losses are kept, so the next update draws them.
      if (Date.now() - last < opts.throttleMs) return;
      emit();
    },
    end(info: ProgressEnd) {
      if (!s) return;
      s.done = info.ended;
      // The last line shows the last completed epoch, not a batch begun after an abort.
      const completed = info.loss.length;
      if (completed > 0) {
        Object.assign(s, {
          epoch: completed - 1, batch: s.batches - 1, loss: info.loss[completed - 1],
          valLoss: info.valLoss?.[completed - 1],
        });
      }
      s.start = Date.now() - info.elapsedMs;
      emit();
    },
  };
}

function terminalDisplay(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressDisplay {
  let bar: SingleBar | undefined;
  let epochs = 0;
  let batches = 0;
  let start = 0;
  let valLoss = '-';
  return {
    start(info) {
      ({ epochs, batchesPerEpoch: batches } = info);
      start = Date.now();
      if (!stream.isTTY) return;
      bar = new SingleBar({
        stream: stream as NodeJS.WritableStream, hideCursor: true, etaBuffer: 50,
        format: 'Epoch {ep}/{epochs} |{bar}| {percentage}% | loss {loss} | val loss {valLoss} | ETA {eta_formatted}',
      }, Presets.shades_classic);
      bar.start(epochs * batches, 0, { ep: 1, epochs, loss: '-', valLoss });
    },
    batch(info) {
      bar?.update(info.epoch * batches + info.batch + 1, { ep: info.epoch + 1, epochs, loss: formatLoss(info.loss), valLoss });
    },
    epoch(info) {
      valLoss = formatLoss(info.valLoss);
      if (bar) {
        bar.update((info.epoch + 1) * batches, { ep: info.epoch + 1, epochs, loss: formatLoss(info.loss), valLoss });
        return;
      }
      const f = (info.epoch + 1) / epochs;
      const eta = (info.elapsedMs / f) * (1 - f);
      const parts = [`Epoch ${info.epoch + 1}/${epochs}`, `loss ${formatLoss(info.loss)}`];
      if (info.valLoss !== undefined) parts.push(`val loss ${valLoss}`);
      stream.write(`${[...parts, `elapsed ${formatDuration(info.elapsedMs)}`, `ETA ${formatDuration(eta)}`].join(' - ')}\n`);
    },
    end(info) {
      bar?.stop();
      const how = info.ended === 'done' ? `${info.loss.length} epochs` : info.ended;
      stream.write(`Training done: ${how} in ${formatDuration(info.elapsedMs || Date.now() - start)}\n`);
    },
  };
}

/**
 * The progress display that suits where the code runs, chosen now (call it when training
 * starts, in the cell that trains): in a notebook (tslab or Deno) one output updated in place (epoch,
 * batch, loss, val loss, elapsed, ETA and a live loss chart, at most every `throttleMs`, and
 * once more when training ends); in a terminal a cli-progress bar on the stream; when the stream is not
 * a terminal (CI logs), one line per epoch.
 *
 * @param options see {@link ProgressDisplayOptions}.
 * @returns a display to feed with `start`, `batch`, `epoch` and `end`.
 * @throws RangeError when `throttleMs` is negative or not a number.
 * @example
 * const display = openProgressDisplay({ stream: process.stderr });
 * display.start({ epochs: 2, batchesPerEpoch: 10 });
 * display.epoch({ epoch: 0, loss: 0.0213, elapsedMs: 1200 }); // stderr, not a TTY: "Epoch 1/2 - loss 0.0213 - elapsed 1.2 s - ETA 1.2 s"
 */
export function openProgressDisplay(options: ProgressDisplayOptions = {}): ProgressDisplay {
  const throttleMs = options.throttleMs ?? 300;
  if (!(throttleMs >= 0)) throw new RangeError(`trainingProgress: throttleMs must be >= 0, got ${throttleMs}`);
  const out = openDisplay(true, newChartId());
  return out ? notebookDisplay(out, { throttleMs, chart: options.chart ?? true }) : terminalDisplay(options.stream ?? process.stderr);
}
