/**
 * The shipped M4 sets (`datasets/m4/`: 374 hourly and 319 weekly series of the M4
 * competition, with their test parts and the published results) as long tables, the way
 * statsforecast and neuralforecast hold them: `unique_id`, `ds` (integer steps: M4 has no
 * timestamps), `y`.
 */
import type { DataFrame } from 'danfojs-node';
import { datasetPath } from './datasets';
import { readM4Pairs, readM4PublishedResults, type M4PublishedResult } from './m4';
import { panelFrame, panelFromValues, type Panel } from './panel';

/** One shipped M4 set. */
export interface M4Set {
  frequency: 'Hourly' | 'Weekly';
  /** The training parts, long: `unique_id`, `ds` = 1, 2, ..., `y`. */
  train: DataFrame;
  /** The test parts, long, their steps continuing each series' training steps. */
  test: DataFrame;
  /** The same as panels (plain arrays), for code that needs no DataFrame. */
  trainPanel: Panel;
  testPanel: Panel;
  /** M4's horizon (48 hourly, 13 weekly) and the season its measures use (24, 1). */
  horizon: number;
  period: number;
  /** The competition's published results for this frequency (`datasets/m4/published-results.csv`). */
  published: M4PublishedResult[];
}

/**
 * Loads a shipped M4 set.
 *
 * @param frequency `'hourly'` or `'weekly'` (any case).
 * @returns the training and test parts as long tables, M4's horizon and season, the published results.
 * @throws Error for another frequency.
 * @example
 * const m4 = loadM4('hourly');
 * m4.train.columns; // => ['unique_id', 'ds', 'y']
 * m4.horizon; // => 48
 * @see notebooks/10-many-series.ipynb
 */
export function loadM4(frequency: string): M4Set {
  const name = typeof frequency === 'string' ? frequency.toLowerCase() : '';
  if (name !== 'hourly' && name !== 'weekly') throw new Error(`loadM4: frequency must be 'hourly' or 'weekly' (the sets shipped in datasets/m4/), got ${JSON.stringify(frequency)}`);
  const label = name === 'hourly' ? 'Hourly' : 'Weekly';
  const pairs = readM4Pairs(datasetPath(`m4/${label}-train.csv`), datasetPath(`m4/${label}-test.csv`));
  const trainPanel = panelFromValues(pairs.map((p) => ({ id: p.id, values: p.train })));
  const testPanel: Panel = {
    ...trainPanel,
    series: pairs.map((p) => ({ id: p.id, times: p.test.map((_, k) => p.train.length + k + 1), values: p.test.slice() })),
  };
  const published = readM4PublishedResults(datasetPath('m4/published-results.csv')).filter((r) => r.frequency === label);
  return {
    frequency: label, train: panelFrame(trainPanel), test: panelFrame(testPanel), trainPanel, testPanel,
    horizon: label === 'Hourly' ? 48 : 13, period: label === 'Hourly' ? 24 : 1, published,
  };
}
