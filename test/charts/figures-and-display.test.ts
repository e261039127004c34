/**
 * Figure builders (trace shapes, axis titles, dates) and their display: the notebook
 * messages sent through a stand-in for tslab's message writer, the terminal progress
 * output, and saveHtml. The browser rendering itself is checked in browser.test.ts.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import * as grulab from '../../src/index';
import { inNotebook, liveChart, trainingProgress } from '../../src/internals';

type Trace = { type?: string; name?: string; x?: unknown[]; y?: unknown[]; z?: unknown[][]; xaxis?: string; showlegend?: boolean };
const traces = (f: grulab.Figure): Trace[] => f.data as Trace[];
const axisTitle = (f: grulab.Figure, key: string): string | undefined =>
  ((f.layout as Record<string, { title?: { text?: string } } | undefined>)[key])?.title?.text;
const titleOf = (f: grulab.Figure): string | undefined => (f.layout.title as { text?: string } | undefined)?.text;

const dates = ['2010-01-01', '2010-01-02', '2010-01-03', '2010-01-04'];

describe('figure builders', () => {
  it('timeSeriesFigure: one line per column, dates as Plotly strings, units on the y axis', () => {
    const f = grulab.timeSeriesFigure({ dates, series: { Temperature: [1, 2, 3, 4], Humidity: new Float32Array([5, NaN, 7, 8]) }, yLabel: 'Reading', units: '°C' });
    assert.deepEqual(traces(f).map((t) => [t.type, t.name, t.x?.length, t.y?.length]), [['scatter', 'Temperature', 4, 4], ['scatter', 'Humidity', 4, 4]]);
    assert.deepEqual(traces(f)[0].x, dates);
    assert.equal(traces(f)[1].y?.[1], null, 'NaN becomes a gap');
    assert.equal(axisTitle(f, 'xaxis'), 'Date');
    assert.equal(axisTitle(f, 'yaxis'), 'Reading (°C)');
    assert.equal(titleOf(f), 'Time series');
  });

  it('dates: Date objects in UTC, times kept, bad entries named', () => {
    const f = grulab.timeSeriesFigure({
      dates: [new Date(Date.UTC(2010, 0, 1)), new Date(Date.UTC(2010, 0, 1, 6, 30)), '2010-01-02T07:15', '2010-01-03 08:00:05.250'],
      series: { v: [1, 2, 3, 4] },
    });
    assert.deepEqual(traces(f)[0].x, ['2010-01-01', '2010-01-01 06:30:00', '2010-01-02 07:15:00', '2010-01-03 08:00:05.250']);
    assert.throws(() => grulab.timeSeriesFigure({ dates: ['2010-01-01', 'soon'], series: { v: [1, 2] } }), /dates\[1\] must be a Date or a date string.*"soon"/);
    assert.throws(() => grulab.timeSeriesFigure({ dates, series: { v: [1, 2] } }), /series\['v'\] has 2 values, expected 4/);
    assert.throws(() => grulab.timeSeriesFigure({ dates, series: {} }), /at least one column/);
  });

  it('forecastFigure: actual, train and test spans on their dates, next-day marker one day on', () => {
    const f = grulab.forecastFigure({ dates, actual: [20, 21, 22, 23], train: { start: 0, values: [20.1, 21.2] }, test: { start: 2, values: [21.8, 23.1] }, next: { value: 24.5 } });
    assert.deepEqual(traces(f).map((t) => t.name), ['Actual', 'Train prediction', 'Test prediction', 'Next-day forecast']);
    assert.deepEqual(traces(f)[1].x, ['2010-01-01', '2010-01-02']);
    assert.deepEqual(traces(f)[2].x, ['2010-01-03', '2010-01-04']);
    assert.deepEqual(traces(f)[3].x, ['2010-01-05']);
    assert.equal(f.layout.shapes?.length, 2, 'one shaded region per part');
    assert.equal(axisTitle(f, 'yaxis'), 'Temperature (°C)');
    assert.match(JSON.stringify(f.data[3]), /24\.50 °C/);
    assert.throws(() => grulab.forecastFigure({ dates, actual: [1, 2, 3, 4], test: { start: 3, values: [1, 2] } }), /test\.start must be an integer.*got start 3 and 2 values/);
    assert.throws(() => grulab.forecastFigure({ dates, actual: [1, 2, 3] }), /actual has 3 values, expected 4/);
  });

  it('historyFigure: epochs from 1, log-scale option, valLoss length checked', () => {
    const f = grulab.historyFigure({ history: { loss: [0.3, 0.2, 0.1], valLoss: [0.4, 0.3, 0.2] }, logScale: true });
    assert.deepEqual(traces(f).map((t) => [t.name, t.x]), [['loss', [1, 2, 3]], ['val loss', [1, 2, 3]]]);
    assert.equal((f.layout.yaxis as { type?: string }).type, 'log');
    assert.equal(axisTitle(f, 'xaxis'), 'Epoch');
    // a tick per epoch for short histories (no fractional ticks printed as repeated integers), Plotly's own beyond
    assert.equal((f.layout.xaxis as { dtick?: number }).dtick, 1);
    const long = grulab.historyFigure({ history: { loss: Array.from({ length: 40 }, (_, i) => 1 / (i + 1)) } });
    assert.equal((long.layout.xaxis as { dtick?: number }).dtick, undefined);
    assert.equal(grulab.historyFigure({ history: { loss: [1] } }).data.length, 1);
    assert.throws(() => grulab.historyFigure({ history: { loss: [1, 2], valLoss: [1] } }), /valLoss has 1 values, expected 2/);
  });

  it('gateHeatmapsFigure: three heatmaps, z transposed to [units, timeSteps]', () => {
    // 3 time steps x 2 units: input[t][u] = 10 t + u, so z[u][t] must equal 10 t + u.
    const m = [[0, 1], [10, 11], [20, 21]];
    const f = grulab.gateHeatmapsFigure({ updateGate: m, resetGate: m, hiddenState: m });
    assert.deepEqual(traces(f).map((t) => [t.type, t.xaxis]), [['heatmap', 'x'], ['heatmap', 'x2'], ['heatmap', 'x3']]);
    assert.deepEqual(traces(f)[0].z, [[0, 10, 20], [1, 11, 21]]);
    assert.deepEqual(traces(f)[0].x, [1, 2, 3]);
    assert.equal(axisTitle(f, 'xaxis3'), 'Time step (1 = oldest)');
    assert.equal(axisTitle(f, 'yaxis2'), 'Unit');
    assert.throws(() => grulab.gateHeatmapsFigure({ updateGate: m, resetGate: [[1, 2]], hiddenState: m }), /resetGate has shape \[1, 2\], expected \[3, 2\]/);
    assert.throws(() => grulab.gateHeatmapsFigure({ updateGate: [[1, 2], [3]], resetGate: m, hiddenState: m }), /updateGate\[1\] has 1 units, expected 2/);
  });

  it('comparisonBarsFigure: a panel per metric with its units, one bar per model', () => {
    const f = grulab.comparisonBarsFigure({ models: ['GRU', 'LSTM'], metrics: [
      { name: 'Parameters', units: 'count', values: [7950, 10600] }, { name: 'Test MAE', units: '°C', values: [1.3, 1.4] }] });
    assert.deepEqual(traces(f).map((t) => [t.type, t.name, t.x?.[0], t.showlegend]),
      [['bar', 'GRU', 'GRU', true], ['bar', 'LSTM', 'LSTM', true], ['bar', 'GRU', 'GRU', false], ['bar', 'LSTM', 'LSTM', false]]);
    assert.equal(axisTitle(f, 'yaxis'), 'Parameters (count)');
    assert.equal(axisTitle(f, 'yaxis2'), 'Test MAE (°C)');
    assert.throws(() => grulab.comparisonBarsFigure({ models: ['GRU'], metrics: [{ name: 'MAE', units: '°C', values: [1, 2] }] }), /metrics\[0\] \('MAE'\) has 2 values, expected 1/);
  });

  it('gradientNormFigure: one line per model, log y with non-positive norms as gaps', () => {
    const f = grulab.gradientNormFigure({ stepsBack: [1, 2, 3], series: { RNN: [1, 0.01, 0], GRU: [1, 0.5, 0.25] } });
    assert.deepEqual(traces(f).map((t) => [t.name, t.y]), [['RNN', [1, 0.01, null]], ['GRU', [1, 0.5, 0.25]]]);
    assert.equal((f.layout.yaxis as { type?: string }).type, 'log');
    assert.equal((grulab.gradientNormFigure({ stepsBack: [1], series: { a: [0] }, logY: false }).layout.yaxis as { type?: string }).type, undefined);
    assert.throws(() => grulab.gradientNormFigure({ stepsBack: [1, 2], series: { a: [1] } }), /series\['a'\] has 1 values, expected 2/);
  });

  it('every figure has a title, axis titles, the shared look, and is plain JSON', () => {
    const m = [[0.5]];
    const figs = [
      grulab.timeSeriesFigure({ dates, series: { a: [1, 2, 3, 4] } }),
      grulab.forecastFigure({ dates, actual: [1, 2, 3, 4] }),
      grulab.historyFigure({ history: { loss: [1] } }),
      grulab.gateHeatmapsFigure({ updateGate: m, resetGate: m, hiddenState: m }),
      grulab.comparisonBarsFigure({ models: ['a'], metrics: [{ name: 'n', units: 's', values: [1] }] }),
      grulab.gradientNormFigure({ stepsBack: [1], series: { a: [1] } }),
    ];
    for (const f of figs) {
      assert.ok(titleOf(f), 'title');
      const axes = Object.keys(f.layout).filter((k) => /^[xy]axis\d*$/.test(k));
      assert.ok(axes.includes('xaxis') && axes.includes('yaxis'), `${titleOf(f)}: axes`);
      // The stacked gate panels share one time-axis title, under the bottom panel (xaxis3).
      const untitled = titleOf(f) === 'GRU gates over one input sequence' ? ['xaxis', 'xaxis2'] : [];
      for (const key of axes.filter((k) => !untitled.includes(k))) assert.ok(axisTitle(f, key), `${titleOf(f)}: ${key} title`);
      assert.equal(f.layout.font?.family, 'Helvetica, Arial, sans-serif');
      assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
    }
  });
});

/** tslab's kernel module, with a stand-in writer that records messages. */
// require, not import: the test assigns to the module object itself, which an import binding cannot.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
interface Sent { data: Record<string, unknown>; transient?: { display_id?: string }; update: boolean }

