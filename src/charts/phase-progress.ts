/**
 * Progress of a long phase that is not training (forecasting hundreds of series with the
 * statistical methods, say): "ETS, Theta: 120/374 series · elapsed 12.0 s · ETA 25.4 s",
 * one output updated in place in a notebook, a bar in a terminal, a line when it starts and
 * every tenth of the way when the terminal is a log (so a phase whose first item takes long
 * is not silence).
 */
import { Presets, SingleBar } from 'cli-progress';
import { newChartId } from './bundle';
import { formatDuration } from './progress-display';
import { openDisplay } from './notebook-display';

/** A running phase's progress. */
export interface PhaseProgress {
  /** `done` of the total items are finished. */
  tick(done: number): void;
  /** The phase is over; `note` is added to the last line. */
  end(note?: string): void;
}

/** Options of {@link openPhaseProgress}. */
export interface PhaseProgressOptions {
  /** Terminal stream. Default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** What one item is called, plural. Default `'series'`. */
  items?: string;
  /** Least time between two notebook updates in ms. Default `300`. */
  throttleMs?: number;
}

/**
 * Opens the progress display of a phase of `total` items.
 *
 * @param title what the phase does, e.g. `'ETS, Theta, Comb'`.
 * @param total how many items it has.
 * @param options see {@link PhaseProgressOptions}.
 * @returns the display, to `tick` and `end`.
 * @example
 * const p = openPhaseProgress('Statistical baselines', 374);
 * p.tick(100); // stderr, not a TTY: "Statistical baselines: 100/374 series · elapsed 3.1 s · ETA 8.5 s"
 * p.end();
 */
export function openPhaseProgress(title: string, total: number, options: PhaseProgressOptions = {}): PhaseProgress {
  const items = options.items ?? 'series';
  const throttleMs = options.throttleMs ?? 300;
  const start = Date.now();
  const line = (done: number, note?: string): string => {
    const elapsed = Date.now() - start;
    const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
    return `${title}: ${done}/${total} ${items} · elapsed ${formatDuration(elapsed)}${note !== undefined ? ` · ${note}` : done < total ? ` · ETA ${formatDuration(eta)}` : ''}`;
  };
  const out = openDisplay(true, newChartId());
  if (out !== undefined) {
    let last = 0;
    const send = (done: number, note?: string): void => {
      last = Date.now();
      const text = line(done, note);
      const bar = `<progress max="${total}" value="${done}" style="width:100%;height:10px"></progress>`;
      out.send({ 'text/html': `<div class="grulab-progress"><div style="font-family:monospace;margin:4px 0">${text}</div>${bar}</div>`, 'text/plain': text });
    };
    send(0);
    return {
      tick: (done) => {
        if (Date.now() - last >= throttleMs || done === total) send(done);
      },
      end: (note) => send(total, note),
    };
  }
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY === true) {
    const bar = new SingleBar({ stream, hideCursor: true, format: `${title} |{bar}| {value}/{total} ${items} | ETA {eta_formatted}` }, Presets.shades_classic);
    bar.start(total, 0);
    return {
      tick: (done) => bar.update(done),
      end: (note) => {
        bar.update(total);
        bar.stop();
        stream.write(`${line(total, note)}\n`);
      },
    };
  }
  let shown = 0; // tenths written
  stream.write(`${title}: 0/${total} ${items}\n`);
  return {
    tick: (done) => {
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (tenth > shown && done < total) {
        shown = tenth;
        stream.write(`${line(done)}\n`);
      }
    },
    end: (note) => stream.write(`${line(total, note)}\n`),
  };
}
