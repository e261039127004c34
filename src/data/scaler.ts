/**
 * `MinMaxScaler`: scikit-learn's min-max scaling, per column, in float64.
 *
 * Porting note: danfojs has a `MinMaxScaler` too, but it computes with float32 tensors, so
 * `inverseTransform(transform(19.2))` gives 19.200000762939453. This one keeps JavaScript's
 * float64 numbers throughout and follows scikit-learn's arithmetic step for step.
 */
import type { DataFrame, Series } from 'danfojs-node';
import { describe } from '../base/describe';
import { fromColumns, toColumns, type NumericData } from './columns';

/** Options of {@link MinMaxScaler} (scikit-learn's `MinMaxScaler(feature_range, clip)`). */
export interface MinMaxScalerOptions {
  /** `[min, max]` of the scaled values, default `[0, 1]`; `min < max`. */
  featureRange?: [number, number];
  /** Clip transformed values into `featureRange` (for data outside the fitted range); default `false`. */
  clip?: boolean;
}

/** What {@link MinMaxScaler.toJSON} writes: everything needed to scale the same way again. */
export interface MinMaxScalerJSON {
  kind: 'MinMaxScaler';
  featureRange: [number, number];
  clip: boolean;
  /** Per-column minimum and maximum of the fitted data. */
  dataMin: number[];
  dataMax: number[];
  /** Column names when fitted on a DataFrame/Series, else `null`. */
  columns: string[] | null;
}

/** Fitted state (scikit-learn's `data_min_`, `data_max_`, `scale_`, `min_`). */
interface Fitted {
  dataMin: number[];
  dataMax: number[];
  scale: number[];
  min: number[];
  columns: string[] | null;
}

