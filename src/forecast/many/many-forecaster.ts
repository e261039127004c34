/**
 * The many-series forecaster: a long table in, one global GRU trained across every series,
 * the statistical methods beside it, each series forecast by the model that did best on its
 * own held-out stretch, with calibrated intervals; a long table out.
 */
import { DataFrame } from 'danfojs-node';
import { addSteps } from '../../data/calendar';
import { isDataFrame } from '../../data/columns';
import { loadPanel, panelFromFrame, type Panel, type PanelOptions } from '../../data/panel';
import { fitMany, type ManyFit } from './fit-many';
import { scoreMany, type ManyEvaluation } from './many-evaluation';
import { manyCharts, type ManyCharts } from './many-report';
import { settleManyOptions, type ManyConfig, type ManyForecasterOptions } from './many-options';

/** One series' forecast after its end, with its times. */
export interface SeriesForecastRow {
  id: string;
  /** The forecast's times: dates (ms since 1970, UTC) or step numbers. */
  times: number[];
  model: string;
  why: string;
  mean: number[];
  intervals: Array<{ level: number; lower: number[]; upper: number[] }>;
}

/** What `fit` tells. */
export interface ManyFitSummary {
  series: number;
  /** How many series each model forecasts. */
  chosen: Record<string, number>;
  /** Epochs the GRU trained (per ensemble member). */
  epochs: number[];
  seconds: ManyFit['seconds'];
}

/** The panel's reading options picked from the forecaster's. */
function panelOptions(options: ManyForecasterOptions): PanelOptions {
  const { data: _data, csv: _csv, horizon: _h, period: _p, levels: _l, candidates: _c, validationWindows: _v, window: _w, patch: _pa, units: _u, epochs: _e,
    batchSize: _b, learningRate: _lr, windowsPerSeries: _wp, ensemble: _en, seed: _s, threads: _t, verbose: _vb, observer: _o, ...rest } = options;
  return rest;
}

/**
 * Many series forecast together. Create it with `forecaster({ csv | data, id, target, ... })`.
 * `fit()` trains and chooses, `predict()` gives the long table of forecasts, `evaluate()`
 * scores against a test table (or the series' own last `horizon` values, held out and
 * refitted without).
 */
export class ManyForecaster {
  readonly panel: Panel;
  readonly config: ManyConfig;
  private readonly options: ManyForecasterOptions;
  private fitted?: ManyFit;

  /** Use `forecaster({ id, ... })`. */
  constructor(panel: Panel, options: ManyForecasterOptions) {
    this.panel = panel;
    this.options = options;
    this.config = settleManyOptions(options, panel.series.map((s) => s.values.length), panel.frequency);
  }

  /** The series' ids, in the table's order. */
  get ids(): string[] {
    return this.panel.series.map((s) => s.id);
  }

  /** `true` once `fit()` has run. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /**
   * Trains the global GRU across every series (progress shown unless `verbose: 0`), runs
   * the statistical candidates on each series (on worker threads), chooses each series'
   * model on its held-out stretch and calibrates the intervals.
   *
   * @returns how many series each model forecasts, and the time each phase took.
   * @throws Error when no series is long enough to train on.
   * @example
   * const summary = await fc.fit();
   * summary.chosen; // => { 'GRU (global)': 300, 'ETS(M,N,N)': 40, ... }
   */
  async fit(): Promise<ManyFitSummary> {
    this.dispose();
    const { verbose, observer } = this.options;
    this.fitted = await fitMany(this.panel.series.map((s) => s.values), {
      ...this.config, verbose: verbose ?? 1, ...(observer !== undefined ? { observer } : {}),
    });
    const chosen: Record<string, number> = {};
    for (const f of this.fitted.forecasts) chosen[f.model] = (chosen[f.model] ?? 0) + 1;
    return { series: this.panel.series.length, chosen, epochs: this.fitted.gru.histories.map((h) => h.epochsRun), seconds: this.fitted.seconds };
  }

  /**
   * Each series' forecast after its end, with its times, model and intervals.
   *
   * @throws Error before `fit`.
   */
  get forecasts(): SeriesForecastRow[] {
    const fitted = this.need('forecasts');
    const { horizon } = this.config;
    return this.panel.series.map((s, i) => {
      const last = s.times[s.times.length - 1];
      const times = Array.from({ length: horizon }, (_, h) => (this.panel.timeKind === 'step' ? last + h + 1 : addSteps(last, this.panel.frequency ?? { unit: 'day', step: 1 }, h + 1)));
      const f = fitted.forecasts[i];
      return { id: s.id, times, model: f.model, why: f.why, mean: f.mean, intervals: f.intervals };
    });
  }

  /**
   * The forecasts as one long DataFrame, as statsforecast's `predict` gives them: the id
   * column, the time column, `forecast`, `lo_<L>` and `hi_<L>` for each level, and `model`.
   *
   * @throws Error before `fit`.
   * @example
   * const df = fc.predict();
   * df.columns; // => ['unique_id', 'ds', 'forecast', 'lo_80', 'hi_80', 'lo_95', 'hi_95', 'model']
   */
  predict(): DataFrame {
    const { columns, rows } = this.forecastTable();
    const table: Record<string, unknown[]> = Object.fromEntries(columns.map((c, k) => [c, rows.map((r) => r[k] ?? NaN)]));
    return new DataFrame(table);
  }

