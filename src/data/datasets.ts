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
  /** NASA GISS yearly global temperature anomaly 1880-2023 (via vega-datasets): `year,temp` (°C), integer years. */
  'global-temp.csv',
  /** U.S. monthly employment 2006-2015 (BLS via vega-datasets): `month,nonfarm,...` (thousands). */
  'us-employment.csv',
  /** Seattle hourly weather normals 1981-2010 (NOAA via vega-datasets): `date,pressure,temperature,wind`, 8759 hours. */
  'seattle-weather-hourly-normals.csv',
  /** SIMULATED hourly GitHub commit counts (vega-datasets' script): `time,count`, hours without commits absent. */
  'github-commits.csv',
  /** Monthly prices of five stocks 2000-2010 (via vega-datasets), long format: `symbol,date,price`, dates like `Jan 1 2000`. */
  'stocks.csv',
  /** Seattle and New York daily weather 2012-2015 (NOAA via vega-datasets), long format: `location,date,...`. */
  'weather.csv',
  /** M4 competition, 374 hourly series (40 held out), wide: `V1` the id (`H2`), then the values; 700 or 960 per row. */
  'm4/Hourly-train.csv',
  /** The next 48 values of each hourly series, same layout and order. */
  'm4/Hourly-test.csv',
  /** M4 competition, 319 weekly series (40 held out), wide: `V1` the id (`W1`), then 80 to 2597 values per row. */
  'm4/Weekly-train.csv',
  /** The next 13 values of each weekly series. */
  'm4/Weekly-test.csv',
  /** M4's published sMAPE, MASE, OWA, MSIS and ACD on the full hourly and weekly sets: `method,frequency,smape,mase,owa,msis,acd,source`. */
  'm4/published-results.csv',
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
