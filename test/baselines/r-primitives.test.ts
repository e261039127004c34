// The building blocks of the statistical methods against R run live, on real M4 series:
// R's acf, decompose (multiplicative and additive), qnorm, lsfit, the M4 seasonality test
// (as M4-methods' SeasonalityTest is written) and the admissibility decision of ETS
// parameters (R's polyroot of the characteristic polynomial, as forecast's C++ asks it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { autocorrelation, seasonalityTest } from '../../src/baselines/seasonality-test';
import { decompose } from '../../src/baselines/decompose';
import { normalQuantile } from '../../src/baselines/normal-quantile';
import { lineFit } from '../../src/baselines/regression';
import { etsAdmissible } from '../../src/baselines/ets-admissible';
import { readM4File } from '../../src/data/m4';
import { rSkip, runR } from '../helpers/rscript';
import { tempDir } from '../helpers/temp-dir';

const skip = rSkip('R primitives');
const DATA = join(__dirname, '..', '..', 'datasets', 'm4');
const hourly = readM4File(join(DATA, 'Hourly-train.csv'));
const weekly = readM4File(join(DATA, 'Weekly-train.csv'));
/** Named series: hourly H2, H3, H12, H42 (700 hours), H170 (960 hours); weekly W1, W2, W5, W7 (1603 to 2179 weeks), W296 (80 weeks). */
const NAMED = ['H2', 'H3', 'H12', 'H42', 'H170', 'W1', 'W2', 'W5', 'W7', 'W296'];
const byId = new Map([...hourly, ...weekly].map((s) => [s.id, s.values]));

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) assert.ok(Number.isNaN(a[i]), `index ${i}: expected NaN, got ${a[i]}`);
    else worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  }
  return worst;
};

test('acf, decompose, qnorm, lsfit and the M4 seasonality test agree with R', { skip, timeout: 300_000 }, () => {
  const dir = tempDir('grulab-r-primitives-');
  const file = join(dir, 'series.csv');
  // every hourly series (for the seasonality test) and the named weekly ones
  const all = [...hourly, ...weekly.filter((s) => NAMED.includes(s.id))];
  writeFileSync(file, all.map((s) => [s.id, ...s.values].join(',')).join('\n') + '\n');
  const script = `
    lines <- strsplit(readLines("${file}"), ",")
    num <- function(v) paste(sprintf("%.17g", as.numeric(v)), collapse = " ")
    named <- c(${NAMED.map((id) => `"${id}"`).join(', ')})
    for (cells in lines) {
      id <- cells[1]; x <- as.numeric(cells[-1]); m <- if (substr(id, 1, 1) == "H") 24 else 1
      y <- ts(x, frequency = m)
      # M4-methods' SeasonalityTest, as written there
      seasonal <- FALSE
      if (m > 1 && length(y) >= 3 * m) {
        xacf <- acf(y, plot = FALSE)$acf[-1, 1, 1]
        clim <- 1.645 / sqrt(length(y)) * sqrt(cumsum(c(1, 2 * xacf^2)))
        seasonal <- abs(xacf[m]) > clim[m]
        if (is.na(seasonal)) seasonal <- FALSE
      }
      cat(id, "seasonal", as.integer(seasonal), "\\n")
      if (id %in% named) {
        cat(id, "acf", num(acf(x, plot = FALSE)$acf), "\\n")
        cat(id, "acf5", num(acf(x, lag.max = 5, plot = FALSE)$acf), "\\n")
        cat(id, "lsfit", num(lsfit(0:(length(x) - 1), x)$coefficients), "\\n")
        if (m > 1) {
          d <- decompose(y, type = "multiplicative")
          cat(id, "mfigure", num(d$figure), "\\n")
          cat(id, "mtrend", num(d$trend), "\\n")
          cat(id, "afigure", num(decompose(y, type = "additive")$figure), "\\n")
        }
      }
    }
    cat("qnorm", num(qnorm(c(0.5 + c(50, 80, 90, 95, 99) / 200, 1e-12, 0.3))), "\\n")`;
  const out = runR(['-e', script], 240_000);
  const got = new Map<string, number[]>();
  for (const line of out.trim().split('\n')) {
    const [id, kind, ...rest] = line.trim().split(/\s+/);
    if (id === 'qnorm') got.set('qnorm', [kind, ...rest].map(Number));
    else got.set(`${id} ${kind}`, rest.map((t) => (t === 'NA' ? NaN : Number(t))));
  }
  let seasonalCount = 0;
  for (const s of all) {
    const period = s.id.startsWith('H') ? 24 : 1;
    const ours = seasonalityTest(s.values, period, 'm4');
    assert.equal(ours ? 1 : 0, got.get(`${s.id} seasonal`)?.[0], `${s.id}: seasonality test`);
    if (ours && period === 24) seasonalCount++;
  }
  console.log(`# M4 seasonality test: ${seasonalCount} of ${hourly.length} hourly series seasonal, as in R`);
  let worst = 0;
  for (const id of NAMED) {
    const x = byId.get(id) as number[];
    worst = Math.max(worst, maxRel(autocorrelation(x), got.get(`${id} acf`) as number[]));
    worst = Math.max(worst, maxRel(autocorrelation(x, 5), got.get(`${id} acf5`) as number[]));
    const line = lineFit(x.map((_, i) => i), x);
    worst = Math.max(worst, maxRel([line.intercept, line.slope], got.get(`${id} lsfit`) as number[]));
    if (id.startsWith('H')) {
      const d = decompose(x, 24, 'multiplicative');
      worst = Math.max(worst, maxRel(d.figure, got.get(`${id} mfigure`) as number[]), maxRel(d.trend, got.get(`${id} mtrend`) as number[]));
      // additive figures sum to 0: compare against the figure's scale
      const rAdd = got.get(`${id} afigure`) as number[];
      const scale = Math.max(...rAdd.map(Math.abs));
      decompose(x, 24, 'additive').figure.forEach((v, i) => assert.ok(Math.abs(v - rAdd[i]) <= 1e-10 * scale, `${id} additive figure ${i}`));
    }
  }
  console.log(`# acf, lsfit, decompose: largest relative difference from R ${worst.toExponential(2)} on ${NAMED.join(', ')}`);
  assert.ok(worst < 1e-9, `largest relative difference ${worst}`);
  const q = got.get('qnorm') as number[];
  [0.75, 0.9, 0.95, 0.975, 0.995, 1e-12, 0.3].forEach((p, i) => assert.ok(Math.abs(normalQuantile(p) - q[i]) <= 1e-15 * Math.abs(q[i]), `qnorm(${p})`));
});

