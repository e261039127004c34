/**
 * The GRU cell diagram that notebooks 01 and 03 carry as a markdown attachment. Its source is
 * notebooks/figures/gru-cell.svg; the attachment is its PNG rendering (gru-cell.png, made by
 * scripts/render-gru-cell.sh), because JupyterLab renders raster attachments only and refuses
 * an SVG one ("Cannot render unknown image mime type"; test/lab.test.ts checks it draws there).
 * The attachment is the PNG file byte for byte, the markdown shows it, and
 * `jupyter nbconvert --to html` turns it into an inline image (the same bytes) that
 * headless Chromium draws to a non-blank screenshot. The nbconvert and Chromium checks are
 * skipped, with the reason, where Debian's jupyter-nbconvert or chromium is missing, never in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, joinText } from '../helpers/notebooks';

const source = path.join(projectRoot, 'notebooks', 'figures', 'gru-cell.svg');
const figure = path.join(projectRoot, 'notebooks', 'figures', 'gru-cell.png');
const notebooks = ['01-gru-basics.ipynb', '03-understanding-gru.ipynb'];

interface AttachedCell { cell_type: string; source: string | string[]; attachments?: Record<string, Record<string, string>> }

test('notebooks 01 and 03 carry the GRU cell diagram as a PNG attachment their markdown shows', () => {
  assert.match(fs.readFileSync(source, 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="800" height="500"/);
  const png = fs.readFileSync(figure);
  // PNG signature, then the IHDR chunk's width and height: the SVG's own 800 x 500
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'gru-cell.png is a PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [800, 500]);
  for (const name of notebooks) {
    const nb = JSON.parse(fs.readFileSync(path.join(projectRoot, 'notebooks', name), 'utf8')) as { cells: AttachedCell[] };
    const cells = nb.cells.filter((c) => c.attachments?.['gru-cell.png'] !== undefined);
    assert.equal(cells.length, 1, `${name}: one cell holds the diagram`);
    assert.deepEqual(Object.keys(cells[0].attachments!), ['gru-cell.png'], `${name}: no SVG attachment (JupyterLab refuses it)`);
    const attached = Buffer.from(cells[0].attachments!['gru-cell.png']['image/png'], 'base64');
    assert.ok(attached.equals(png), `${name}: the attachment is notebooks/figures/gru-cell.png (run scripts/render-gru-cell.sh and re-attach it after editing the figure)`);
    assert.match(joinText(cells[0].source), /!\[[^\]]+\]\(attachment:gru-cell\.png\)/);
  }
});

const hasNbconvert = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0;
const hasChromium = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = (!hasNbconvert || !hasChromium) && process.env.CI === undefined
  ? 'jupyter nbconvert or chromium is not installed (apt-get install jupyter-nbconvert chromium)' : false;

test('nbconvert HTML shows the diagram as an inline image that Chromium draws', { skip, timeout: 180_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grulab-diagram-'));
  try {
    fs.copyFileSync(path.join(projectRoot, 'notebooks', notebooks[0]), path.join(tmp, notebooks[0]));
    const converted = spawnSync('jupyter', ['nbconvert', '--to', 'html', notebooks[0]], { cwd: tmp, encoding: 'utf8' });
    assert.equal(converted.status, 0, converted.stderr);
    const html = fs.readFileSync(path.join(tmp, notebooks[0].replace('.ipynb', '.html')), 'utf8');
    const src = /<img[^>]+src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(html);
    assert.ok(src, 'the attachment became an inline image');
    assert.ok(Buffer.from(src[1], 'base64').equals(fs.readFileSync(figure)));
    // A page with only the figure, drawn by Chromium: a blank page gives a screenshot of a few hundred bytes.
    fs.writeFileSync(path.join(tmp, 'figure.html'), `<html><body style="margin:0"><img src="data:image/png;base64,${src[1]}"></body></html>`);
    const shot = path.join(tmp, 'figure.png');
    const drawn = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=800,500',
      `--screenshot=${shot}`, `file://${path.join(tmp, 'figure.html')}`], { encoding: 'utf8', timeout: 120_000 });
    assert.ok(fs.existsSync(shot), `no screenshot: ${drawn.stderr}`);
    const png = fs.readFileSync(shot);
    assert.ok(png.length > 10_000, `screenshot of ${png.length} bytes: the figure did not draw`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