  /**
   * The forecasts as rows of one long table (what {@link predict} and `grulab forecast --id`'s
   * forecasts.csv hold): the id column, the time column (a Date, or a step number),
   * `forecast`, `lo_<L>` and `hi_<L>` per level (`undefined` where a model gave no interval
   * at that level), `model`.
   *
   * @throws Error before `fit`.
   * @example
   * fc.forecastTable().columns; // => ['unique_id', 'ds', 'forecast', 'lo_80', 'hi_80', 'lo_95', 'hi_95', 'model']
   */
  forecastTable(): { columns: string[]; rows: Array<Array<string | number | Date | undefined>> } {
    const { levels } = this.config;
    const columns = [this.panel.idColumns.join('/'), this.panel.timeColumn, 'forecast', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`]), 'model'];
    const rows = this.forecasts.flatMap((r) => r.times.map((t, h) => [
      r.id, this.panel.timeKind === 'date' ? new Date(t) : t, r.mean[h],
      ...levels.flatMap((l) => {
        const band = r.intervals.find((i) => i.level === l);
        return [band?.lower[h], band?.upper[h]];
      }),
      r.model,
    ]));
    return { columns, rows };
  }

  /**
   * Scores the forecasts with M4's measures (sMAPE, MASE, OWA against Naive2, MSIS at 95 %,
   * coverage of each interval) for grulab's forecast and every candidate beside it.
   *
   * @param test the actual values after each series' end: a long table (CSV path, DataFrame,
   *   or panel) with the same id, time and target columns and at least `horizon` values per
   *   series. Default: each series' own last `horizon` values are held out, a forecaster
   *   with the same settings is fitted without them, and its forecasts are scored (a second fit).
   * @returns the scores, overall and per series.
   * @throws Error before `fit` (with `test`), or naming a series the test table lacks or holds too few values of.
   * @example
   * const e = await fc.evaluate('Hourly-test-long.csv');
   * e.methods[0]; // => { method: 'grulab', smape: ..., mase: ..., owa: ..., coverage: { 80: 0.81, 95: 0.95 } }
   */
  async evaluate(test?: string | DataFrame | Panel): Promise<ManyEvaluation> {
    const { horizon, period, levels } = this.config;
    if (test === undefined) {
      const kept = this.panel.series.filter((s) => s.values.length > horizon + 1);
      const truncated: Panel = { ...this.panel, series: kept.map((s) => ({ id: s.id, times: s.times.slice(0, -horizon), values: s.values.slice(0, -horizon) })) };
      const holdout = new ManyForecaster(truncated, { ...this.options, window: this.config.gru.length, patch: this.config.gru.patch });
      try {
        const fit = await fitMany(truncated.series.map((s) => s.values), { ...holdout.config, verbose: this.options.verbose ?? 1 });
        return scoreMany(fit, truncated.series.map((s) => s.id), truncated.series.map((s) => s.values), kept.map((s) => s.values.slice(-horizon)), { horizon, period, levels }, 'holdout');
      } finally {
        holdout.dispose();
      }
    }
    const fitted = this.need('evaluate');
    const actual: Panel = typeof test === 'string' ? loadPanel(test, panelOptions(this.options)) : isDataFrame(test) ? panelFromFrame(test, panelOptions(this.options)) : test;
    const byId = new Map(actual.series.map((s) => [s.id, s]));
    const values = this.panel.series.map((s) => {
      const t = byId.get(s.id);
      if (t === undefined) throw new Error(`evaluate: the test table has no series '${s.id}'`);
      const last = s.times[s.times.length - 1];
      const after = t.values.filter((_, k) => t.times[k] > last);
      if (after.length < horizon) throw new Error(`evaluate: the test table has ${after.length} values of series '${s.id}' after its last training time, expected ${horizon}`);
      return after.slice(0, horizon);
    });
    return scoreMany(fitted, this.ids, this.panel.series.map((s) => s.values), values, { horizon, period, levels }, 'test');
  }

  /**
   * The figures: a grid of series (the best and worst by MASE when `evaluation` is given,
   * and a few at random), each with its history, forecast and intervals; and the score table.
   *
   * @throws Error before `fit`.
   * @example
   * grulab.show(fc.charts(await fc.evaluate(m4.test)).grid);
   */
  charts(evaluation?: ManyEvaluation): ManyCharts {
    return manyCharts(this, evaluation);
  }

  /** The fit's parts (the GRU, the choices, every candidate's forecast). @throws Error before `fit`. */
  get result(): ManyFit {
    return this.need('result');
  }

  /** Frees the GRU's networks. */
  dispose(): void {
    this.fitted?.gru.models.forEach((m) => m.dispose());
    this.fitted = undefined;
  }

  private need(method: string): ManyFit {
    if (this.fitted === undefined) throw new Error(`${method}: the forecaster is not trained yet; call await fc.fit() first`);
    return this.fitted;
  }
}

/**
 * A many-series forecaster for a long table (`csv` or `data`), not trained yet; the table is
 * read and checked now.
 *
 * @throws Error naming the option and value for bad options, and as `loadPanel` for a bad table.
 */
export function manyForecaster(options: ManyForecasterOptions): ManyForecaster {
  if ((options.data === undefined) === (options.csv === undefined)) throw new Error('forecaster: give exactly one of data (a DataFrame in long format) or csv (a file path)');
  const panel = options.csv !== undefined ? loadPanel(options.csv, panelOptions(options)) : panelFromFrame(options.data as DataFrame, panelOptions(options));
  return new ManyForecaster(panel, options);
}
