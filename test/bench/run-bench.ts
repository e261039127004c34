/**
 * `npm run bench`: lesson 04's model (batch 32, window 100, GRU(50, returnSequences) ->
 * GRU(50) -> Dense(1), Adam, MSE) trained on the same random data with the fused GRU, the
 * fused LSTM and SimpleRNN in its place, tfjs-layers' GRU on wasm and on cpu, tfjs-layers'
 * LSTM, and PyTorch CPU (1 thread, GRU, LSTM and RNN); the forward pass through
 * `model.predict`; lesson 01's toy model (200 epochs via fit); the wall time and peak memory
 * (RSS, WebAssembly) of lesson 04's full training with the fused GRU; a masked batch of
 * variable-length sequences, fused against the op-by-op path; one epoch of the many-series
 * forecaster's global GRU on M4 hourly against PyTorch on the same windows (`global-bench.ts`).
 * Prints a table and writes everything to out/bench.json.
 *
 * Speedups are "other / fused" medians measured in this same run: above 1 means the fused
 * GRU is faster. Every timing goes through grulab's harness (`timeAlternating`): a warm-up
 * call, then at least 5 timed calls per model, with the models compared in one call of it
 * run in alternating order. The machine may be shared, so every row also gives the 10th and
 * 90th percentiles of its calls.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { ready, describeBackend, fit, timeAlternating } from '../../src/index';
import { median, quantile } from '../../src/base/sample-statistics';
import { loadKernelModule, kernelLoadError } from '../../src/models/fused/kernel-module';
import { takeKernelTime } from '../../src/models/fused/thread-slices';
import { benchGlobalEpoch } from './global-bench';
import {
  type BatchTimes, LESSON04, lesson04Data, lesson04Model, MASKED, maskedBatch, maskedModel, type PeakMemory, type RecurrentKind, timeModels, timeFit, toyModel, type TimedModel, type TimedRuns, type TrainVia,
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
  forwardP10Ms: number;
  forwardP90Ms: number;
  /** Mean CPU milliseconds per batch, all threads of the process (steadier than wall time on a shared machine). */
  trainCpuMs: number;
  forwardCpuMs: number;
  /** Fused rows: mean kernel time per batch / mean batch time. */
  kernelTrainShare: number | null;
  kernelForwardShare: number | null;
  /** Fused rows: multiply-accumulates per second at the median time (see lesson04Macs). */
  trainGmacPerS: number | null;
  forwardGmacPerS: number | null;
}

