/**
 * A many-series forecast for people: the score table as text, the verdict worded from the
 * run's own figures, a grid of series (the best, the worst and a few at random) and the
 * score table as a figure.
 */
import { table } from 'table';
import type { Data } from 'plotly.js';
import { createRng } from '../../base/random';
import { seriesGridFigure, type GridPanel } from '../../charts/grid-figures';
import type { Figure } from '../../charts/theme';
import type { ManyEvaluation, MethodScore } from './many-evaluation';
import type { Panel } from '../../data/panel';

const cell = (v: number | undefined, digits = 3): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '-');
const pct = (v: number | undefined): string => (v !== undefined && Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '-');

/** The rows of the score table: method, series, sMAPE, MASE, OWA, MSIS, coverage per level. */
function scoreRows(e: ManyEvaluation): string[][] {
  const header = ['Method', 'Series', 'sMAPE', 'MASE', 'OWA', 'MSIS (95 %)', ...e.levels.map((l) => `Coverage ${l} %`)];
  return [header, ...e.methods.map((m) => [m.method, String(m.series), cell(m.smape), cell(m.mase), cell(m.owa), cell(m.msis), ...e.levels.map((l) => pct(m.coverage[l]))])];
}

/**
 * The verdict, from the figures: grulab's OWA against the best statistical method's, and
 * how far each interval's coverage is from its level.
 *
 * @example
 * verdict(e); // => "grulab's OWA 0.612 is lower than the best other method's (ETS, 0.823) ..."
 */
export function verdict(e: ManyEvaluation): string {
  const own = e.methods[0];
  const others = e.methods.slice(1).filter((m) => Number.isFinite(m.owa));
  const best = others.reduce<MethodScore | undefined>((a, b) => (a === undefined || b.owa < a.owa ? b : a), undefined);
  const lines: string[] = [];
  if (best !== undefined && Number.isFinite(own.owa)) {
    const relation = own.owa < best.owa ? 'lower than' : own.owa > best.owa ? 'higher than' : 'equal to';
    lines.push(`grulab's OWA ${cell(own.owa)} is ${relation} the best other method's (${best.method}, ${cell(best.owa)}) over ${own.series} series (OWA below 1 beats Naive2).`);
  }
  for (const level of e.levels) {
    const c = own.coverage[level];
    if (c === undefined) continue;
    const off = 100 * c - level;
    lines.push(`The ${level} % intervals held ${pct(c)} of the actual values (${off >= 0 ? '+' : ''}${off.toFixed(1)} points).`);
  }
  return lines.join('\n');
}

/**
 * The evaluation as a text table (every method's sMAPE, MASE, OWA, MSIS and coverage), the
 * models that forecast the series, and the verdict.
 *
 * @example
 * console.log(formatManyEvaluation(await fc.evaluate()));
 */
export function formatManyEvaluation(e: ManyEvaluation): string {
  const chosen = Object.entries(e.chosen).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ');
  const source = e.source === 'test' ? 'the test table' : `each series' last ${e.horizon} values, held out and refitted without`;
  return `${table(scoreRows(e), { drawHorizontalLine: (i, rows) => i === 0 || i === 1 || i === 2 || i === rows })}Scored on ${source}; horizon ${e.horizon}, season ${e.period}.\nModels chosen per series: ${chosen}.\n${verdict(e)}\n`;
}

/** What {@link manyCharts} draws: the series, the settings, each series' forecast. */
export interface ManyChartInput {
  panel: Panel;
  config: { horizon: number; period: number };
  forecasts: ReadonlyArray<{ id: string; times: number[]; model: string; mean: number[]; intervals: ReadonlyArray<{ level: number; lower: number[]; upper: number[] }> }>;
}

/** The figures of {@link manyCharts}. */
export interface ManyCharts {
  /** A grid of series: history, forecast and intervals. */
  grid: Figure;
  /** The score table. */
  scores?: Figure;
}

/**
 * The grid of forecasts (the best and the worst series by MASE when an evaluation is given,
 * and a few chosen at random with the seed; else the first and a few at random) and the
 * score table.
 *
 * @param fc the series and their forecasts (a fitted many-series forecaster is one).
 * @param evaluation its evaluation against a test table, to pick best and worst and draw the actual values.
 * @param options how many of each (default 3) and the seed of the random pick (default 1).
 * @example
 * grulab.show(manyCharts(fc, e).grid);
 */
export function manyCharts(fc: ManyChartInput, evaluation?: ManyEvaluation, options: { each?: number; seed?: number; actual?: Map<string, number[]> } = {}): ManyCharts {
  const each = options.each ?? 3;
  const rows = fc.forecasts;
  const ids = rows.map((r) => r.id);
  const order = evaluation !== undefined ? evaluation.series.map((s, i) => [i, s.mase] as const).filter(([, m]) => Number.isFinite(m)).sort((a, b) => a[1] - b[1]).map(([i]) => i) : ids.map((_, i) => i);
  const picked: Array<[number, string]> = [];
  const take = (i: number, label: string): void => {
    if (!picked.some(([j]) => j === i)) picked.push([i, label]);
  };
  order.slice(0, each).forEach((i) => take(i, evaluation !== undefined ? 'best' : 'first'));
  if (evaluation !== undefined) order.slice(-each).reverse().forEach((i) => take(i, 'worst'));
  const rng = createRng(options.seed ?? 1);
  const rest = ids.map((_, i) => i).filter((i) => !picked.some(([j]) => j === i));
  rng.shuffle(rest).slice(0, each).forEach((i) => take(i, 'random'));
  const { horizon, period } = fc.config;
  const tail = Math.max(3 * horizon, 4 * period);
  const panels: GridPanel[] = picked.map(([i, label]) => {
    const s = fc.panel.series[i];
    const r = rows[i];
    const start = Math.max(0, s.values.length - tail);
    const score = evaluation?.series[i];
    const x = fc.panel.timeKind === 'date' ? s.times.slice(start).map((t) => new Date(t)) : s.times.slice(start);
    const fx = fc.panel.timeKind === 'date' ? r.times.map((t) => new Date(t)) : r.times;
    return {
      title: `${s.id} (${label}): ${r.model}${score !== undefined ? `, MASE ${cell(score.mase)}` : ''}`,
      x, y: s.values.slice(start), forecastX: fx, forecast: r.mean, intervals: r.intervals,
      ...(options.actual?.has(s.id) ? { actual: options.actual.get(s.id) as number[] } : {}),
    };
  });
  const grid = seriesGridFigure({ panels, columns: 3, title: `Forecasts of ${picked.length} of ${ids.length} series (${horizon} steps)` });
  if (evaluation === undefined) return { grid };
  const body = scoreRows(evaluation);
  const scores: Figure = {
    data: [{ type: 'table', header: { values: body[0], align: 'left' }, cells: { values: body[0].map((_, c) => body.slice(1).map((row) => row[c])), align: 'left' } } as Data],
    layout: { title: { text: `Scores over ${evaluation.methods[0].series} series (M4's measures)` }, height: 140 + 30 * body.length, margin: { t: 60, b: 10, l: 20, r: 20 } },
  };
  return { grid, scores };
}
