/**
 * The datasets shipped in `datasets/` (provenance and licences in `datasets/README.md`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The files in `datasets/`. */
export const DATASET_FILES = [
  /** SYNTHETIC daily temperature, 8000 days from 2010-01-01, `Date,Temp` (°C). */
  'daily-temperature.csv',
  /** Seattle daily weather 2012-2015 (NOAA via vega-datasets): `date,precipitation,temp_max,temp_min,wind,weather`. */
  'seattle-weather.csv',
  /** Mauna Loa monthly CO2 1958-2020 (Scripps via vega-datasets): `Date,CO2,adjusted CO2`; 5 months absent. */
  'co2-concentration.csv',
  /** The same CO2 series with the 5 absent months as rows with empty cells (for `fillMissing`). */
  'co2-concentration-gaps.csv',
  /** 2000 SpamAssassin messages (1000 spam), subject + start of the body: `[{ id, group, label, text }]` (JSON). */
  'spam-assassin-subset.json',
  /** English first names (stdlib datasets): `{ female: string[], male: string[] }` (JSON). */
  'first-names.json',
] as const;

/** One of {@link DATASET_FILES}. */
export type DatasetFile = (typeof DATASET_FILES)[number];

/**
 * Absolute path of a shipped dataset, wherever grulab is run from (source or `dist/`).
 *
 * @param name one of {@link DATASET_FILES}.
 * @throws Error when `name` is not a shipped dataset (listing them) or the file is absent.
 * @example
 * loadCsv(datasetPath('daily-temperature.csv')).shape; // => [8000, 2]
 */
export function datasetPath(name: DatasetFile): string {
  if (!(DATASET_FILES as readonly string[]).includes(name)) {
    throw new Error(`datasetPath: name must be one of ${DATASET_FILES.map((f) => `'${f}'`).join(', ')}, got '${String(name)}'`);
  }
  const path = resolve(__dirname, '..', '..', 'datasets', name);
  if (!existsSync(path)) throw new Error(`datasetPath: ${path} is missing; the datasets/ folder ships with grulab`);
  return path;
}
