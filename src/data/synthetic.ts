/**
 * The seeded generator of `datasets/daily-temperature.csv`, a SYNTHETIC stand-in for the
 * lesson's daily temperature file (8000 days from 2010-01-01, `Date,Temp` in °C), which
 * cannot be downloaded here.
 *
 * Model, one value per day `t = 0, 1, ...`:
 *
 *     temp(t) = mean + trendPerYear * t / 365.25
 *             + amplitude * cos(2π (t - (peakDay - 1)) / 365.25)   seasonal cycle
 *             + noise(t)
 *     noise(t) = noiseCorrelation * noise(t - 1) + noiseStd * ε(t),  ε ~ N(0, 1)   AR(1) weather
 *
 * with `noise(0)` drawn from the AR(1)'s stationary distribution. Values are rounded to 2
 * decimals. Regenerate the committed file with
 * `node --import tsx src/data/synthetic.ts --write` (it is replaced only if generation
 * succeeds: the text goes to a temporary file that is then renamed).
 */
import { writeFileAtomic } from '../base/atomic-write';
import { resolve } from 'node:path';
import { createRng } from '../base/random';
import { parseDateText } from './calendar';

/** Parameters of the synthetic daily temperature series. */
export interface DailyTemperatureOptions {
  /** Seed of {@link createRng}; default `'grulab-daily-temperature'`. */
  seed?: number | string;
  /** First date, ISO; default `'2010-01-01'` (the lesson's). */
  start?: string;
  /** Number of days; default 8000 (the lesson's). */
  days?: number;
  /** Long-run mean in °C at the start; default 15. */
  mean?: number;
  /** Half the summer-to-winter swing of the seasonal cycle, °C; default 10. */
  amplitude?: number;
  /** Day of the year (1 = 1 January) of the seasonal peak; default 200 (mid-July, northern hemisphere). */
  peakDay?: number;
  /** Slow warming trend, °C per year; default 0.03 (0.3 °C per decade). */
  trendPerYear?: number;
  /** Day-to-day correlation of the weather noise (AR(1) coefficient), in `[0, 1)`; default 0.7. */
  noiseCorrelation?: number;
  /** Standard deviation of the daily noise innovation, °C; default 2. */
  noiseStd?: number;
}

/** The parameters the committed `datasets/daily-temperature.csv` was generated with. */
export const DAILY_TEMPERATURE_DEFAULTS: Required<DailyTemperatureOptions> = {
  seed: 'grulab-daily-temperature',
  start: '2010-01-01',
  days: 8000,
  mean: 15,
  amplitude: 10,
  peakDay: 200,
  trendPerYear: 0.03,
  noiseCorrelation: 0.7,
  noiseStd: 2,
};

const DAY_MS = 86_400_000;

/**
 * Generates the synthetic daily temperature series.
 *
 * @param options see {@link DailyTemperatureOptions}; default {@link DAILY_TEMPERATURE_DEFAULTS}.
 * @returns ISO dates and temperatures (°C, rounded to 2 decimals), one per day.
 * @throws Error when `start` is not an ISO date, `days` not a positive integer, or
 *   `noiseCorrelation` outside `[0, 1)`.
 * @example
 * const { dates, temps } = generateDailyTemperature();
 * dates[0]; // => '2010-01-01'
 * temps.length; // => 8000
 */
export function generateDailyTemperature(options: DailyTemperatureOptions = {}): { dates: string[]; temps: number[] } {
  const p = { ...DAILY_TEMPERATURE_DEFAULTS, ...options };
  const start = parseDateText(p.start);
  if (start === undefined) throw new Error(`generateDailyTemperature: start must be an ISO date such as '2010-01-01', got '${p.start}'`);
  if (!Number.isInteger(p.days) || p.days < 1) throw new Error(`generateDailyTemperature: days must be a positive integer, got ${p.days}`);
  if (!(p.noiseCorrelation >= 0 && p.noiseCorrelation < 1)) {
    throw new Error(`generateDailyTemperature: noiseCorrelation must be in [0, 1), got ${p.noiseCorrelation}`);
  }
  const rng = createRng(p.seed);
  const dates: string[] = [];
  const temps: number[] = [];
  // Start the noise in its stationary distribution, so the first days are not special.
  let noise = (p.noiseStd / Math.sqrt(1 - p.noiseCorrelation ** 2)) * rng.normal();
  for (let t = 0; t < p.days; t++) {
    if (t > 0) noise = p.noiseCorrelation * noise + p.noiseStd * rng.normal(); // AR(1) weather
    const season = p.amplitude * Math.cos((2 * Math.PI * (t - (p.peakDay - 1))) / 365.25); // yearly cycle
    const trend = (p.trendPerYear * t) / 365.25; // slow warming
    const value = p.mean + trend + season + noise;
    dates.push(new Date(start.getTime() + t * DAY_MS).toISOString().slice(0, 10));
    temps.push(Math.round(value * 100) / 100);
  }
  return { dates, temps };
}

/**
 * The synthetic series as CSV text: header `Date,Temp`, `\n` line endings, 2 decimals.
 *
 * @param options see {@link DailyTemperatureOptions}.
 * @example
 * dailyTemperatureCsv({ days: 1 }).split('\n')[0]; // => 'Date,Temp'
 */
export function dailyTemperatureCsv(options: DailyTemperatureOptions = {}): string {
  const { dates, temps } = generateDailyTemperature(options);
  const lines = dates.map((date, i) => `${date},${temps[i].toFixed(2)}`);
  return `Date,Temp\n${lines.join('\n')}\n`;
}

/** Where the committed synthetic file lives (from `src/data` or `dist/data`, two levels up). */
export const DAILY_TEMPERATURE_PATH = resolve(__dirname, '..', '..', 'datasets', 'daily-temperature.csv');

/**
 * Writes the synthetic CSV, via a temporary file renamed into place so that a failure
 * leaves any existing file untouched.
 *
 * @param path destination; default {@link DAILY_TEMPERATURE_PATH}.
 * @param options see {@link DailyTemperatureOptions}.
 * @returns the path written.
 * @example
 * writeDailyTemperatureCsv('/tmp/daily-temperature.csv'); // => '/tmp/daily-temperature.csv'
 */
export function writeDailyTemperatureCsv(path: string = DAILY_TEMPERATURE_PATH, options: DailyTemperatureOptions = {}): string {
  writeFileAtomic(path, dailyTemperatureCsv(options));
  return path;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] !== '--write') {
    process.stderr.write('usage: node --import tsx src/data/synthetic.ts --write [path]\n');
    process.exit(2);
  }
  process.stdout.write(`wrote ${writeDailyTemperatureCsv(args[1] ?? DAILY_TEMPERATURE_PATH)}\n`);
}

