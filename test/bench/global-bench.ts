/**
 * The global-model row of `npm run bench`: one epoch of the many-series forecaster's GRU on
 * the shipped M4 hourly set, at the forecaster's defaults for it (its window, patch, units,
 * batch size, learning rate and windows per series, settled by `settleManyOptions`), on the
 * training windows `trainGlobalGru` draws, trained by grulab's `fit` as `trainGlobalGru`
 * trains it, against PyTorch (1 thread) training the same network on the same windows.
 * The two are timed in alternation by `timeAlternating` (a warm-up epoch each, then at least
 * 5 epochs each); the training batches only (the validation pass after each epoch is left
 * out on both sides). With `quick`, a strided sixteenth of the windows stands for the epoch
 * and the times are scaled up to a whole epoch's batches.
 *
 * Run alone: `node --import tsx test/bench/global-bench.ts [--quick] [--no-torch]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { fit, loadM4, ready, timeAlternating } from '../../src/index';
import { globalNetwork, globalTrainingWindows, heldOutCutoffs, lastTrainingStep, settleManyOptions, type GlobalGruSpec, type GlobalWindows } from '../../src/internals';
import { median, quantile } from '../../src/base/sample-statistics';
import { TorchEpochs, torchMissing, type TorchEpoch } from './torch-epochs';

/** Wall and CPU milliseconds per epoch of one side. */
export interface EpochTimes {
  medianMs: number;
  q1Ms: number;
  q3Ms: number;
  /** Median CPU milliseconds per epoch, all threads of the process. */
  cpuMs: number;
  /** The mean batch loss of the last timed epoch (both sides start from the same zero head). */
  lastLoss: number;
}

/** What the global-model row measured. */
export interface GlobalEpochResult {
  cpuModel: string;
  cores: number;
  set: string;
  series: number;
  /** Training windows in a whole epoch, and the windows the timed epochs ran over (fewer with `quick`). */
  windows: number;
  timedWindows: number;
  batchSize: number;
  batchesPerEpoch: number;
  window: number;
  patch: number;
  units: number[];
  horizon: number;
  highway: boolean;
  learningRate: number;
  loss: 'meanSquaredError';
  /** grulab's training step for this model (`'fused'`: the whole-model fused step), and why not fused when not. */
  step: string;
  parameters: { grulab: number; pytorch: number | null };
  repeats: number;
  grulab: EpochTimes;
  pytorch: (EpochTimes & { torch: string; threads: number }) | string;
  /** PyTorch / grulab: above 1 means grulab is faster. */
  ratio: { wall: number; perCore: number } | null;
}

/** The hourly windows at the forecaster's defaults, and the settled network and training settings. */
function hourlyWindows(): { spec: GlobalGruSpec; windows: GlobalWindows; series: number } {
  const m4 = loadM4('hourly');
  const series = m4.trainPanel.series.map((s) => s.values);
  const config = settleManyOptions({ id: 'unique_id', target: 'y', horizon: m4.horizon, period: m4.period }, series.map((s) => s.length), undefined);
  // each series' held-out stretch as fitMany cuts it
  const { cutoffs } = heldOutCutoffs(series, config.horizon, config.period, config.validationWindows);
  return { spec: config.gru, windows: globalTrainingWindows({ series, cutoffs }, config.gru), series: series.length };
}

function epochTimes(wallMs: number[], cpuMs: number[], lastLoss: number, scale: number): EpochTimes {
  const scaled = wallMs.map((v) => v * scale);
  return { medianMs: median(scaled), q1Ms: quantile(scaled, 0.25), q3Ms: quantile(scaled, 0.75), cpuMs: median(cpuMs) * scale, lastLoss };
}

/**
 * Times one epoch of the global model on M4 hourly with grulab and with PyTorch, prints the
 * section and returns its figures.
 *
 * @param options `quick`: a sixteenth of the epoch, scaled up; `torch`: false to skip PyTorch.
 * @throws Error when the two networks' parameter counts differ, or the PyTorch script fails.
 */
