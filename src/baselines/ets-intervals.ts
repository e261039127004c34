/**
 * Forecast means and variances of a fitted ETS model, R's analytic results (Hyndman,
 * Koehler, Ord and Snyder, "Forecasting with Exponential Smoothing", 2008, chapter 6) as
 * forecast::forecast.ets computes them: class 1 (additive errors, no multiplicative
 * parts), class 2 (multiplicative errors, additive or no trend and season) and class 3
 * (multiplicative errors and season, the state means and covariances propagated through
 * Kronecker products). Intervals are `mean ± qnorm(0.5 + level/200) sqrt(var)`.
 *
 * Porting note: R's `class1` places the seasonal smoothing parameter in the third row of
 * the disturbance vector `G` whatever the form; for a seasonal form without trend that is
 * the second seasonal state, not the first. Every released forecast version (through
 * 9.0.2) does this, and so the intervals of `ETS(A,N,A)` and `ETS(M,N,A)` here do too, so
 * that they match R's; the package's development version has since corrected it.
 */
import { type EtsFit } from './ets-fit';

/** Forecast means and variances per step ahead. */
export interface EtsMoments {
  mean: number[];
  variance: number[];
}

/**
 * Means and variances `h` steps ahead of a fitted form (R's `class1` / `class2` / `class3`).
 *
 * @param fit a fitted form (multiplicative trends are not supported, see ./ets-model.ts).
 * @param horizon steps ahead.
 * @example
 * etsMoments(fit, 13).variance[0]; // => fit.sigma2 for an additive-error form
 */
export function etsMoments(fit: EtsFit, horizon: number): EtsMoments {
  const { spec } = fit;
  if (spec.error === 'M' && spec.season === 'M') return class3(fit, horizon);
  const c1 = class1(fit, horizon);
  if (spec.error === 'A') return { mean: c1.mean, variance: c1.variance };
  // class 2: theta[j] = mu[j]^2 + sigma2 sum_i c[i]^2 theta[j - i]
  const { sigma2 } = fit;
  const theta = new Array<number>(horizon).fill(0);
  theta[0] = c1.mean[0] ** 2;
  for (let j = 1; j < horizon; j++) {
    let sum = 0;
    for (let i = 0; i < j; i++) sum += c1.c[i] ** 2 * theta[j - 1 - i];
    theta[j] = c1.mean[j] ** 2 + sigma2 * sum;
  }
  return { mean: c1.mean, variance: theta.map((t, j) => (1 + sigma2) * t - c1.mean[j] ** 2) };
}

/** R's `class1`: `mu[j] = H F^j x`, `c[j] = H F^j G`, `var[j] = sigma2 (1 + sum_{i<j} c[i]^2)`. */
function class1(fit: EtsFit, horizon: number): { mean: number[]; variance: number[]; c: number[] } {
  const { spec, params, sigma2 } = fit;
  const x = fit.lastState;
  const p = x.length;
  const m = spec.season === 'N' ? 1 : fit.period;
  const trendPhi = spec.damped ? params.phi : 1;
  const hRow = new Float64Array(p);
  hRow[0] = 1;
  if (spec.season === 'A') hRow[p - 1] = 1;
  if (spec.trend === 'A') hRow[1] = trendPhi;
  const F: Float64Array[] = Array.from({ length: p }, () => new Float64Array(p));
  F[0][0] = 1;
  if (spec.trend === 'A') F[0][1] = F[1][1] = trendPhi;
  if (spec.season === 'A') {
    F[p - m][p - 1] = 1;
    for (let i = 0; i < m - 1; i++) F[p - m + 1 + i][p - m + i] = 1;
  }
  const G = new Float64Array(p);
  G[0] = params.alpha;
  if (spec.trend === 'A') G[1] = params.beta;
  if (spec.season === 'A') G[2] = params.gamma; // R's row 3, see the porting note
  const mean: number[] = [];
  const c: number[] = [];
  let row = Float64Array.from(hRow); // H F^j
  for (let j = 0; j < horizon; j++) {
    let mu = 0;
    let cj = 0;
    for (let k = 0; k < p; k++) {
      mu += row[k] * x[k];
      cj += row[k] * G[k];
    }
    mean.push(mu);
    c.push(cj);
    const next = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      const r = row[k];
      if (r === 0) continue;
      const Fk = F[k];
      for (let l = 0; l < p; l++) next[l] += r * Fk[l];
    }
    row = next;
  }
  const variance: number[] = [];
  let cum = 0;
  for (let j = 0; j < horizon; j++) {
    variance.push(sigma2 * (1 + cum));
    cum += c[j] * c[j];
  }
  return { mean, variance, c };
}

/** A sparse matrix as its non-zero entries. */
interface Sparse {
  rows: number;
  cols: number;
  entries: { i: number; j: number; v: number }[];
}

