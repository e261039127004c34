/**
 * Which ETS parameters R's forecast::ets lets its optimiser use (`bounds = "both"`, its
 * default): the "usual" bounds (each smoothing parameter within its lower and upper bound,
 * `beta <= alpha`, `gamma <= 1 - alpha`) and the "admissible" region where the model is
 * forecastable (its C++ `EtsTargetFunction::admissible`).
 *
 * Porting note: R decides admissibility of a seasonal model by finding all roots of its
 * characteristic polynomial (`cpolyroot`, Jenkins-Traub) and asking whether any lies
 * outside the circle of radius 1 + 1e-10. Here the same question is answered without the
 * roots, by the Schur-Cohn test (the Levinson step-down recursion) on the polynomial scaled
 * to that circle, after dividing out a root at exactly 1 (which every seasonal model
 * without trend, or with `beta = 0`, has); O(m^2) per call instead of an iterative root
 * search. The answers agree except for polynomials with a root within rounding of the
 * circle; test/baselines/ets-admissible.test.ts compares them with R's `polyroot`.
 */

/** The characteristic polynomial's coefficients, reused between calls. */
let coefScratch = new Float64Array(26);

/** Lower and upper bounds of alpha, beta, gamma and phi (R's `lower`, `upper`). */
export interface EtsBounds {
  lower: [number, number, number, number];
  upper: [number, number, number, number];
}

/** R's defaults: `lower = c(rep(1e-4, 3), 0.8)`, `upper = c(rep(0.9999, 3), 0.98)`. */
export const ETS_DEFAULT_BOUNDS: EtsBounds = { lower: [1e-4, 1e-4, 1e-4, 0.8], upper: [0.9999, 0.9999, 0.9999, 0.98] };

/** Which of the parameters are estimated (the others are fixed at their model values). */
export interface EtsEstimated {
  beta: boolean;
  gamma: boolean;
  phi: boolean;
}

/**
 * Whether parameters lie within R's "usual" bounds and the admissible region
 * (`bounds = "both"`).
 *
 * @param alpha level smoothing.
 * @param beta trend smoothing (0 without trend).
 * @param gamma seasonal smoothing (0 without season).
 * @param phi damping (1 when not damped).
 * @param estimated which of beta, gamma, phi the model has (alpha always).
 * @param period `m` of a seasonal model, 1 otherwise.
 * @param bounds the usual bounds. Default {@link ETS_DEFAULT_BOUNDS}.
 * @example
 * etsParamsOk(0.3, 0.1, 0, 0.98, { beta: true, gamma: false, phi: true }, 1); // => true
 */
export function etsParamsOk(
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  estimated: EtsEstimated,
  period: number,
  bounds: EtsBounds = ETS_DEFAULT_BOUNDS,
): boolean {
  const { lower, upper } = bounds;
  if (alpha < lower[0] || alpha > upper[0]) return false;
  if (estimated.beta && (beta < lower[1] || beta > alpha || beta > upper[1])) return false;
  if (estimated.phi && (phi < lower[3] || phi > upper[3])) return false;
  if (estimated.gamma && (gamma < lower[2] || gamma > 1 - alpha || gamma > upper[2])) return false;
  return etsAdmissible(alpha, beta, gamma, phi, estimated, period);
}

/**
 * R's admissibility test of ETS parameters (Hyndman et al. 2008, chapter 10): for a
 * non-seasonal model inequalities on alpha, beta and phi; for a seasonal one further
 * inequalities and all roots of
 * `z^(m+1) + (a+b-phi) z^m + (a+b-a phi) (z^(m-1) + ... + z^2) + (a+b-a phi+g-1) z + phi (1-a-g)`
 * within the circle of radius 1 + 1e-10.
 *
 * @param alpha level smoothing.
 * @param beta trend smoothing (0 without trend).
 * @param gamma seasonal smoothing.
 * @param phi damping (1 when not damped).
 * @param estimated which parameters the model has.
 * @param period `m`, 1 for a non-seasonal model.
 * @example
 * etsAdmissible(0.1, 0, 0.05, 1, { beta: false, gamma: true, phi: false }, 24); // => true
 */
export function etsAdmissible(alpha: number, beta: number, gamma: number, phi: number, estimated: EtsEstimated, period: number): boolean {
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!estimated.gamma) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (estimated.beta && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  const m = period;
  if (m <= 1) return true;
  const b = estimated.beta ? beta : 0;
  const d = 1 - 1 / phi - alpha;
  if (gamma < (d > 0 ? d : 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (gamma / m + alpha)) return false;
  // coefficients from the highest power down, as R passes them to cpolyroot
  if (coefScratch.length !== m + 2) coefScratch = new Float64Array(m + 2);
  const coef = coefScratch;
  coef[0] = 1;
  coef[1] = alpha + b - phi;
  for (let i = 0; i < m - 2; i++) coef[2 + i] = alpha + b - alpha * phi;
  coef[m] = alpha + b - alpha * phi + gamma - 1;
  coef[m + 1] = phi * (1 - alpha - gamma);
  return rootsWithin(coef, 1 + 1e-10);
}

/**
 * Whether every root of the polynomial `coef[0] z^d + coef[1] z^(d-1) + ... + coef[d]`
 * (`coef[0]` not 0) has modulus at most `radius`.
 *
 * @param coef coefficients, highest power first (changed: used as scratch).
 * @param radius the circle's radius.
 * @example
 * rootsWithin(Float64Array.of(1, -1.5, 0.5), 1 + 1e-10); // => true (roots 1 and 0.5)
 */
export function rootsWithin(coef: Float64Array, radius: number): boolean {
  let d = coef.length - 1;
  const a = coef;
  // Divide out roots at exactly z = 1 (synthetic division, in place), which lie on the
  // circle's inside and would make the recursion below divide by nearly 0.
  for (;;) {
    if (d === 0) return true;
    let value = 0;
    let size = 0;
    for (let i = 0; i <= d; i++) {
      value += a[i];
      size += Math.abs(a[i]);
    }
    if (Math.abs(value) > 1e-13 * size) break;
    for (let i = 1; i < d; i++) a[i] += a[i - 1];
    d--;
  }
  // Scale to the unit circle and make monic: w = z / radius.
  if (scratch.length < 2 * (d + 1)) scratch = new Float64Array(2 * (d + 1));
  const k = scratch; // k[0..d]; the next row in k[d + 1 ..]
  const next = d + 1;
  let scale = 1 / a[0];
  for (let i = 0; i <= d; i++) {
    k[i] = a[i] * scale;
    scale /= radius;
  }
  // Step-down: with a_d the reflection coefficient, all roots inside iff every |a_d| < 1.
  for (let deg = d; deg >= 1; deg--) {
    const r = k[deg];
    if (!(Math.abs(r) < 1)) return false;
    const inv = 1 / (1 - r * r);
    for (let i = 1; i < deg; i++) k[next + i] = (k[i] - r * k[deg - i]) * inv;
    for (let i = 1; i < deg; i++) k[i] = k[next + i];
  }
  return true;
}

/** Working space of {@link rootsWithin}, grown on demand (one thread, no re-entry). */
let scratch = new Float64Array(64);
