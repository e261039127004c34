/**
 * `npm run bench`: lesson 04's model (batch 32, window 100, GRU(50, returnSequences) ->
 * GRU(50) -> Dense(1), Adam, MSE) trained on the same random data with the fused GRU,
 * tfjs-layers' GRU on wasm and on cpu, tfjs-layers' LSTM, and PyTorch CPU (1 thread);
 * lesson 01's toy model; a masked batch of variable-length sequences, fused against the
 * op-by-op path; the wall time of lesson 04's full training with the fused GRU.
 * Prints a table and writes everything to out/bench.json.
 *
 * Speedups are "other / fused" medians measured in this same run: above 1 means the fused
 * GRU is faster. The machine may be shared, so every row also gives the 10th and 90th
 * percentiles of its samples.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { ready, describeBackend } from '../../src/index';
import { setFusedGru } from '../../src/internals';
import { loadGruWasm, wasmLoadError } from '../../src/models/fused/wasm';
import {
  BatchTimes, LESSON04, lesson04Data, lesson04Model, MASKED, maskedBatch, maskedModel, median, RecurrentKind, timeBatches, timeFit, toyModel,
} from './models';

interface Options {
  quick: boolean;
  torch: boolean;
  out: string;
}

interface Row {
  name: string;
  backend: string;
  batches: number;
  trainMedianMs: number;
  trainP10Ms: number;
  trainP90Ms: number;
  forwardMedianMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function row(name: string, backend: string, t: BatchTimes): Row {
  return {
    name, backend, batches: t.trainMs.length,
    trainMedianMs: median(t.trainMs), trainP10Ms: percentile(t.trainMs, 0.1), trainP90Ms: percentile(t.trainMs, 0.9),
    forwardMedianMs: median(t.forwardMs),
  };
}

async function measure(kind: RecurrentKind, x: tf.Tensor, y: tf.Tensor, trainRuns: number, forwardRuns: number): Promise<BatchTimes> {
  const model = lesson04Model(kind);
  const times = await timeBatches(model, x, y, trainRuns, forwardRuns);
  model.dispose();
  return times;
}

async function toyMs(kind: RecurrentKind): Promise<number> {
  const x = tf.tensor3d([1, 2, 3, 2, 3, 4, 3, 4, 5], [3, 3, 1]);
  const y = tf.tensor2d([4, 5, 6], [3, 1]);
  const model = toyModel(kind);
  const ms = await timeFit(model, x, y, 200, 32);
  model.dispose();
  tf.dispose([x, y]);
  return ms;
}

interface TorchResult {
  torch: string;
  threads: number;
  trainMs: number;
  forwardMs: number;
  toy200EpochsMs: number;
}

function runTorch(batchX: Float32Array, batchY: Float32Array, repeats: number): TorchResult | string {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `PyTorch not available (${python} -c "import torch" failed)`;
  const file = path.join(os.tmpdir(), `grulab-bench-batch-${process.pid}.bin`);
  const bytes = new Float32Array(batchX.length + batchY.length);
  bytes.set(batchX);
  bytes.set(batchY, batchX.length);
  fs.writeFileSync(file, Buffer.from(bytes.buffer));
  try {
    const run = spawnSync(python, [path.join(__dirname, 'torch_bench.py'), '--batch-file', file, '--repeats', String(repeats)], {
      encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    if (run.status !== 0) return `torch_bench.py failed: ${run.stderr.trim().split('\n').pop()}`;
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as TorchResult;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function dataPipelineLine(): Promise<string | undefined> {
  const file = path.join(__dirname, 'data.ts');
  if (!fs.existsSync(file)) return undefined;
  const mod = (await import('./data')) as { benchDataPipeline?: () => unknown };
  if (typeof mod.benchDataPipeline !== 'function') return undefined;
  const result = await mod.benchDataPipeline();
  return typeof result === 'string' ? result : JSON.stringify(result);
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main(options: Options): Promise<void> {
  const info = await ready();
  console.log(describeBackend(info));
  if (loadGruWasm() === null) throw new Error(`bench: the fused kernel is not available: ${wasmLoadError()}`);
  const q = options.quick;
  const data = lesson04Data();
  const x = tf.tensor3d(data.batchX, [LESSON04.batch, LESSON04.timeStep, 1]);
  const y = tf.tensor2d(data.batchY, [LESSON04.batch, 1]);
  const rows: Row[] = [];
  const log = (r: Row): void => {
    rows.push(r);
    console.log(`  ${r.name} (${r.backend}): train ${fmt(r.trainMedianMs)} ms [p10 ${fmt(r.trainP10Ms)}, p90 ${fmt(r.trainP90Ms)}], forward ${fmt(r.forwardMedianMs)} ms`);
  };
  console.log(`lesson 04 model, batch ${LESSON04.batch}, window ${LESSON04.timeStep}:`);
  // fused measured twice (first and last) to show the drift of a shared machine
  log(row('fused GRU (run 1)', 'wasm', await measure('fused', x, y, q ? 10 : 40, q ? 10 : 40)));
  log(row('tfjs-layers GRU', 'wasm', await measure('tfjs-gru', x, y, q ? 3 : 8, q ? 3 : 8)));
  log(row('tfjs-layers LSTM', 'wasm', await measure('tfjs-lstm', x, y, q ? 3 : 8, q ? 3 : 8)));
  await tf.setBackend('cpu');
  log(row('tfjs-layers GRU', 'cpu', await measure('tfjs-gru', x, y, q ? 1 : 3, q ? 1 : 3)));
  await tf.setBackend('wasm');
  log(row('fused GRU (run 2)', 'wasm', await measure('fused', x, y, q ? 10 : 40, q ? 10 : 40)));
  let torch: TorchResult | string = 'skipped (--no-torch)';
  if (options.torch) torch = runTorch(data.batchX, data.batchY, q ? 10 : 30);
  if (typeof torch === 'string') console.log(`  PyTorch: ${torch}`);
  else console.log(`  PyTorch ${torch.torch} CPU (${torch.threads} thread): train ${fmt(torch.trainMs)} ms, forward ${fmt(torch.forwardMs)} ms`);

  const fusedTrain = median([rows[0].trainMedianMs, rows[4].trainMedianMs]);
  const fusedForward = median([rows[0].forwardMedianMs, rows[4].forwardMedianMs]);
  const speedups = {
    trainVsTfjsWasm: rows[1].trainMedianMs / fusedTrain,
    forwardVsTfjsWasm: rows[1].forwardMedianMs / fusedForward,
    trainVsTfjsCpu: rows[3].trainMedianMs / fusedTrain,
    trainVsPytorch: typeof torch === 'string' ? null : torch.trainMs / fusedTrain,
    forwardVsPytorch: typeof torch === 'string' ? null : torch.forwardMs / fusedForward,
  };
  console.log(`speedup of the fused GRU (other / fused, same run): train x${speedups.trainVsTfjsWasm.toFixed(1)} vs tfjs-layers wasm, `
    + `x${speedups.trainVsTfjsCpu.toFixed(0)} vs tfjs-layers cpu`
    + (speedups.trainVsPytorch === null ? '' : `, x${speedups.trainVsPytorch.toFixed(2)} vs PyTorch (forward x${speedups.forwardVsPytorch?.toFixed(2)})`));

  // a masked batch: variable-length sequences, the fused kernel against the op-by-op path on the same model
  const masked = maskedBatch();
  console.log(`masked batch ${MASKED.batch} x ${MASKED.timeStep} steps (real lengths ${Math.min(...masked.lengths)} to ${Math.max(...masked.lengths)}), Masking -> GRU(${MASKED.units}) -> Dense(1):`);
  const maskedRows: Row[] = [];
  for (const fused of [true, false]) {
    setFusedGru(fused);
    try {
      const model = maskedModel();
      const times = await timeBatches(model, masked.x, masked.y, fused ? (q ? 10 : 40) : (q ? 2 : 6), fused ? (q ? 10 : 40) : (q ? 2 : 6));
      model.dispose();
      const r = row(fused ? 'fused GRU, masked batch' : 'op-by-op GRU (gruSequenceReference), masked batch', 'wasm', times);
      maskedRows.push(r);
      log(r);
    } finally {
      setFusedGru(true);
    }
  }
  tf.dispose([masked.x, masked.y]);
  const maskedSpeedup = { train: maskedRows[1].trainMedianMs / maskedRows[0].trainMedianMs, forward: maskedRows[1].forwardMedianMs / maskedRows[0].forwardMedianMs };
  console.log(`masked batch speedup of the fused GRU (op-by-op / fused): train x${maskedSpeedup.train.toFixed(1)}, forward x${maskedSpeedup.forward.toFixed(1)}`);

  const toy = { fusedMs: await toyMs('fused'), tfjsWasmMs: await toyMs('tfjs-gru'), pytorchMs: typeof torch === 'string' ? null : torch.toy200EpochsMs };
  console.log(`toy lesson 01 (GRU(50, relu), 200 epochs of 3 samples): fused ${fmt(toy.fusedMs)} ms, tfjs-layers wasm ${fmt(toy.tfjsWasmMs)} ms`
    + (toy.pytorchMs === null ? '' : `, PyTorch ${fmt(toy.pytorchMs)} ms`));

  const epochs = q ? 1 : LESSON04.epochs;
  const model = lesson04Model('fused');
  const fitMs = await timeFit(model, data.x, data.y, epochs, LESSON04.batch);
  model.dispose();
  const batchesPerEpoch = Math.ceil(LESSON04.windows / LESSON04.batch);
  console.log(`lesson 04 full training, fused GRU: ${epochs} epoch(s) x ${batchesPerEpoch} batches in ${(fitMs / 1000).toFixed(1)} s (model.fit)`);

  const pipeline = await dataPipelineLine();
  if (pipeline !== undefined) console.log(`data pipeline: ${pipeline}`);
  tf.dispose([x, y, data.x, data.y]);

  const report = {
    date: new Date().toISOString(), node: process.version, tfjs: tf.version.tfjs, cpus: os.cpus().length,
    loadAverage: os.loadavg(), quick: q, rows, pytorch: torch, speedups, maskedSpeedup, toy200Epochs: toy,
    lesson04FullTraining: { epochs, batchesPerEpoch, windows: LESSON04.windows, wallMs: fitMs }, dataPipeline: pipeline ?? null,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const tmp = `${options.out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(tmp, options.out);
  console.log(`wrote ${options.out}`);
}

const program = new Command()
  .name('bench')
  .description("Times lesson 04's GRU model: fused kernel vs tfjs-layers vs PyTorch")
  .option('--quick', 'fewer batches and 1 training epoch', false)
  .option('--no-torch', 'skip the PyTorch comparison')
  .option('--out <file>', 'JSON report', path.join('out', 'bench.json'))
  .parse();

main(program.opts<Options>()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
