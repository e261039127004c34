/**
 * Notebook 10 (many series, one GRU) runs top to bottom in the real tslab kernel on 50 of
 * M4's hourly series (a collection: one model for all, as for the whole set) with 2 epochs, and prints its score table, its verdict and its charts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedText, runRunner } from '../helpers/notebooks';

const NAME = '10-many-series.ipynb';
const SMALL = ['-p', 'seriesLimit=50', '-p', 'epochs=2', '-p', 'windowsPerSeries=128'];

/** A row of the printed score table: its cells after the method's name. */
function tableRow(text: string, method: string): string[] {
  const line = text.split('\n').find((l) => new RegExp(`^║ ${method.replace(/[()]/g, '\\$&')} +│`).test(l));
  assert.ok(line !== undefined, `no row '${method}' in the score table`);
  return line.split('│').slice(1).map((c) => c.replace('║', '').trim());
}

test('notebook 10 runs on 50 hourly M4 series and scores the GRU against ETS and Theta', { timeout: 300_000 }, () => {
  const r = runRunner(['10', ...SMALL]);
  assert.equal(r.status, 0, `runner failed:\n${r.stderr}`);
  const nb = r.read(NAME);
  assert.deepEqual(errorsOf(nb), []);
  const text = printedText(nb);
  assert.match(text, /Series: 50 of 374 \(\d+ training rows\); horizon 48, season 24/);
  assert.match(text, /Window: 168 hours, read 24 values per GRU step \(7 steps\)/);
  assert.match(text, /Training windows: 6400, validation windows: 50; epochs run: [12]\n/);
  assert.match(text, /Forecast table: 2400 rows \(50 series × 48 steps\), columns unique_id, ds, forecast, lo_80, hi_80, lo_95, hi_95, model/);
  // the score table: grulab, the GRU and ETS rows, with sane figures
  for (const method of ['grulab', 'GRU (global)', 'ETS', 'Theta', 'Naive2']) {
    const [series, smape, mase, owa, , cover80, cover95] = tableRow(text, method);
    assert.equal(series, '50', `${method} scored on every series`);
    for (const v of [smape, mase, owa]) assert.ok(Number.isFinite(Number(v)) && Number(v) > 0, `${method}: ${v}`);
    for (const c of [cover80, cover95]) {
      const pct = Number.parseFloat(c);
      assert.ok(pct >= 0 && pct <= 100, `${method} coverage ${c}`);
    }
  }
  assert.equal(Number(tableRow(text, 'Naive2')[3]), 1, "Naive2's OWA is 1 by definition");
  assert.match(text, /ES-RNN \(Smyl; submission 118, 1st\) +sMAPE +9\.328 +MASE +0\.893 +OWA +0\.440/);
  // the verdict, worded from the printed figures
  const gruOwa = Number(tableRow(text, 'GRU (global)')[3]);
  const etsOwa = Number(tableRow(text, 'ETS')[3]);
  const verdict = /Over these 50 series the global GRU's OWA is (\d\.\d{3}): (lower \(better\)|higher \(worse\)|equal to) than ETS's (\d\.\d{3}), .* than Theta's \d\.\d{3}\./.exec(text);
  assert.ok(verdict, 'the OWA verdict is printed');
  assert.equal(Number(verdict[1]), gruOwa);
  assert.equal(Number(verdict[3]), etsOwa);
  assert.equal(verdict[2].startsWith('lower'), gruOwa < etsOwa);
  assert.match(text, gruOwa > etsOwa ? /The GRU loses to ETS/ : /The GRU (beats|loses to) /);
  assert.match(text, /Series by series, the GRU's MASE is lower than ETS's on \d+ of 50 series/);
  assert.match(text, /ES-RNN's published OWA is 0\.440 \(all 414 series\): the GRU's \d\.\d{3} is (lower|higher|equal)/);
  assert.match(text, /One training run \(seed 42, 2 epochs at most, 50 of 374 series\)/);
  // the charts: the data, the windows, the forecast grid and the score table
  const plots = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['application/vnd.plotly.v1+json'] !== undefined);
  const titles = plots.map((o) => (o.data?.['application/vnd.plotly.v1+json'] as { layout?: { title?: { text?: string } } }).layout?.title?.text ?? '');
  assert.equal(plots.length, 4, titles.join(' | '));
  assert.ok(titles.some((t) => /^Forecasts of \d+ of 50 series \(48 steps\)$/.test(t)), titles.join(' | '));
  assert.ok(titles.some((t) => /^Scores over 50 series/.test(t)), titles.join(' | '));
});
