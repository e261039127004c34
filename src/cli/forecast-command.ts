/**
 * `grulab forecast`: train a GRU forecaster on a CSV file and write the forecast, the
 * metrics and a chart, for people who want the answer without a notebook.
 */
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeFrequency, formatDate } from '../data/calendar';
import { pickReadOptions, READ_OPTION_FLAGS, READ_OPTION_NAMES, type ReadOptions } from '../data/read-options';
import { writeFilesAround } from '../base/atomic-write';
import { intoFolder } from '../base/folders';
import { csvText } from '../data/csv-write';
import { FORECAST_STRATEGIES, type ForecastStrategy } from '../forecast/strategy';
import type { ManyCommandOptions } from './forecast-many';
import { FORECASTER_DEFAULTS as DEFAULTS } from '../forecast/options';

/** The parsed options of `grulab forecast` (commander's camelCase names); the reading options are `loadCsv`'s. */
export interface ForecastCommandOptions extends ReadOptions {
  date?: string;
  target: string;
  features?: string[];
  timeStep?: number;
  horizon: number;
  strategy: ForecastStrategy;
  units: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: string;
  period?: number;
  backtest?: number;
  targetUnits: string;
  out: string;
  quiet?: boolean;
}

/** The files `grulab forecast` writes to `--out`. */
export const FORECAST_OUTPUTS = { forecast: 'forecast.csv', metrics: 'metrics.json', chart: 'forecast.html' } as const;

function integer(min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min) {
      throw new InvalidArgumentError(`must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got '${text}'`);
    }
    return value;
  };
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`must be a positive finite number, got '${text}'`);
  return value;
}

function unitList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[1-9]\d*$/.test(p))) {
    throw new InvalidArgumentError(`must be positive integers separated by commas, such as 50,50, got '${text}'`);
  }
  return parts.map(Number);
}

function levelList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const levels = parts.map(Number);
  if (parts.some((p) => p === '') || levels.some((l) => !(l > 0 && l < 100))) throw new InvalidArgumentError(`must be percentages between 0 and 100 separated by commas, such as 80,95, got '${text}'`);
  return levels;
}

function columnList(text: string): string[] {
  const names = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (names.length === 0) throw new InvalidArgumentError(`must name columns separated by commas, got '${text}'`);
  return names;
}

/** `--where column=value`, repeatable: collects the pairs into one object. */
function wherePair(text: string, previous: Record<string, string> | undefined): Record<string, string> {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`must be column=value, such as location=Seattle, got '${text}'`);
  const column = text.slice(0, at).trim();
  if (previous !== undefined && column in previous) throw new InvalidArgumentError(`names column '${column}' twice`);
  return { ...(previous ?? {}), [column]: text.slice(at + 1).trim() };
}

/**
 * Runs `grulab forecast`: load and check the CSV, train with a progress bar on stderr,
 * print the evaluation table and the forecast, write the files.
 *
 * @param csv the CSV path.
 * @param o the parsed options.
 * @param print where the tables go (stdout by default).
 * @throws Error with the library's message for a bad file, column or setting; before any
 *   loading or training when `--out` cannot be written (a failed run leaves no folder it made).
 */
export async function runForecast(csv: string, o: ForecastCommandOptions, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  const out = resolve(o.out);
  // Made and test-written now, not after minutes of training; removed again if the run fails.
  await intoFolder(out, '--out', () => forecastInto(out, csv, o, print));
}