describe('display', () => {
  after(() => { jupyter.lastWriteDisplayData = null; });

  it('outside a notebook: show returns nothing and notes it once on stderr', () => {
    jupyter.lastWriteDisplayData = null;
    assert.equal(inNotebook(), false);
    const writes: string[] = [];
    const orig = process.stderr.write;
    process.stderr.write = ((s: string) => { writes.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      assert.equal(grulab.show(grulab.historyFigure({ history: { loss: [1] } })), undefined);
      liveChart(grulab.historyFigure({ history: { loss: [1] } })).update(grulab.historyFigure({ history: { loss: [1, 2] } }));
    } finally {
      process.stderr.write = orig;
    }
    assert.equal(writes.length, 1);
    assert.match(writes[0], /not running in a notebook kernel \(tslab, or deno jupyter\).*saveHtml/);
  });

  it('in a tslab kernel: plotly.js sent once, charts as a 3-type MIME bundle, live updates in place', () => {
    const sent: Sent[] = [];
    jupyter.lastWriteDisplayData = (m: Omit<Sent, 'update'>, update: boolean) => sent.push({ ...m, update });
    assert.equal(inNotebook(), true);
    const fig = grulab.historyFigure({ history: { loss: [0.3, 0.2] } });
    grulab.show(fig);
    grulab.show(fig);
    const live = liveChart(fig);
    live.update(grulab.historyFigure({ history: { loss: [0.3, 0.2, 0.1] } }));
    assert.equal(sent.length, 5);
    const [bundle, chart1, chart2, liveFirst, liveUpdate] = sent;
    const bytes = (s: Sent) => Buffer.byteLength(JSON.stringify(s.data));
    console.log(`# bytes: plotly.js output ${bytes(bundle)}, 2-point history chart ${bytes(chart1)}, live update ${bytes(liveUpdate)}`);
    assert.match(String(bundle.data['text/html']), /grulab-plotly-bundle/);
    assert.ok(bytes(bundle) > 1e6 && bytes(bundle) < 3e6, `plotly.js output is ${bytes(bundle)} bytes`);
    for (const s of [chart1, chart2, liveFirst, liveUpdate]) {
      assert.deepEqual(Object.keys(s.data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
      assert.doesNotMatch(String(s.data['text/html']), /grulab-plotly-bundle/);
      assert.ok(bytes(s) < 20_000);
    }
    assert.deepEqual((chart1.data['application/vnd.plotly.v1+json'] as { data: unknown }).data, fig.data);
    assert.deepEqual([liveFirst.update, liveUpdate.update], [false, true]);
    assert.equal(liveUpdate.transient?.display_id, live.displayId);
    assert.equal(liveFirst.transient?.display_id, live.displayId);
    assert.match(String(liveUpdate.data['text/html']), /"x":\[1,2,3\]/);
  });

  it('trainingProgress in a notebook: one output, batch and epoch updates throttled, the last always shown', () => {
    const run = (throttleMs: number): Sent[] => {
      const sent: Sent[] = [];
      jupyter.lastWriteDisplayData = (m: Omit<Sent, 'update'>, update: boolean) => sent.push({ ...m, update });
      const p = trainingProgress({ throttleMs });
      p.onTrainBegin?.({ epochs: 2, batchesPerEpoch: 50, samples: 1600 });
      for (let e = 0; e < 2; e++) {
        for (let b = 0; b < 50; b++) p.onBatchEnd?.({ epoch: e, batch: b, loss: 1 / (b + 1) });
        p.onEpochEnd?.({ epoch: e, loss: 0.5 - e * 0.1, valLoss: 0.6 - e * 0.1, elapsedMs: 1000 * (e + 1) });
      }
      p.onTrainEnd?.({ history: { loss: [0.5, 0.4], valLoss: [0.6, 0.5] }, elapsedMs: 2000 });
      // The progress output only (the first chart of a session is preceded by plotly.js's own).
      return sent.filter((m) => String(m.data['text/html']).includes('grulab-progress'));
    };
    // Begin and end only: the 100 batch ends and 2 epoch ends fall inside the 60 s throttle
    // (a page redraws every update; at each epoch end JupyterLab 4 fell a minute behind a fast fit).
    const throttled = run(60_000);
    assert.deepEqual(throttled.map((s) => s.update), [false, true]);
    assert.equal(new Set(throttled.map((s) => s.transient?.display_id)).size, 1);
    assert.equal(throttled[1].data['text/plain'], 'Epoch 2/2 · batch 50/50 · loss 0.4000 · val loss 0.5000 · elapsed 2.0 s · done');
    // The epochs' losses were kept while no update was sent: the last chart has both.
    const last = JSON.parse(/var fig = (.*);\n/.exec(String(throttled[1].data['text/html']))![1]) as grulab.Figure;
    assert.deepEqual((last.data as Array<{ name?: string; y?: unknown[] }>).filter((t) => t.name !== 'loss (running)').map((t) => [t.name, t.y]),
      [['loss', [0.5, 0.4]], ['val loss', [0.6, 0.5]]]);
    // Unthrottled: begin, every batch end, every epoch end, end.
    assert.equal(run(0).length, 1 + 100 + 2 + 1);
  });

  it('trainingProgress in a notebook: the live chart has one tick per epoch under 10 epochs, as historyFigure', () => {
    const xaxisOf = (epochs: number): { range?: number[]; dtick?: number } => {
      const sent: Sent[] = [];
      jupyter.lastWriteDisplayData = (m: Omit<Sent, 'update'>, update: boolean) => sent.push({ ...m, update });
      const p = trainingProgress({ throttleMs: 0 });
      p.onTrainBegin?.({ epochs, batchesPerEpoch: 2, samples: 64 });
      p.onEpochEnd?.({ epoch: 0, loss: 0.5, elapsedMs: 100 });
      const html = String(sent[sent.length - 1].data['text/html']);
      const figure = JSON.parse(/var fig = (.*);\n/.exec(html)![1]) as grulab.Figure;
      return figure.layout.xaxis as { range?: number[]; dtick?: number };
    };
    // Plotly's automatic ticks for a 2-epoch run were 0, 0.5, 1, 1.5, 2 (seen in JupyterLab 4).
    const two = xaxisOf(2);
    assert.deepEqual([two.range, two.dtick], [[0, 2], 1]);
    assert.equal(xaxisOf(9).dtick, 1);
    assert.equal(xaxisOf(40).dtick, undefined, "Plotly's own ticks for long runs");
  });

  it('trainingProgress in a notebook: a run stopped early says so, at the last completed epoch', () => {
    const sent: Sent[] = [];
    jupyter.lastWriteDisplayData = (m: Omit<Sent, 'update'>, update: boolean) => sent.push({ ...m, update });
    const p = trainingProgress({ throttleMs: 0 });
    p.onTrainBegin?.({ epochs: 15, batchesPerEpoch: 2, samples: 64 });
    for (let e = 0; e < 4; e++) {
      for (let b = 0; b < 2; b++) p.onBatchEnd?.({ epoch: e, batch: b, loss: 0.5 });
      p.onEpochEnd?.({ epoch: e, loss: 0.5 - e * 0.1, valLoss: 0.6 - e * 0.1, elapsedMs: 1000 * (e + 1) });
    }
    p.onBatchEnd?.({ epoch: 4, batch: 0, loss: 0.9 }); // a batch begun before the abort was seen
    p.onTrainEnd?.({ history: { loss: [0.5, 0.4, 0.3, 0.2], valLoss: [0.6, 0.5, 0.4, 0.3] }, elapsedMs: 4000, interrupted: true });
    assert.equal(sent[sent.length - 1].data['text/plain'], 'Epoch 4/15 · batch 2/2 · loss 0.2000 · val loss 0.3000 · elapsed 4.0 s · stopped early at epoch 4');
  });

  it('trainingProgress in a terminal: one line per epoch when not a TTY, a bar when it is', () => {
    jupyter.lastWriteDisplayData = null;
    const run = (isTTY: boolean): string => {
      const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
      let text = '';
      stream.on('data', (b: Buffer) => { text += b.toString(); });
      const p = trainingProgress({ stream });
      p.onTrainBegin?.({ epochs: 2, batchesPerEpoch: 3, samples: 96 });
      for (let e = 0; e < 2; e++) {
        for (let b = 0; b < 3; b++) p.onBatchEnd?.({ epoch: e, batch: b, loss: 0.5 });
        p.onEpochEnd?.({ epoch: e, loss: 0.5 - e * 0.25, valLoss: 0.75, elapsedMs: 1500 * (e + 1) });
      }
      p.onTrainEnd?.({ history: { loss: [0.5, 0.25] }, elapsedMs: 3000, stoppedEpoch: 1 });
      return text;
    };
    assert.equal(run(false), [
      'Epoch 1/2 - loss 0.5000 - val loss 0.7500 - elapsed 1.5 s - ETA 1.5 s',
      'Epoch 2/2 - loss 0.2500 - val loss 0.7500 - elapsed 3.0 s - ETA 0.0 s',
      'Training done: stopped early at epoch 2 in 3.0 s', ''].join('\n'));
    const tty = run(true);
    assert.match(tty, /Epoch 2\/2 \|.*\| 100% \| loss 0\.2500 \| val loss 0\.7500/);
    assert.match(tty, /Training done/);
  });
});

describe('saveHtml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grulab-charts-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a standalone page with plotly.js inlined, atomically', () => {
    const file = path.join(dir, 'history.html');
    grulab.saveHtml(grulab.historyFigure({ history: { loss: [1, 0.5] } }), file);
    const html = fs.readFileSync(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<title>Training history<\/title>/);
    assert.ok(html.includes('window.Plotly') && html.includes('class="grulab-chart"'));
    assert.deepEqual(fs.readdirSync(dir), ['history.html'], 'no temporary file left');
    assert.throws(() => grulab.saveHtml(grulab.historyFigure({ history: { loss: [1] } }), path.join(dir, 'missing', 'x.html')), /folder '.*missing' of filePath/);
    assert.deepEqual(fs.readdirSync(dir), ['history.html']);
  });
});