test('ETS admissibility decides as R\'s polyroot does, near the boundary too', { skip, timeout: 120_000 }, () => {
  // R draws parameter sets (some outside the usual bounds, many with a root at exactly 1)
  // and says whether the characteristic polynomial's largest root modulus exceeds 1 + 1e-10.
  const out = runR([
    '-e',
    `set.seed(7)
     for (i in 1:3000) {
       m <- sample(c(2, 4, 7, 12, 24), 1); a <- runif(1); trend <- runif(1) < 0.5
       b <- if (trend) runif(1, 0, a) else 0; g <- runif(1, 0, 1 - a) * runif(1, 0, 1.3)
       phi <- if (runif(1) < 0.5) 1 else runif(1, 0.8, 1)
       if (runif(1) < 0.2) { b <- runif(1, -0.3, 0.5); g <- runif(1, -0.2, 1.5) }
       P <- c(phi * (1 - a - g), a + b - a * phi + g - 1, rep(a + b - a * phi, m - 2), a + b - phi, 1)
       cat(sprintf("%.17g", c(m, a, b, g, phi, max(abs(polyroot(P))))), "\\n")
     }`,
  ]);
  let disagree = 0;
  let onCircle = 0;
  const rows = out.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number));
  for (const [m, a, b, g, phi, root] of rows) {
    // the polynomial test alone: the easy inequalities are R's too, so give them values they pass
    const rSays = !(root > 1 + 1e-10);
    const estimated = { beta: true, gamma: true, phi: true };
    const easy = g >= Math.max(1 - 1 / phi - a, 0) && g <= 1 + 1 / phi - a && a >= 1 - 1 / phi - (g * (1 - m + phi + phi * m)) / (2 * phi * m) && b >= -(1 - phi) * (g / m + a);
    if (!easy) continue;
    if (Math.abs(root - 1) < 1e-9) onCircle++;
    if (etsAdmissible(a, b, g, phi, estimated, m) !== rSays) disagree++;
  }
  console.log(`# admissibility: ${disagree} disagreements with R's polyroot over ${rows.length} draws (${onCircle} with a root on the unit circle)`);
  assert.equal(disagree, 0);
  assert.ok(onCircle > 100, `draws with a root at 1: ${onCircle}`);
});