function row(name: string, backend: string, t: BatchTimes, macs?: { forward: number; train: number }): Row {
  const trainMedianMs = median(t.trainMs);
  const forwardMedianMs = median(t.forwardMs);
  const fused = macs !== undefined;
  return {
    name, backend, batches: t.trainMs.length,
    trainMedianMs, trainP10Ms: quantile(t.trainMs, 0.1), trainP90Ms: quantile(t.trainMs, 0.9),
    forwardMedianMs, forwardP10Ms: quantile(t.forwardMs, 0.1), forwardP90Ms: quantile(t.forwardMs, 0.9),
    trainCpuMs: t.trainCpuMs, forwardCpuMs: t.forwardCpuMs,
    kernelTrainShare: fused ? t.kernelTrainMs / (sum(t.trainMs) / t.trainMs.length) : null,
    kernelForwardShare: fused ? t.kernelForwardMs / (sum(t.forwardMs) / t.forwardMs.length) : null,
    trainGmacPerS: fused ? macs.train / trainMedianMs / 1e6 : null,
    forwardGmacPerS: fused ? macs.forward / forwardMedianMs / 1e6 : null,
  };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Lesson-04 models' batch times, timed against each other in alternating order, and the
 * milliseconds per training batch spent inside the fused kernels. grulab's layers train
 * through grulab's `fit` (its whole-model fused step, as the notebooks train), tfjs-layers'
 * through `trainOnBatch`, unless a model's `via` says otherwise.
 */
async function measure(kinds: Record<string, { kind: RecurrentKind; via?: TrainVia }>, x: tf.Tensor, y: tf.Tensor, runs: TimedRuns): Promise<Record<string, BatchTimes>> {
  const models: Record<string, TimedModel> = {};
  for (const [name, { kind, via }] of Object.entries(kinds)) {
    models[name] = { model: lesson04Model(kind), via: via ?? (kind.startsWith('fused') ? 'fit' : 'trainOnBatch') };
  }
  const times = await timeModels(models, x, y, runs, takeKernelTime);
  for (const m of Object.values(models)) m.model.dispose();
  return times;
}

/** Timed calls for `batches` training batches in all (at least 5 calls of `batchesPerCall` each) and `forward` predicts. */
const runsFor = (batches: number, batchesPerCall: number, forward: number): TimedRuns => ({
  trainRepeats: Math.max(5, Math.ceil(batches / batchesPerCall)), batchesPerCall, forwardRepeats: Math.max(5, forward),
});

/** Lesson 01's toy: 200 epochs of 3 samples, through tfjs-layers' `model.fit` or grulab's `fit` (what notebook 01 runs). */
async function toyMs(kind: RecurrentKind, via: 'model.fit' | 'grulab.fit' = 'model.fit'): Promise<number> {
  const x = tf.tensor3d([1, 2, 3, 2, 3, 4, 3, 4, 5], [3, 3, 1]);
  const y = tf.tensor2d([4, 5, 6], [3, 1]);
  const model = toyModel(kind);
  const start = performance.now();
  if (via === 'grulab.fit') await fit(model, x, y, { epochs: 200, batchSize: 32, seed: 1, verbose: 0 });
  const ms = via === 'grulab.fit' ? performance.now() - start : await timeFit(model, x, y, 200, 32);
  model.dispose();
  tf.dispose([x, y]);
  return ms;
}

interface TorchResult {
  torch: string;
  threads: number;
  trainMs: number;
  forwardMs: number;
  lstmTrainMs: number;
  lstmForwardMs: number;
  rnnTrainMs: number;
  rnnForwardMs: number;
  toy200EpochsMs: number;
  /** Mean CPU milliseconds per batch (process time), and of the whole toy run. */
  cpuMs: Record<'train' | 'forward' | 'lstmTrain' | 'lstmForward' | 'rnnTrain' | 'rnnForward' | 'toy200Epochs', number>;
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
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/**
 * Multiply-accumulates of one lesson-04 batch (batch 32, window 100, two recurrent layers
 * of 50 units on 1 then 50 inputs) with `gates` gate blocks: forward `steps * batch *
 * (inputDim + units) * gates * units` per layer; a training step adds about twice that
 * (input, recurrent and weight gradients).
 */
function lesson04Macs(gates: number): { forward: number; train: number } {
  const { batch, timeStep: steps, units } = LESSON04;
  const forward = [1, units].reduce((sum, inputDim) => sum + steps * batch * (inputDim + units) * gates * units, 0);
  return { forward, train: 3 * forward };
}

async function main(options: Options): Promise<void> {
  const loadAtStart = os.loadavg();
  const info = await ready();
  console.log(describeBackend(info));
  console.log(`load average ${loadAtStart.map((v) => v.toFixed(1)).join(', ')} on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  const wasm = loadKernelModule();
  if (wasm === null) throw new Error(`bench: the fused kernel is not available: ${kernelLoadError()}`);
  const q = options.quick;
  const data = lesson04Data();
  const x = tf.tensor3d(data.batchX, [LESSON04.batch, LESSON04.timeStep, 1]);
  const y = tf.tensor2d(data.batchY, [LESSON04.batch, 1]);
  const rows: Row[] = [];
  const log = (r: Row): Row => {
    rows.push(r);
    const kernel = r.kernelTrainShare === null ? '' : `; in the kernels: ${(100 * r.kernelTrainShare).toFixed(0)} % of training, ${(100 * (r.kernelForwardShare ?? 0)).toFixed(0)} % of forward, ${r.trainGmacPerS?.toFixed(1)} GMAC/s training`;
    console.log(`  ${r.name} (${r.backend}): train ${fmt(r.trainMedianMs)} ms [p10 ${fmt(r.trainP10Ms)}, p90 ${fmt(r.trainP90Ms)}], forward ${fmt(r.forwardMedianMs)} ms${kernel}`);
    return r;
  };
  const fusedRuns = runsFor(q ? 10 : 40, 4, q ? 10 : 40);
  console.log(`lesson 04 model, batch ${LESSON04.batch}, window ${LESSON04.timeStep}:`);
  // the three fused kernels in alternation; the fused GRU once more at the end (run 2) to show the drift of a shared machine
  const fusedRows = await measure({ 'fused GRU (run 1)': { kind: 'fused' }, 'fused LSTM': { kind: 'fused-lstm' }, 'fused SimpleRNN': { kind: 'fused-rnn' } }, x, y, fusedRuns);
  const gru1 = log(row('fused GRU (run 1)', 'wasm', fusedRows['fused GRU (run 1)'], lesson04Macs(3)));
  const lstmRow = log(row('fused LSTM', 'wasm', fusedRows['fused LSTM'], lesson04Macs(4)));
  const rnnRow = log(row('fused SimpleRNN', 'wasm', fusedRows['fused SimpleRNN'], lesson04Macs(1)));
  const tfjsRows = await measure({ 'tfjs-layers GRU': { kind: 'tfjs-gru' }, 'tfjs-layers LSTM': { kind: 'tfjs-lstm' } }, x, y, runsFor(q ? 5 : 8, 1, q ? 5 : 8));
  const tfjsGru = log(row('tfjs-layers GRU', 'wasm', tfjsRows['tfjs-layers GRU']));
  const tfjsLstm = log(row('tfjs-layers LSTM', 'wasm', tfjsRows['tfjs-layers LSTM']));
  await tf.setBackend('cpu');
  const tfjsCpu = log(row('tfjs-layers GRU', 'cpu', (await measure({ cpu: { kind: 'tfjs-gru' } }, x, y, runsFor(5, 1, 5))).cpu));
  await tf.setBackend('wasm');
  let torch: TorchResult | string = 'skipped (--no-torch)';
  if (options.torch) torch = runTorch(data.batchX, data.batchY, q ? 10 : 30);
  // the same kernels under TensorFlow.js's own training step (its gradient tape and Adam ops), in alternation with the fused step: what the fused step saves
  const lateRows = await measure({ 'fused GRU (run 2)': { kind: 'fused' }, 'fused GRU kernels, model.trainOnBatch': { kind: 'fused', via: 'trainOnBatch' } }, x, y, fusedRuns);
  const gru2 = log(row('fused GRU (run 2)', 'wasm', lateRows['fused GRU (run 2)'], lesson04Macs(3)));
  const gruTrainOnBatch = log(row('fused GRU kernels, model.trainOnBatch', 'wasm', lateRows['fused GRU kernels, model.trainOnBatch'], lesson04Macs(3)));
  if (typeof torch === 'string') console.log(`  PyTorch: ${torch}`);
  else {
    console.log(`  PyTorch ${torch.torch} CPU (${torch.threads} thread): GRU train ${fmt(torch.trainMs)} ms, forward ${fmt(torch.forwardMs)} ms; `
      + `LSTM train ${fmt(torch.lstmTrainMs)} ms, forward ${fmt(torch.lstmForwardMs)} ms; RNN train ${fmt(torch.rnnTrainMs)} ms, forward ${fmt(torch.rnnForwardMs)} ms`);
  }

  const fusedTrain = median([gru1.trainMedianMs, gru2.trainMedianMs]);
  const fusedForward = median([gru1.forwardMedianMs, gru2.forwardMedianMs]);
  const t = typeof torch === 'string' ? null : torch;
  const speedups = {
    trainVsTfjsWasm: tfjsGru.trainMedianMs / fusedTrain,
    fusedStepVsTrainOnBatch: gruTrainOnBatch.trainMedianMs / fusedTrain,
    forwardVsTfjsWasm: tfjsGru.forwardMedianMs / fusedForward,
    trainVsTfjsCpu: tfjsCpu.trainMedianMs / fusedTrain,
    lstmTrainVsTfjsWasm: tfjsLstm.trainMedianMs / lstmRow.trainMedianMs,
    trainVsPytorch: t && t.trainMs / fusedTrain,
    forwardVsPytorch: t && t.forwardMs / fusedForward,
    lstmTrainVsPytorch: t && t.lstmTrainMs / lstmRow.trainMedianMs,
    lstmForwardVsPytorch: t && t.lstmForwardMs / lstmRow.forwardMedianMs,
    rnnTrainVsPytorch: t && t.rnnTrainMs / rnnRow.trainMedianMs,
    rnnForwardVsPytorch: t && t.rnnForwardMs / rnnRow.forwardMedianMs,
  };
  // the same ratios in CPU time (all of our threads against PyTorch's one): what the work costs, whatever the load
  const fusedTrainCpu = median([gru1.trainCpuMs, gru2.trainCpuMs]);
  const fusedForwardCpu = median([gru1.forwardCpuMs, gru2.forwardCpuMs]);
  const cpuSpeedups = t && {
    trainVsPytorch: t.cpuMs.train / fusedTrainCpu,
    forwardVsPytorch: t.cpuMs.forward / fusedForwardCpu,
    lstmTrainVsPytorch: t.cpuMs.lstmTrain / lstmRow.trainCpuMs,
    lstmForwardVsPytorch: t.cpuMs.lstmForward / lstmRow.forwardCpuMs,
    rnnTrainVsPytorch: t.cpuMs.rnnTrain / rnnRow.trainCpuMs,
    rnnForwardVsPytorch: t.cpuMs.rnnForward / rnnRow.forwardCpuMs,
  };
  const x2 = (v: number | null): string => (v === null ? 'n/a' : `x${v.toFixed(2)}`);
  console.log(`speedups (other / fused, same run; above 1 = fused faster): GRU train x${speedups.trainVsTfjsWasm.toFixed(1)} vs tfjs-layers wasm, `
    + `x${speedups.fusedStepVsTrainOnBatch.toFixed(2)} vs the same kernels under model.trainOnBatch, `
    + `x${speedups.trainVsTfjsCpu.toFixed(0)} vs tfjs-layers cpu; vs PyTorch: GRU train ${x2(speedups.trainVsPytorch)}, forward ${x2(speedups.forwardVsPytorch)}; `
    + `LSTM train ${x2(speedups.lstmTrainVsPytorch)}, forward ${x2(speedups.lstmForwardVsPytorch)}; SimpleRNN train ${x2(speedups.rnnTrainVsPytorch)}, forward ${x2(speedups.rnnForwardVsPytorch)}`);
  if (cpuSpeedups !== null) {
    console.log(`in CPU time (PyTorch's / ours, both our threads counted): GRU train ${x2(cpuSpeedups.trainVsPytorch)}, forward ${x2(cpuSpeedups.forwardVsPytorch)}; `
      + `LSTM train ${x2(cpuSpeedups.lstmTrainVsPytorch)}, forward ${x2(cpuSpeedups.lstmForwardVsPytorch)}; SimpleRNN train ${x2(cpuSpeedups.rnnTrainVsPytorch)}, forward ${x2(cpuSpeedups.rnnForwardVsPytorch)}`);
  }

  // a masked batch: variable-length sequences, the fused kernel against the op-by-op path on the same model
  const masked = maskedBatch();
  console.log(`masked batch ${MASKED.batch} x ${MASKED.timeStep} steps (real lengths ${Math.min(...masked.lengths)} to ${Math.max(...masked.lengths)}), Masking -> GRU(${MASKED.units}) -> Dense(1):`);
  const maskedModels: Record<string, TimedModel> = {
    'fused GRU, masked batch': { model: maskedModel(), via: 'trainOnBatch', fused: true },
    'op-by-op GRU (gruSequenceReference), masked batch': { model: maskedModel(), via: 'trainOnBatch', fused: false },
  };
  const maskedTimes = await timeModels(maskedModels, masked.x, masked.y, runsFor(q ? 5 : 8, 1, q ? 5 : 8), takeKernelTime);
  for (const m of Object.values(maskedModels)) m.model.dispose();
  const maskedRows = Object.entries(maskedTimes).map(([name, times]) => log(row(name, 'wasm', times)));
  tf.dispose([masked.x, masked.y]);
  const maskedSpeedup = { train: maskedRows[1].trainMedianMs / maskedRows[0].trainMedianMs, forward: maskedRows[1].forwardMedianMs / maskedRows[0].forwardMedianMs };
  console.log(`masked batch speedup of the fused GRU (op-by-op / fused): train x${maskedSpeedup.train.toFixed(1)}, forward x${maskedSpeedup.forward.toFixed(1)}`);

  // the toy each way in alternation (model building included in every call); medians of the timed calls
  const toyTimes = await timeAlternating({
    'model.fit': () => toyMs('fused'), 'grulab.fit': () => toyMs('fused', 'grulab.fit'), tfjs: () => toyMs('tfjs-gru'),
  }, { repeats: 5 });
  const toy = {
    fusedMs: toyTimes.summary['model.fit'].medianMs, fusedGrulabFitMs: toyTimes.summary['grulab.fit'].medianMs,
    tfjsWasmMs: toyTimes.summary.tfjs.medianMs, pytorchMs: t && t.toy200EpochsMs,
    // CPU time of a run through grulab.fit (model building included), against PyTorch's process time
    fusedGrulabFitCpuMs: toyTimes.summary['grulab.fit'].medianCpuMs, pytorchCpuMs: t && t.cpuMs.toy200Epochs,
  };
  const toyVsPytorch = toy.pytorchMs === null ? null : toy.pytorchMs / toy.fusedMs;
  const toyGrulabFitVsPytorch = toy.pytorchMs === null ? null : toy.pytorchMs / toy.fusedGrulabFitMs;
  console.log(`toy lesson 01 (GRU(50, relu), 200 epochs of 3 samples): fused via model.fit ${fmt(toy.fusedMs)} ms (${x2(toyVsPytorch)}), `
    + `via grulab.fit ${fmt(toy.fusedGrulabFitMs)} ms (${x2(toyGrulabFitVsPytorch)}), tfjs-layers wasm ${fmt(toy.tfjsWasmMs)} ms`
    + (toy.pytorchMs === null ? '' : `, PyTorch ${fmt(toy.pytorchMs)} ms`)
    + `; CPU time: grulab.fit ${fmt(toy.fusedGrulabFitCpuMs)} ms` + (toy.pytorchCpuMs === null ? '' : `, PyTorch ${fmt(toy.pytorchCpuMs)} ms`));

  // one epoch of the many-series forecaster's global GRU on M4 hourly, against PyTorch on the same windows
  const globalEpoch = await benchGlobalEpoch({ quick: q, torch: options.torch });

  const epochs = q ? 1 : LESSON04.epochs;
  const training = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lesson04-training.ts'), String(epochs)], { encoding: 'utf8' });
  if (training.status !== 0) throw new Error(`bench: lesson04-training.ts failed: ${training.stderr.trim().split('\n').pop()}`);
  const full = JSON.parse(training.stdout.trim().split('\n').pop() ?? '') as { wallMs: number; peakMemoryBytes: PeakMemory };
  const fitMs = full.wallMs;
  const peak = full.peakMemoryBytes;
  const batchesPerEpoch = Math.ceil(LESSON04.windows / LESSON04.batch);
  console.log(`lesson 04 full training, fused GRU (a process of its own): ${epochs} epoch(s) x ${batchesPerEpoch} batches in ${(fitMs / 1000).toFixed(1)} s (grulab's fit); `
    + `peak RSS ${mb(peak.rss)}, WebAssembly memory: fused kernels ${mb(peak.kernelWasm)}, TF.js wasm backend ${mb(peak.backendWasm)}`);

  const pipeline = await dataPipelineLine();
  if (pipeline !== undefined) console.log(`data pipeline: ${pipeline}`);
  tf.dispose([x, y, data.x, data.y]);

  const report = {
    date: new Date().toISOString(), node: process.version, tfjs: tf.version.tfjs, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null,
    loadAverageAtStart: loadAtStart, loadAverage: os.loadavg(), quick: q, rows, pytorch: torch, speedups, cpuTimeSpeedups: cpuSpeedups, maskedSpeedup, toy200Epochs: { ...toy, vsPytorch: toyVsPytorch, grulabFitVsPytorch: toyGrulabFitVsPytorch },
    globalEpoch,
    lesson04FullTraining: { epochs, batchesPerEpoch, windows: LESSON04.windows, wallMs: fitMs, peakMemoryBytes: peak },
    dataPipeline: pipeline ?? null,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const tmp = `${options.out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(tmp, options.out);
  console.log(`wrote ${options.out}`);
}

const program = new Command()
  .name('bench')
  .description("Times lesson 04's model (fused GRU, LSTM and SimpleRNN kernels vs tfjs-layers vs PyTorch) and an epoch of the global model on M4 hourly vs PyTorch")
  .option('--quick', "fewer batches, 1 training epoch, a sixteenth of the global model's epoch", false)
  .option('--no-torch', 'skip the PyTorch comparison')
  .option('--out <file>', 'JSON report', path.join('out', 'bench.json'))
  .parse();

main(program.opts<Options>()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