/**
 * Scales each column to `featureRange`: `x * scale + min` with
 * `scale = (rangeMax - rangeMin) / (dataMax - dataMin)` and `min = rangeMin - dataMin * scale`
 * (scikit-learn's formula). A constant column (`dataMax == dataMin`) uses a divisor of 1
 * instead of 0, as scikit-learn does, so it maps to `rangeMin` rather than to `NaN`.
 *
 * `fit`, `transform`, `fitTransform` and `inverseTransform` take `number[]` (one column),
 * `number[][]` (`[rows, columns]`), a danfojs Series (one column) or DataFrame (its columns,
 * all numeric), and return the same kind. `transform` accepts values outside the fitted
 * range (they map outside `featureRange` unless `clip`) and lets `NaN` through.
 *
 * @example
 * const scaler = new MinMaxScaler();
 * scaler.fitTransform([10, 20, 30]); // => [0, 0.5, 1]
 * scaler.inverseTransform([0.5]); // => [20]
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export class MinMaxScaler {
  /** The target range `[min, max]`. */
  readonly featureRange: [number, number];
  /** Whether transformed values are clipped into `featureRange`. */
  readonly clip: boolean;
  private fitted: Fitted | undefined;

  /**
   * @param options see {@link MinMaxScalerOptions}; default `{ featureRange: [0, 1], clip: false }`.
   * @throws Error when `featureRange` is not two finite numbers with `min < max`.
   */
  constructor(options: MinMaxScalerOptions = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
      throw new Error(`MinMaxScaler: featureRange must be [min, max] with finite min < max, got ${JSON.stringify(range)}`);
    }
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  /** `true` once {@link fit} (or {@link fromJSON}) has set the column ranges. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** Per-column minimum seen by `fit` (scikit-learn's `data_min_`). @throws Error before `fit`. */
  get dataMin(): number[] {
    return this.state('dataMin').dataMin.slice();
  }

  /** Per-column maximum seen by `fit` (scikit-learn's `data_max_`). @throws Error before `fit`. */
  get dataMax(): number[] {
    return this.state('dataMax').dataMax.slice();
  }

  /**
   * Learns each column's minimum and maximum.
   *
   * @param data `number[]`, `number[][]` `[rows, columns]`, Series or DataFrame; at least one row.
   * @returns this scaler, for chaining.
   * @throws Error when `data` is empty or holds a value that is not a finite number (naming
   *   its row index and column).
   */
  fit(data: NumericData): this {
    const { columns, names } = toColumns(data, 'MinMaxScaler.fit: data');
    if (columns.length === 0 || columns[0].length === 0) {
      throw new Error('MinMaxScaler.fit: data has no rows; fit needs at least one value per column');
    }
    const dataMin: number[] = [];
    const dataMax: number[] = [];
    columns.forEach((column, c) => {
      let lo = Infinity;
      let hi = -Infinity;
      column.forEach((value, r) => {
        if (!Number.isFinite(value)) {
          const label = names === undefined ? `column ${c}` : `column '${names[c]}'`;
          throw new Error(`MinMaxScaler.fit: data row index ${r}, ${label} is ${value}; fill or drop missing values before fitting`);
        }
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      });
      dataMin.push(lo);
      dataMax.push(hi);
    });
    this.fitted = this.derive(dataMin, dataMax, names ?? null);
    return this;
  }

  /**
   * Scales `data` with the fitted ranges: `x * scale + min` per column.
   *
   * @throws Error before `fit`, or when `data` has a different number of columns (or, for a
   *   DataFrame fitted by name, different column names) than the fitted data.
   */
  transform(data: number[]): number[];
  transform(data: number[][]): number[][];
  transform(data: Series): Series;
  transform(data: DataFrame): DataFrame;
  transform(data: NumericData): NumericData;
  transform(data: NumericData): NumericData {
    const fitted = this.state('transform');
    const input = toColumns(data, 'MinMaxScaler.transform: data');
    this.checkColumns(input.columns.length, input.names, 'transform');
    const [lo, hi] = this.featureRange;
    const out = input.columns.map((column, c) =>
      column.map((x) => {
        const scaled = x * fitted.scale[c] + fitted.min[c];
        return this.clip ? Math.min(hi, Math.max(lo, scaled)) : scaled;
      }),
    );
    return fromColumns(out, input);
  }

  /** {@link fit} then {@link transform} on the same data (scikit-learn's `fit_transform`). */
  fitTransform(data: number[]): number[];
  fitTransform(data: number[][]): number[][];
  fitTransform(data: Series): Series;
  fitTransform(data: DataFrame): DataFrame;
  fitTransform(data: NumericData): NumericData;
  fitTransform(data: NumericData): NumericData {
    return this.fit(data).transform(data);
  }

  /**
   * Undoes {@link transform}: `(x - min) / scale` per column, so
   * `inverseTransform(transform(x))` returns `x` to within 1e-12.
   *
   * @throws Error before `fit`, or when the number of columns differs from the fitted data.
   */
  inverseTransform(data: number[]): number[];
  inverseTransform(data: number[][]): number[][];
  inverseTransform(data: Series): Series;
  inverseTransform(data: DataFrame): DataFrame;
  inverseTransform(data: NumericData): NumericData;
  inverseTransform(data: NumericData): NumericData {
    const fitted = this.state('inverseTransform');
    const input = toColumns(data, 'MinMaxScaler.inverseTransform: data');
    this.checkColumns(input.columns.length, input.names, 'inverseTransform');
    const out = input.columns.map((column, c) => column.map((x) => (x - fitted.min[c]) / fitted.scale[c]));
    return fromColumns(out, input);
  }

  /**
   * The fitted state as plain JSON, so a trained model's scaling can be saved with it.
   *
   * @throws Error before `fit`.
   * @example
   * JSON.stringify(new MinMaxScaler().fit([1, 3]).toJSON());
   * // => '{"kind":"MinMaxScaler","featureRange":[0,1],"clip":false,"dataMin":[1],"dataMax":[3],"columns":null}'
   */
  toJSON(): MinMaxScalerJSON {
    const fitted = this.state('toJSON');
    return {
      kind: 'MinMaxScaler',
      featureRange: [this.featureRange[0], this.featureRange[1]],
      clip: this.clip,
      dataMin: fitted.dataMin.slice(),
      dataMax: fitted.dataMax.slice(),
      columns: fitted.columns === null ? null : fitted.columns.slice(),
    };
  }

  /**
   * Rebuilds a fitted scaler from {@link toJSON}'s output (an object or its JSON text).
   *
   * @throws Error when the object is not a MinMaxScaler state, naming the bad field.
   * @example
   * const copy = MinMaxScaler.fromJSON(scaler.toJSON());
   * copy.transform([19.2]); // => the same as scaler.transform([19.2])
   */
  static fromJSON(json: MinMaxScalerJSON | string): MinMaxScaler {
    const state = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<MinMaxScalerJSON>;
    const bad = (field: string, expected: string): Error =>
      new Error(`MinMaxScaler.fromJSON: ${field} must be ${expected}, got ${describe((state as Record<string, unknown>)[field])}`);
    if (state === null || typeof state !== 'object' || state.kind !== 'MinMaxScaler') throw bad('kind', "'MinMaxScaler'");
    const isNumbers = (value: unknown): value is number[] => Array.isArray(value) && value.every(Number.isFinite);
    if (!isNumbers(state.dataMin) || state.dataMin.length === 0) throw bad('dataMin', 'a non-empty array of finite numbers');
    if (!isNumbers(state.dataMax) || state.dataMax.length !== state.dataMin.length) {
      throw bad('dataMax', `an array of ${state.dataMin.length} finite numbers`);
    }
    const columns = state.columns ?? null;
    if (columns !== null && (!Array.isArray(columns) || columns.length !== state.dataMin.length)) {
      throw bad('columns', `null or an array of ${state.dataMin.length} names`);
    }
    const scaler = new MinMaxScaler({ featureRange: state.featureRange, clip: state.clip === true });
    scaler.fitted = scaler.derive(state.dataMin.slice(), state.dataMax.slice(), columns === null ? null : columns.map(String));
    return scaler;
  }

  /** scikit-learn's `partial_fit` arithmetic, including `_handle_zeros_in_scale`. */
  private derive(dataMin: number[], dataMax: number[], columns: string[] | null): Fitted {
    const [lo, hi] = this.featureRange;
    const scale = dataMin.map((min, c) => {
      const range = dataMax[c] - min;
      return (hi - lo) / (range === 0 ? 1 : range); // constant column: divide by 1, not 0
    });
    const min = dataMin.map((value, c) => lo - value * scale[c]);
    return { dataMin, dataMax, scale, min, columns };
  }

  private state(method: string): Fitted {
    if (this.fitted === undefined) {
      throw new Error(`MinMaxScaler.${method}: this scaler is not fitted yet; call fit(data) or fitTransform(data) first`);
    }
    return this.fitted;
  }

  private checkColumns(count: number, names: string[] | undefined, method: string): void {
    const fitted = this.state(method);
    if (count !== fitted.dataMin.length) {
      throw new Error(`MinMaxScaler.${method}: data has ${count} column(s), but the scaler was fitted on ${fitted.dataMin.length}`);
    }
    if (names !== undefined && fitted.columns !== null && names.length > 1) {
      const differs = names.some((name, c) => name !== (fitted.columns as string[])[c]);
      if (differs) {
        throw new Error(
          `MinMaxScaler.${method}: data has columns ${JSON.stringify(names)}, but the scaler was fitted on ${JSON.stringify(fitted.columns)}`,
        );
      }
    }
  }
}