/** Kronecker product `A (x) B` of two sparse matrices. */
function kron(a: Sparse, b: Sparse): Sparse {
  const entries: Sparse['entries'] = [];
  for (const ea of a.entries) for (const eb of b.entries) entries.push({ i: ea.i * b.rows + eb.i, j: ea.j * b.cols + eb.j, v: ea.v * eb.v });
  return { rows: a.rows * b.rows, cols: a.cols * b.cols, entries };
}

/** `S X T'` for sparse `S`, `T` and a dense square `X` (`d x d`, row-major). */
function sandwich(s: Sparse, x: Float64Array, t: Sparse, d: number): Float64Array {
  const sx = new Float64Array(s.rows * d);
  for (const { i, j, v } of s.entries) for (let k = 0; k < d; k++) sx[i * d + k] += v * x[j * d + k];
  const out = new Float64Array(s.rows * t.rows);
  for (const { i: tj, j: l, v } of t.entries) for (let i = 0; i < s.rows; i++) out[i * t.rows + tj] += sx[i * d + l] * v;
  return out;
}

/** R's `class3`: multiplicative error and season, level (and trend) times season propagated exactly. */
function class3(fit: EtsFit, horizon: number): EtsMoments {
  const { spec, params, sigma2 } = fit;
  const x = fit.lastState;
  const m = fit.period;
  const k = spec.trend === 'N' ? 1 : 2;
  const phi = spec.damped ? params.phi : 1;
  const sp = (rows: number, cols: number, list: [number, number, number][]): Sparse => ({
    rows,
    cols,
    entries: list.filter(([, , v]) => v !== 0).map(([i, j, v]) => ({ i, j, v })),
  });
  const F1 = k === 1 ? sp(1, 1, [[0, 0, 1]]) : sp(2, 2, [[0, 0, 1], [0, 1, 1], [1, 1, phi]]);
  const G1 = k === 1 ? sp(1, 1, [[0, 0, params.alpha]]) : sp(2, 2, [[0, 0, params.alpha], [0, 1, params.alpha], [1, 0, params.beta], [1, 1, params.beta]]);
  const f2: [number, number, number][] = [[0, m - 1, 1]];
  for (let i = 1; i < m; i++) f2.push([i, i - 1, 1]);
  const F2 = sp(m, m, f2);
  const G2 = sp(m, m, [[0, m - 1, params.gamma]]);
  const F21 = kron(F2, F1);
  const G21 = kron(G2, G1);
  const K: Sparse = { rows: k * m, cols: k * m, entries: [...kron(G2, F1).entries, ...kron(F2, G1).entries] };
  const d = k * m;
  // Mh[r][c] = x[r] * season[c]; vec(Mh) is column-major: index r + k c
  let Mh = new Float64Array(k * m);
  for (let r = 0; r < k; r++) for (let c = 0; c < m; c++) Mh[r + k * c] = x[r] * x[k + c];
  let Vh = new Float64Array(d * d);
  const mean: number[] = [];
  const variance: number[] = [];
  const last = k * (m - 1); // H21 picks vec entries of the last column (H2) summed over rows (H1)
  for (let step = 0; step < horizon; step++) {
    let mu = 0;
    for (let r = 0; r < k; r++) mu += Mh[r + last];
    let hvh = 0;
    for (let r = 0; r < k; r++) for (let q = 0; q < k; q++) hvh += Vh[(last + r) * d + last + q];
    mean.push(mu);
    variance.push((1 + sigma2) * hvh + sigma2 * mu * mu);
    const outer = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) outer[i * d + j] = Mh[i] * Mh[j];
    const vPlus = new Float64Array(d * d);
    const v3 = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) {
      vPlus[i] = Vh[i] + outer[i];
      v3[i] = 3 * Vh[i] + 2 * outer[i];
    }
    const fvf = sandwich(F21, Vh, F21, d);
    const fvg = sandwich(F21, Vh, G21, d);
    const gvf = sandwich(G21, Vh, F21, d);
    const kvk = sandwich(K, vPlus, K, d);
    const gvg = sandwich(G21, v3, G21, d);
    const next = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) next[i] = fvf[i] + sigma2 * (fvg[i] + gvf[i] + kvk[i] + sigma2 * gvg[i]);
    Vh = next;
    // Mh <- F1 Mh F2' + G1 Mh G2' sigma2, in vec form: (F2 (x) F1) vec(Mh) + sigma2 (G2 (x) G1) vec(Mh)
    const nextM = new Float64Array(d);
    for (const { i, j, v } of F21.entries) nextM[i] += v * Mh[j];
    for (const { i, j, v } of G21.entries) nextM[i] += sigma2 * v * Mh[j];
    Mh = nextM;
  }
  return { mean, variance };
}
