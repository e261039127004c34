/**
 * `grulab forecast --id <column> ...`: many series of one long table forecast together (one
 * global GRU, the statistical methods beside it, a model chosen per series), written as a
 * long `forecasts.csv`, `metrics.json` and an HTML report.
 */
import { join, resolve } from 'node:path';
import { writeFilesAround } from '../base/atomic-write';
import { intoFolder } from '../base/folders';
import { csvText } from '../data/csv-write';
import { pickReadOptions, type ReadOptions } from '../data/read-options';

/** The files the many-series run writes to `--out`. */
export const MANY_OUTPUTS = { forecasts: 'forecasts.csv', metrics: 'metrics.json', report: 'forecast.html' } as const;

/** What the many-series run reads of the command's options. */
export interface ManyCommandOptions extends ReadOptions {
  id: string[];
  time?: string;
  date?: string;
  target: string;
  horizon: number;
  period?: number;
  level: number[];
  candidates?: string[];
  test?: string;
  evaluate: boolean;
  window?: number;
  units: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: string;
  out: string;
  quiet?: boolean;
}

/**
 * Runs the many-series forecast of `csv`: fit, evaluate (against `--test`, or each series'
 * last `--horizon` values held out), write the files.
 *
 * @throws Error with the library's message for a bad table, column or setting; before any
 *   loading or training when `--out` cannot be written (a failed run leaves no folder it made).
 */
export async function runManyForecast(csv: string, o: ManyCommandOptions, print: (text: string) => void): Promise<void> {
  const out = resolve(o.out);
  // Made and test-written now, not after minutes of training; removed again if the run fails.
  await intoFolder(out, '--out', () => forecastManyInto(out, csv, o, print));
}

/** {@link runManyForecast} once `out` is known to be writable. */
async function forecastManyInto(out: string, csv: string, o: ManyCommandOptions, print: (text: string) => void): Promise<void> {
  const [{ ready }, { saveHtml }, { manyForecaster }, { formatManyEvaluation, manyCharts }] = await Promise.all([
    import('../base/backend'), import('../charts/display'), import('../forecast/many/many-forecaster'), import('../forecast/many/many-report'),
  ]);
  await ready();
  const seed = Number(o.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer with --id, got '${o.seed}'`);
  const time = o.time ?? o.date;
  const fc = manyForecaster({
    csv, id: o.id.length === 1 ? o.id[0] : o.id, target: o.target, ...(time !== undefined ? { time } : {}), ...pickReadOptions(o),
    horizon: o.horizon, levels: o.level, units: o.units, epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed,
    verbose: o.quiet === true ? 0 : 1,
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.candidates !== undefined ? { candidates: o.candidates as never } : {}),
  });
  try {
    const lengths = fc.panel.series.map((s) => s.values.length);
    print(`${fc.panel.series.length} series of ${Math.min(...lengths)} to ${Math.max(...lengths)} values (${fc.panel.timeKind === 'step' ? 'integer steps' : 'dates'}); horizon ${fc.config.horizon}, season ${fc.config.period}, window ${fc.config.gru.length} (${fc.config.gru.patch} per GRU step)\n`);
    const summary = await fc.fit();
    print(`\nTrained in ${summary.seconds.total.toFixed(1)} s (GRU ${summary.seconds.gru.toFixed(1)} s, statistical methods ${summary.seconds.baselines.toFixed(1)} s)\n`);
    const evaluation = o.test !== undefined ? await fc.evaluate(o.test) : o.evaluate ? await fc.evaluate() : undefined;
    if (evaluation !== undefined) print(`\n${formatManyEvaluation(evaluation)}`);
    const table = fc.forecastTable();
    const body = table.rows.map((row) => row.map((cell) => (cell instanceof Date ? cell.toISOString() : (cell ?? ''))));
    const metrics = {
      csv: resolve(csv), settings: fc.config, summary,
      ...(evaluation !== undefined ? { evaluation: { source: evaluation.source, methods: evaluation.methods, chosen: evaluation.chosen, series: evaluation.series } } : {}),
      choices: fc.forecasts.map((r) => ({ id: r.id, model: r.model, why: r.why })),
    };
    const charts = manyCharts(fc, evaluation);
    writeFilesAround(
      [
        [join(out, MANY_OUTPUTS.forecasts), csvText(table.columns, body)],
        [join(out, MANY_OUTPUTS.metrics), `${JSON.stringify(metrics, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`],
      ],
      () => saveHtml([charts.grid, ...(charts.scores !== undefined ? [charts.scores] : [])], join(out, MANY_OUTPUTS.report)),
    );
    print(`\nWrote ${Object.values(MANY_OUTPUTS).map((f) => join(out, f)).join(', ')}\n`);
  } finally {
    fc.dispose();
  }
}