export async function benchGlobalEpoch(options: { quick: boolean; torch: boolean }): Promise<GlobalEpochResult> {
  const { spec, windows, series } = hourlyWindows();
  tf.dispose(windows.validation ?? []);
  const total = windows.counts.training;
  const stride = options.quick ? 16 : 1;
  const picks = tf.tensor1d(Array.from({ length: Math.ceil(total / stride) }, (_, k) => k * stride), 'int32');
  const x = stride === 1 ? windows.x : tf.gather(windows.x, picks);
  const y = stride === 1 ? windows.y : tf.gather(windows.y, picks);
  picks.dispose();
  if (stride !== 1) tf.dispose([windows.x, windows.y]);
  const timed = x.shape[0];
  const batchesPerEpoch = Math.ceil(total / spec.batchSize);
  const scale = batchesPerEpoch / Math.ceil(timed / spec.batchSize);
  const steps = spec.length / spec.patch;
  const model = globalNetwork(spec, spec.seed);
  const parameters = model.countParams();
  // the PyTorch side trains with nn.MSELoss: the same loss, or the comparison is off
  if (model.loss !== 'meanSquaredError') throw new Error(`bench: the global model's loss is ${String(model.loss)}, the PyTorch side's meanSquaredError`);
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`global model, one epoch on M4 hourly (${series} series x ${spec.windowsPerSeries} windows = ${total} windows, batch ${spec.batchSize}: ${batchesPerEpoch} batches; `
    + `window ${spec.length} = ${steps} GRU steps of ${spec.patch} values, GRU(${spec.units.join(', ')}) -> Dense(${spec.horizon})${spec.highway ? ' + linear highway' : ''}, Adam ${spec.learningRate}, MSE), `
    + `${cpuModel}, ${os.cpus().length} cores${options.quick ? `; quick: ${timed} windows (every ${stride}th), times scaled x${scale.toFixed(1)} to an epoch` : ''}:`);

  const why = options.torch ? torchMissing() : 'skipped (--no-torch)';
  let torch: TorchEpochs | undefined;
  let hello: { torch: string; threads: number; parameters: number } | undefined;
  const file = path.join(os.tmpdir(), `grulab-bench-global-${process.pid}.bin`);
  try {
    if (why === undefined) {
      const xs = x.dataSync();
      const ys = y.dataSync();
      const bytes = new Float32Array(xs.length + ys.length);
      bytes.set(xs);
      bytes.set(ys, xs.length);
      fs.writeFileSync(file, Buffer.from(bytes.buffer));
      ({ torch, hello } = await TorchEpochs.start({
        windowsFile: file, count: timed, steps, patch: spec.patch, horizon: spec.horizon, units: spec.units,
        highway: spec.highway, batch: spec.batchSize, learningRate: spec.learningRate,
      }));
      fs.rmSync(file, { force: true });
      if (hello.parameters !== parameters) {
        throw new Error(`bench: the PyTorch network has ${hello.parameters} parameters, grulab's ${parameters}: they are not the same network`);
      }
    }
    const running = torch;
    const torchEpochs: TorchEpoch[] = [];
    let last: TorchEpoch | undefined;
    let grulabLoss = NaN;
    const cases: Record<string, () => Promise<void>> = {
      grulab: async () => {
        const history = await fit(model, x, y, { epochs: 1, batchSize: spec.batchSize, seed: spec.seed, verbose: 0 });
        grulabLoss = history.loss[history.loss.length - 1];
      },
      ...(running !== undefined ? { PyTorch: async () => { last = await running.epoch(); } } : {}),
    };
    const repeats = 5;
    const t = await timeAlternating(cases, { repeats, onCall: ({ name }) => { if (name === 'PyTorch' && last !== undefined) torchEpochs.push(last); } });
    const record = lastTrainingStep(model);
    const step = record === undefined ? 'unknown' : record.step + (record.whyNotFused !== undefined ? ` (${record.whyNotFused})` : '');
    const grulab = epochTimes(t.ms.grulab, t.cpuMs.grulab, grulabLoss, scale);
    const pytorch = running === undefined || hello === undefined ? (why ?? 'not run')
      : { ...epochTimes(t.ms.PyTorch, torchEpochs.map((e) => e.cpuMs), torchEpochs[torchEpochs.length - 1].loss, scale), torch: hello.torch, threads: hello.threads };
    const ratio = typeof pytorch === 'string' ? null : { wall: pytorch.medianMs / grulab.medianMs, perCore: pytorch.cpuMs / grulab.cpuMs };

    const line = (name: string, e: EpochTimes): string => `  ${name}: wall ${(e.medianMs / 1000).toFixed(2)} s/epoch [q1 ${(e.q1Ms / 1000).toFixed(2)}, q3 ${(e.q3Ms / 1000).toFixed(2)}], `
      + `CPU ${(e.cpuMs / 1000).toFixed(2)} s/epoch, last loss ${e.lastLoss.toFixed(4)}`;
    console.log(line(`grulab fit (${step} step, ${parameters} parameters)`, grulab));
    if (typeof pytorch === 'string') console.log(`  PyTorch: ${pytorch}`);
    else {
      console.log(line(`PyTorch ${pytorch.torch} CPU (${pytorch.threads} thread, ${hello?.parameters} parameters)`, pytorch));
      console.log(`  PyTorch / grulab: wall x${ratio?.wall.toFixed(2)}, per core (CPU time) x${ratio?.perCore.toFixed(2)} `
        + `(goal: at least x2 per core, ${(ratio?.perCore ?? 0) >= 2 ? 'met' : 'not met'} in this run)`);
    }
    return {
      cpuModel, cores: os.cpus().length, set: 'M4 hourly', series, windows: total, timedWindows: timed, batchSize: spec.batchSize, batchesPerEpoch,
      window: spec.length, patch: spec.patch, units: [...spec.units], horizon: spec.horizon, highway: spec.highway, learningRate: spec.learningRate,
      loss: 'meanSquaredError', step, parameters: { grulab: parameters, pytorch: hello?.parameters ?? null }, repeats, grulab, pytorch, ratio,
    };
  } finally {
    torch?.close();
    fs.rmSync(file, { force: true });
    model.dispose();
    tf.dispose([x, y]);
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  ready()
    .then(() => benchGlobalEpoch({ quick: argv.includes('--quick'), torch: !argv.includes('--no-torch') }))
    .then((result) => console.log(JSON.stringify(result)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
