/**
 * Ordinary least squares for the few regressions the statistical methods run: a straight
 * line through a series (R's `lsfit(x, y)`, in Theta's drift and ETS's initial trend) and
 * a trend plus one Fourier pair (forecast::tslm in ETS's initial seasonal states of a short
 * series).
 *
 * Hand-written: a handful of columns, solved by Householder QR as R's `lm.fit` and `lsfit`
 * do, so the coefficients agree with R's to rounding.
 */

/** Intercept and slope of a straight line. */
export interface Line {
  intercept: number;
  slope: number;
}

/**
 * The least-squares straight line through `(x[i], y[i])` (R's `lsfit(x, y)$coefficients`).
 *
 * @param x the abscissae.
 * @param y the ordinates, as many as `x`.
 * @throws Error when the lengths differ or there are fewer than two points.
 * @example
 * lineFit([0, 1, 2], [1, 3, 5]); // => { intercept: 1, slope: 2 }
 */
export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>): Line {
  if (x.length !== y.length || x.length < 2) {
    throw new Error(`lineFit: x and y must have the same length, at least 2, got ${x.length} and ${y.length}`);
  }
  const columns = [new Float64Array(x.length).fill(1), Float64Array.from(x)];
  const [intercept, slope] = leastSquares(columns, y);
  return { intercept, slope };
}

/**
 * Least-squares coefficients of `y` on the given columns, by Householder QR.
 *
 * @param columns the design matrix, one array per column (each as long as `y`).
 * @param y the response.
 * @returns one coefficient per column.
 * @throws Error when a column's length differs from `y`'s or the columns are collinear.
 * @example
 * leastSquares([[1, 1, 1], [0, 1, 2]], [1, 3, 5]); // => [1, 2] (to rounding)
 */
export function leastSquares(columns: ArrayLike<number>[], y: ArrayLike<number>): number[] {
  const n = y.length;
  const p = columns.length;
  const a = columns.map((column) => {
    if (column.length !== n) throw new Error(`leastSquares: every column must have ${n} values, got ${column.length}`);
    return Float64Array.from(column);
  });
  const b = Float64Array.from(y);
  const diag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const col = a[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12 * n)) throw new Error(`leastSquares: column ${k} is collinear with the others`);
    const alpha = col[k] > 0 ? -norm : norm;
    col[k] -= alpha; // the Householder vector v = col - alpha e_k, kept in col[k..]
    let vv = 0;
    for (let i = k; i < n; i++) vv += col[i] * col[i];
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += col[i] * target[i];
      const scale = (2 * dot) / vv;
      for (let i = k; i < n; i++) target[i] -= scale * col[i];
    };
    for (let j = k + 1; j < p; j++) reflect(a[j]);
    reflect(b);
    diag[k] = alpha;
  }
  const coef = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[j][k] * coef[j];
    coef[k] = s / diag[k];
  }
  return coef;
}
