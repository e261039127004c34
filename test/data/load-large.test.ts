/**
 * Robustness cases that cut across modules (the per-module bad-input cases live beside
 * each module's tests: data-load, data-windows, data-split, models, models-train, runner-robustness).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as grulab from '../../src/index';
import { projectRoot } from '../helpers/paths';

/** Writes a CSV of about `bytes` bytes: a daily date and eight numeric columns. */
function writeBigCsv(file: string, bytes: number): number {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'Date,a,b,c,d,e,f,g,h\n');
  const start = Date.UTC(1000, 0, 1);
  let size = 0;
  let rows = 0;
  let chunk: string[] = [];
  while (size < bytes) {
    const date = new Date(start + rows * 86_400_000).toISOString().slice(0, 10);
    const values = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => (Math.sin(rows * k) * 100).toFixed(3));
    const line = `${date},${values.join(',')}\n`;
    chunk.push(line);
    size += line.length;
    rows += 1;
    if (chunk.length === 10_000) {
      fs.writeSync(fd, chunk.join(''));
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join(''));
  fs.closeSync(fd);
  return rows;
}

test('a 50 MB CSV loads within a stated memory bound', { timeout: 120_000 }, () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grulab-big-')), 'big.csv');
  const rows = writeBigCsv(file, 50 * 1024 * 1024);
  // Measured in a fresh process so that nothing else in this one counts. The bound: peak
  // resident memory under 1.2 GB, i.e. about 24 times the file, 1.3x the measured peak
  // (830-900 MB). Where it goes (measured on this file, 743,612 rows x 9 columns): ~160 MB
  // for Node with tfjs and danfojs loaded, ~100 MB for the file's bytes and text (rows are
  // converted as they are parsed, so no field texts are kept), ~150 MB for the converted
  // columns and the 743,612 Date objects, ~390 MB for the danfojs DataFrame itself, which
  // keeps both a row and a column copy.
  const script = `
    const { loadCsv } = require(${JSON.stringify(path.join(projectRoot, 'dist', 'index.js'))});
    const df = loadCsv(${JSON.stringify(file)}, { dateColumn: 'Date' });
    console.log(JSON.stringify({ shape: df.shape, maxRssKb: process.resourceUsage().maxRSS }));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true });
  assert.equal(child.status, 0, child.stderr);
  const { shape, maxRssKb } = JSON.parse(child.stdout) as { shape: number[]; maxRssKb: number };
  assert.deepEqual(shape, [rows, 9]);
  const peakMb = maxRssKb / 1024;
  console.log(`50 MB CSV: ${rows} rows, peak RSS ${peakMb.toFixed(0)} MB`);
  assert.ok(peakMb < 1200, `peak RSS ${peakMb.toFixed(0)} MB exceeds the 1,200 MB bound`);
});

test('a Dense layer fed the wrong number of features says what it expected and got', async () => {
  await grulab.ready();
  const model = tf.sequential({
    layers: [grulab.gru({ units: 4, inputShape: [3, 1], seed: 1 }), grulab.dense({ units: 1, seed: 1 })],
  });
  const wrong = tf.zeros([2, 3, 2]);
  assert.throws(() => model.predict(wrong), /expected .*shape \[null,3,1\].*but got array with shape \[2,3,2\]/);
  wrong.dispose();
  const badDense = tf.sequential({ layers: [grulab.dense({ units: 1, inputShape: [5], seed: 1 })] });
  const three = tf.zeros([1, 3]);
  assert.throws(() => badDense.predict(three), /expected .*shape \[null,5\].*but got array with shape \[1,3\]/);
  three.dispose();
});
