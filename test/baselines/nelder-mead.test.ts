// R's Nelder-Mead, ported: the same path as R's optim(method = "Nelder-Mead") on test
// functions (point, value and evaluation count), checked against R run live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nelderMead } from '../../src/baselines/nelder-mead';
import { rSkip, runR } from '../helpers/rscript';

const skip = rSkip('Nelder-Mead against R');

const rosenbrock = (p: ArrayLike<number>): number => 100 * (p[1] - p[0] * p[0]) ** 2 + (1 - p[0]) ** 2;
const bowl = (p: ArrayLike<number>): number => (p[0] - 3) ** 2 + 10 * (p[1] + 1) ** 2 + (p[2] - 0.5) ** 4 + Math.abs(p[0] * p[2]);

test('nelderMead follows R optim(method = "Nelder-Mead") step for step', { skip }, () => {
  // R: the same functions, R's default control (maxit 500, reltol sqrt(eps)) and a long run.
  const out = runR([
    '-e',
    `f1 <- function(p) 100 * (p[2] - p[1]^2)^2 + (1 - p[1])^2
     f2 <- function(p) (p[1] - 3)^2 + 10 * (p[2] + 1)^2 + (p[3] - 0.5)^4 + abs(p[1] * p[3])
     show <- function(o) cat(sprintf("%.17g", c(o$par, o$value, o$counts[1], o$convergence)), "\\n")
     show(optim(c(-1.2, 1), f1, method = "Nelder-Mead"))
     show(optim(c(-1.2, 1), f1, method = "Nelder-Mead", control = list(maxit = 2000)))
     show(optim(c(0, 0, 0), f2, method = "Nelder-Mead", control = list(maxit = 2000)))
     show(optim(c(0, 0, 0), f2, method = "Nelder-Mead", control = list(maxit = 40)))`,
  ]);
  const rows = out.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number));
  const ours = [
    nelderMead(rosenbrock, [-1.2, 1]),
    nelderMead(rosenbrock, [-1.2, 1], { maxIt: 2000 }),
    nelderMead(bowl, [0, 0, 0], { maxIt: 2000 }),
    nelderMead(bowl, [0, 0, 0], { maxIt: 40 }),
  ];
  ours.forEach((result, k) => {
    const r = rows[k];
    const dim = r.length - 3;
    for (let i = 0; i < dim; i++) assert.equal(result.par[i], r[i], `case ${k}: par[${i}]`);
    assert.equal(result.value, r[dim], `case ${k}: value`);
    assert.equal(result.evaluations, r[dim + 1], `case ${k}: evaluations`);
    assert.equal(result.fail, r[dim + 2], `case ${k}: convergence code`);
  });
});

test('nelderMead: R\'s first simplex, infinite values and its start error', () => {
  const seen: number[][] = [];
  nelderMead((p) => {
    seen.push(Array.from(p));
    return p[0] ** 2 + p[1] ** 2;
  }, [10, 0], { maxIt: 3 });
  // the start, then each coordinate stepped by a tenth of the largest |start| (1)
  assert.deepEqual(seen.slice(0, 3), [[10, 0], [11, 0], [10, 1]]);
  // an infinite value counts as 1e35, so the search keeps away from it
  const bounded = nelderMead((p) => (p[0] < 0 ? Infinity : (p[0] + 1) ** 2), [0.5, 0], { maxIt: 500 });
  assert.ok(bounded.par[0] >= 0 && bounded.value < 1.01, `${bounded.par[0]} ${bounded.value}`);
  assert.throws(() => nelderMead(() => NaN, [1]), /nelderMead: function cannot be evaluated at initial parameters/);
  assert.equal(nelderMead(() => 5, [1], { maxIt: 0 }).evaluations, 0);
});