/** {@link runForecast} once `out` is known to be writable. */
async function forecastInto(out: string, csv: string, o: ForecastCommandOptions, print: (text: string) => void): Promise<void> {
  // Loaded here, not at the top: TensorFlow.js and danfojs take seconds to load, and
  // `--help` or a usage error should not wait for them.
  const [{ ready }, { saveHtml }, { forecaster }, { formatBacktest, formatEvaluation, maseTableFigure }, { planBacktest }] = await Promise.all([
    import('../base/backend'), import('../charts/display'), import('../forecast/forecaster'), import('../forecast/report'), import('../forecast/backtest'),
  ]);
  await ready();
  const fc = forecaster({
    csv, target: o.target, ...(o.timeStep !== undefined ? { timeStep: o.timeStep } : {}), horizon: o.horizon, strategy: o.strategy, units: o.units,
    epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed, targetUnits: o.targetUnits,
    verbose: o.quiet === true ? 0 : 1,
    ...(o.date !== undefined ? { dateColumn: o.date } : {}),
    ...(o.features !== undefined ? { features: o.features } : {}),
    ...(o.period !== undefined ? { seasonalPeriod: o.period } : {}),
    ...pickReadOptions(o),
  });
  try {
    if (o.backtest !== undefined) planBacktest(fc.values.length, fc.config, { folds: o.backtest }); // before training, not after it
    const source = o.frequency === undefined ? 'detected' : `resampled with --aggregate ${o.aggregate ?? '(one row per slot)'}`;
    print(`${fc.values.length} rows, ${describeFrequency(fc.frequency)} (${source}), ${formatDate(fc.dates[0])} to ${formatDate(fc.dates[fc.dates.length - 1])}; window ${fc.config.timeStep} rows\n`);
    const history = await fc.fit();
    const evaluation = fc.evaluate();
    print(`\n${formatEvaluation(evaluation, o.targetUnits)}`);
    const backtest = o.backtest === undefined ? undefined : await fc.backtest({ folds: o.backtest });
    if (backtest !== undefined) print(`\nBacktest, ${backtest.folds.length} folds of ${backtest.testSize} rows (MAE):\n${formatBacktest(backtest)}`);
    const next = fc.predictNext();
    const dates = next.dates.map(formatDate);
    print(`\nForecast of ${o.target} after ${formatDate(fc.dates[fc.dates.length - 1])}:\n`);
    dates.forEach((d, i) => print(`  ${d}  ${next.values[i].toFixed(3)}${o.targetUnits === '' ? '' : ` ${o.targetUnits}`}\n`));
    const metrics = {
      csv: resolve(csv), target: o.target, settings: fc.config, frequency: fc.frequency, seasonalPeriod: fc.seasonalPeriod,
      history: { loss: history.loss, valLoss: history.valLoss ?? null, elapsedMs: history.elapsedMs },
      test: {
        rows: evaluation.testRows, windows: evaluation.windows, horizon: evaluation.horizon, maseScale: evaluation.maseScale,
        choice: evaluation.choice, bestBaseline: evaluation.bestBaseline, skillVsBest: evaluation.skillVsBest, skillVsNaive: evaluation.skillVsNaive,
        scores: evaluation.scores, unavailable: evaluation.unavailable, ...(evaluation.mapeOmitted !== undefined ? { mapeOmitted: evaluation.mapeOmitted } : {}),
      },
      ...(backtest !== undefined ? { backtest: { testSize: backtest.testSize, folds: backtest.folds.map(({ history: _h, ...f }) => f), mean: backtest.mean } } : {}),
      forecast: dates.map((date, i) => ({ date, value: next.values[i] })),
    };
    const charts = fc.charts();
    writeFilesAround(
      [[join(out, FORECAST_OUTPUTS.forecast), csvText(['date', o.target], dates.map((d, i) => [d, next.values[i]]))], [join(out, FORECAST_OUTPUTS.metrics), `${JSON.stringify(metrics, null, 2)}\n`]],
      () => saveHtml([charts.forecast, charts.comparison, maseTableFigure(evaluation, o.targetUnits)], join(out, FORECAST_OUTPUTS.chart)),
    );
    print(`\nWrote ${Object.values(FORECAST_OUTPUTS).map((f) => join(out, f)).join(', ')}\n`);
  } finally {
    fc.dispose();
  }
}

/** The reading options' flags (`--date-format`, `--where`, ...), as `data/read-options.ts` declares them. */
function readOptionFlags(): Option[] {
  return READ_OPTION_NAMES.map((name) => {
    const { flag, help, choices, repeatable } = READ_OPTION_FLAGS[name];
    const option = new Option(flag, help);
    if (choices !== undefined) option.choices(choices);
    if (repeatable === true) option.argParser(wherePair);
    return option;
  });
}

