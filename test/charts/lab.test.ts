/**
 * The lessons in a real JupyterLab (3.6, built from npm by test/lab-app/, served by Debian's
 * jupyterlab_server), driven in Debian's Chromium by playwright-core, offline:
 *  - notebooks 01 and 04 (copies with small parameters) run live with the tslab kernel
 *    (Run > Run All Cells): the training progress is one output updated in place, every
 *    chart draws, no page errors;
 *  - saved, closed and reopened in a fresh page with the kernel shut down: the charts draw;
 *  - the executed copy that `npm run notebooks` wrote (and signed) opens with its charts;
 *  - all of it twice: with Plotly's JupyterLab renderer (jupyterlab-plotly, as `pip install
 *    plotly` brings it) and with it disabled, as `jupyter labextension disable` does.
 * Screenshots go to out/screenshots/lab-*.png (the window, and each chart on its own).
 *
 * Run: node --import tsx --test test/lab.test.ts   (builds test/lab-app on first use)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { injectParameters, readNotebook, withCellIds, writeNotebookAtomic, type ParameterValue } from '../../src/notebook-runner/notebook';
import { ensureLabApp, labMissing, registerTestKernel, startLab, jupyterEnv, type LabServer } from '../helpers/lab-app';
import { addStaticImages } from '../../src/notebook-runner/static-images';
import { countCharts, inspectLab, labRoute, openInLab, waitForCharts, runAllObserving, closeAndShutdown, type LabView } from '../helpers/lab-page';
import { projectRoot } from '../helpers/paths';

const ROOT = projectRoot;

/** In the page (defined by openInLab): the node of the document open in front. */
declare function currentNode(): Element;
const SHOTS = path.join(ROOT, 'out', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The lessons and their small values: enough training in 04 to watch the progress move. */
const LESSONS: Array<{ file: string; parameters: Record<string, ParameterValue> }> = [
  { file: '01-gru-basics.ipynb', parameters: { timingEpochs: 20, sweepSeeds: 2, compareSeeds: 2, maxEpochs: 600 } },
  { file: '04-temperature-forecasting.ipynb', parameters: { epochs: 1, maxTrainWindows: 2000 } },
];

const CONFIGS = [
  { name: 'with-plotly-extension', disabled: [] as string[], plotlyRenderer: true },
  { name: 'without-plotly-extension', disabled: ['jupyterlab-plotly'], plotlyRenderer: false },
];

function missing(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium)`;
  return labMissing();
}
const why = missing();
// Skipped only where the tools are absent, and never in CI, where .ci/run installs them.
const skip = why !== undefined && process.env.CI === undefined ? why : false;
if (skip) console.log(`# JupyterLab tests skipped: ${skip}`);

describe('lessons in JupyterLab', { skip, timeout: 40 * 60_000 }, () => {
  // Inside the project (out/ is ignored) so the kernels resolve `grulab` from node_modules;
  // `datasets` links to the real folder so the notebooks' ../datasets paths work.
  const tmp = path.join(ROOT, 'out', `lab-test-${process.pid}`);
  const executedDir = path.join(tmp, 'executed');
  let browser: Browser;
  /** What the executed copies hold: charts per notebook (chart outputs + live training charts). */
  const expected = new Map<string, { charts: number; plotlyOutputs: number; progress: number }>();

  before(() => {
    const build = ensureLabApp();
    console.log(`# test JupyterLab: ${build.how} in ${build.seconds.toFixed(1)} s (key ${build.key})`);
    const built = path.join(ROOT, 'dist', 'index.js');
    assert.ok(fs.existsSync(built), 'run `npm run build` first: the notebooks import the built grulab');
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(path.join(tmp, 'notebooks'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'datasets'), path.join(tmp, 'datasets'));
    fs.mkdirSync(SHOTS, { recursive: true });
    registerTestKernel(tmp);
    for (const { file, parameters } of LESSONS) {
      const notebook = withCellIds(injectParameters(readNotebook(path.join(ROOT, 'notebooks', file)), parameters, file));
      writeNotebookAtomic(path.join(tmp, 'notebooks', file), notebook);
    }
    // The executed copies, as a user makes them: the runner, signed in the test's Jupyter data folder.
    const started = Date.now();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'notebooks-command.js'), '--dir', path.join(tmp, 'notebooks'), '--out', executedDir],
      { env: jupyterEnv(tmp), encoding: 'utf8', timeout: 15 * 60_000 });
    assert.equal(run.status, 0, `npm run notebooks failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /signed 2 executed copies with Jupyter's notebook trust/);
    console.log(`# npm run notebooks on the two copies: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const { file } of LESSONS) {
      const counts = countCharts(JSON.parse(fs.readFileSync(path.join(executedDir, file), 'utf8')));
      expected.set(file, counts);
      console.log(`# ${file}: ${counts.charts} charts (${counts.plotlyOutputs} chart outputs, ${counts.progress} training progress outputs)`);
    }
  });

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROME_ARGS });
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const config of CONFIGS) {
    describe(config.name, () => {
      let lab: LabServer;
      let workDir = '';
      const newPage = async (): Promise<Page> => {
        const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
        await page.route(/^https?:\/\//, labRoute);
        return page;
      };

      before(async () => {
        // Each configuration runs its own copies, so the saves of one do not feed the other.
        workDir = path.join(tmp, config.name);
        fs.mkdirSync(workDir);
        for (const { file } of LESSONS) fs.copyFileSync(path.join(tmp, 'notebooks', file), path.join(workDir, file));
        lab = await startLab({ root: tmp, tmp, disabled: config.disabled });
      });

      after(async () => {
        const left = await lab?.stop();
        assert.deepEqual(left, [], 'kernel processes outlived the test JupyterLab');
      });

      for (const { file } of LESSONS) {
        const stem = `lab-${config.name}-${file.slice(0, 2)}`;
        const relative = `${config.name}/${file}`;

        it(`${file}: Run All live, progress in place, every chart drawn; saved, reopened: charts again`, async () => {
          const want = expected.get(file)!;
          let page = await newPage();
          const view: LabView = await openInLab(page, lab.notebookUrl(relative));
          assert.equal(view.kernelName, 'tslab', `kernel ${view.kernelName} (${view.kernelDisplayName})`);
          assert.equal(view.mimeExtensions.includes('@jupyterlab/plotly-extension:factory'), config.plotlyRenderer, `renderers: ${view.mimeExtensions.join(', ')}`);
          const started = Date.now();
          const live = await runAllObserving(page, path.join(SHOTS, `${stem}-training.png`));
          console.log(`# ${config.name} ${file}: Run All in ${((Date.now() - started) / 1000).toFixed(1)} s; progress states seen: ${live.states.length} (${live.states.slice(0, 3).join(' | ')} ...)`);
          assert.deepEqual(live.failedCells, [], 'cells failed');
          // One output per training run, replaced in place: never more progress outputs than at the end.
          assert.equal(live.progressOutputs, want.progress, 'training progress outputs');
          assert.equal(live.maxProgressOutputs, want.progress, 'a progress update added an output instead of replacing it');
          if (file.startsWith('04')) assert.ok(live.states.length >= 3, `expected several progress states during the run, saw ${JSON.stringify(live.states)}`);
          assert.ok(live.states.some((s) => / done$/.test(s)), 'the progress ends with "done"');
          const drawn = await waitForCharts(page, want.charts);
          assert.equal(drawn.plots, want.charts, `charts drawn (svg.main-svg): ${JSON.stringify(drawn)}`);
          assert.equal(drawn.byPlotlyRenderer, config.plotlyRenderer ? want.plotlyOutputs : 0, 'charts drawn by jupyterlab-plotly');
          if (file.startsWith('01')) {
            // The GRU cell diagram is a markdown attachment (SVG): JupyterLab must resolve and draw it.
            const diagrams = await page.evaluate(() => Array.from(currentNode().querySelectorAll('.jp-MarkdownOutput img'))
              .filter((img) => (img as HTMLImageElement).naturalWidth > 0 && (img as HTMLElement).offsetHeight > 0).length);
            assert.ok(diagrams >= 1, `the GRU cell diagram (attachment:gru-cell.svg) was not drawn: ${diagrams} images shown`);
          }
          await inspectLab(page, path.join(SHOTS, `${stem}-live`));
          assert.deepEqual(live.errors.concat(drawn.errors), [], 'page errors');
          await closeAndShutdown(page, lab, true);
          await page.close();

          // Reopened in a fresh page: plotly.js must come from the saved notebook itself.
          page = await newPage();
          const reopened = await openInLab(page, lab.notebookUrl(relative), { waitForKernel: false });
          assert.ok(reopened.trusted, 'the notebook JupyterLab saved should be trusted on reopen');
          const again = await waitForCharts(page, want.charts, { hoverImages: config.plotlyRenderer });
          await inspectLab(page, path.join(SHOTS, `${stem}-reopened`), { eachChart: false });
          assert.equal(again.plots, want.charts, `charts drawn after reopening: ${JSON.stringify(again)}`);
          assert.deepEqual(again.errors, [], 'page errors after reopening');
          await closeAndShutdown(page, lab, false);
          await page.close();
        });

        it(`${file}: the executed copy from npm run notebooks opens with its charts`, async () => {
          const want = expected.get(file)!;
          const copy = path.join(workDir, `executed-${file}`);
          fs.copyFileSync(path.join(executedDir, file), copy);
          const page = await newPage();
          const view = await openInLab(page, lab.notebookUrl(`${config.name}/executed-${file}`), { waitForKernel: false });
          assert.ok(view.trusted, 'the runner signed the copy, so JupyterLab should trust it');
          const drawn = await waitForCharts(page, want.charts);
          await inspectLab(page, path.join(SHOTS, `${stem}-executed`));
          assert.equal(drawn.plots, want.charts, `charts drawn: ${JSON.stringify(drawn)}`);
          assert.deepEqual(drawn.errors, [], 'page errors');
          await closeAndShutdown(page, lab, false);
          await page.close();
        });

        it(`${file}: an unsigned copy draws only what needs no script; with --static-images it shows pictures`, async () => {
          const want = expected.get(file)!;
          const notebook = readNotebook(path.join(executedDir, file));
          // Any change voids the signature, as an edit outside Jupyter does.
          notebook.metadata = { ...notebook.metadata, grulab_test: 'unsigned' };
          writeNotebookAtomic(path.join(workDir, `unsigned-${file}`), notebook);
          addStaticImages(notebook, CHROMIUM);
          writeNotebookAtomic(path.join(workDir, `static-${file}`), notebook);

          let page = await newPage();
          let view = await openInLab(page, lab.notebookUrl(`${config.name}/unsigned-${file}`), { waitForKernel: false });
          assert.equal(view.trusted, false);
          const plain = await waitForCharts(page, config.plotlyRenderer ? want.plotlyOutputs : 0);
          await page.waitForTimeout(3000);
          const settled = await waitForCharts(page, 0);
          await inspectLab(page, path.join(SHOTS, `${stem}-unsigned`), { eachChart: false });
          // Untrusted: JupyterLab strips the scripts of HTML outputs; Plotly's renderer needs none.
          assert.equal(settled.plots, config.plotlyRenderer ? want.plotlyOutputs : 0, `charts drawn untrusted: ${JSON.stringify(plain)}`);
          await closeAndShutdown(page, lab, false);
          await page.close();

          page = await newPage();
          view = await openInLab(page, lab.notebookUrl(`${config.name}/static-${file}`), { waitForKernel: false });
          assert.equal(view.trusted, false);
          await page.waitForTimeout(3000);
          const pictures = await page.evaluate(() => Array.from(currentNode().querySelectorAll('img.grulab-static, .jp-RenderedPlotly img.plot-img'))
            .filter((img) => (img as HTMLImageElement).naturalWidth > 0 && (img as HTMLElement).offsetHeight > 0).length);
          await inspectLab(page, path.join(SHOTS, `${stem}-unsigned-static`));
          console.log(`# ${config.name} ${file} untrusted: ${settled.plots} of ${want.charts} charts drawn; with --static-images ${pictures} pictures shown`);
          assert.equal(pictures, want.charts, 'every chart seen, as a picture where no script runs');
          await closeAndShutdown(page, lab, false);
          await page.close();
        });
      }
    });
  }
});