/** The `forecast` subcommand, its options documented for `--help`. */
export function forecastCommand(): Command {
  const command = new Command('forecast')
    .description('Train a GRU forecaster on a time series file, compare it with naive, seasonal naive, mean and AutoARIMA baselines (MASE), and forecast after the last date. With --id, forecast every series of a long table with one global GRU beside ETS, Theta and their combination, with prediction intervals.')
    .argument('<file>', 'CSV file (a header line, a date column and numeric columns; with --id: one row per series and time), or Parquet or Arrow IPC (Feather v2), told by its first bytes')
    .requiredOption('--target <column>', 'column to forecast')
    .option('--date <column>', "column holding the dates (default: 'Date' or 'date'; with --id, the time column)")
    .option('--id <columns>', 'many series in long format: the column (or comma-separated columns) naming each series', columnList)
    .option('--time <column>', "with --id: the time column, dates or integer steps (default: ds, Date, date, time, timestamp or step)")
    .option('--level <list>', 'with --id: prediction interval levels in percent, comma-separated', levelList, [80, 95])
    .option('--candidates <list>', 'with --id: what may forecast a series, comma-separated (gru, ets, theta, comb, combination, arima, naive2, seasonalNaive, naive, ses, holt, damped)', columnList)
    .option('--test <file>', 'with --id: score the forecasts against this long table of the values after each series (default: each series\' last --horizon values, held out)')
    .option('--no-evaluate', 'with --id and no --test: skip the held-out evaluation (a second fit)')
    .option('--window <n>', 'with --id: input window in steps (default: 7 seasons, or 8 horizons)', integer(1));
  for (const option of readOptionFlags()) command.addOption(option);
  return command
    .option('--features <columns>', 'other input columns, comma-separated (only with --strategy direct when --horizon > 1)', columnList)
    .option('--time-step <n>', `input window length in rows (default: ${DEFAULTS.timeStep}, fewer for a short series)`, integer(1))
    .option('--horizon <n>', 'steps ahead to forecast and evaluate', integer(1), DEFAULTS.horizon)
    .addOption(new Option('--strategy <name>', 'multi-step strategy: direct (one output per step) or recursive (feed predictions back)').choices(FORECAST_STRATEGIES).default(DEFAULTS.strategy))
    .addOption(new Option('--units <list>', 'units of each stacked GRU layer, comma-separated').argParser(unitList).default([...DEFAULTS.units], DEFAULTS.units.join(',')))
    .option('--epochs <n>', 'training epochs', integer(1), DEFAULTS.epochs)
    .option('--batch-size <n>', 'training batch size', integer(1), DEFAULTS.batchSize)
    .option('--learning-rate <x>', "Adam's learning rate", positiveNumber, DEFAULTS.learningRate)
    .addOption(new Option('--seed <seed>', 'seed of the initial weights and batch order').default(String(DEFAULTS.seed), String(DEFAULTS.seed)))
    .option('--period <n>', 'season length in rows for the seasonal naive baseline, 0 for none (default: detected)', integer(0))
    .option('--backtest <folds>', 'also run a rolling-origin backtest with this many folds (one model each)', integer(1))
    .option('--target-units <text>', "units of the target for tables and the chart, e.g. '°C'", '')
    .option('--out <dir>', 'folder for forecast.csv, metrics.json and forecast.html', 'forecast-out')
    .option('--quiet', 'no training progress bar')
    .action(async (csv: string, options: ForecastCommandOptions & Partial<ManyCommandOptions>) => {
      if (options.id !== undefined) {
        const { runManyForecast } = await import('./forecast-many');
        return runManyForecast(csv, { ...options, id: options.id, level: options.level ?? [80, 95], evaluate: options.evaluate ?? true }, (t) => process.stdout.write(t));
      }
      return runForecast(csv, options);
    });
}
