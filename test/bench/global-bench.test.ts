/**
 * The PyTorch side of the bench's global-model row (`torch_global_bench.py` through
 * `TorchEpochs`): its network has as many parameters as grulab's `globalNetwork` for the
 * same settings (one GRU layer or two, with and without the highway), and it trains epochs
 * on demand over the windows file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ready } from '../../src/index';
import { globalNetwork, type GlobalGruSpec } from '../../src/internals';
import { skipUnless } from '../helpers/tools';
import { tempDir } from '../helpers/temp-dir';
import { TorchEpochs } from './torch-epochs';

const base: GlobalGruSpec = {
  length: 12, patch: 4, horizon: 3, period: 4, clip: Infinity, scaling: 'window', units: [5], highway: true,
  epochs: 1, batchSize: 4, learningRate: 0.01, windowsPerSeries: 6, patience: 3, ensemble: 1, seed: 7,
};

test('torch_global_bench.py: the same parameter count as globalNetwork, and an epoch per request', { skip: skipUnless('torch') }, async () => {
  await ready();
  const count = 10;
  const file = path.join(tempDir('grulab-global-bench-'), 'windows.bin');
  // x [10, 3, 4] then y [10, 3]: values that a network can fit
  fs.writeFileSync(file, Buffer.from(Float32Array.from({ length: count * (12 + 3) }, (_, i) => Math.sin(i / 3)).buffer));
  for (const spec of [base, { ...base, highway: false }, { ...base, units: [6, 5] }]) {
    const model = globalNetwork(spec, 1);
    const { torch, hello } = await TorchEpochs.start({
      windowsFile: file, count, steps: spec.length / spec.patch, patch: spec.patch, horizon: spec.horizon,
      units: spec.units, highway: spec.highway, batch: spec.batchSize, learningRate: spec.learningRate,
    });
    try {
      assert.equal(hello.parameters, model.countParams(), `units ${spec.units.join(',')}, highway ${spec.highway}`);
      assert.equal(hello.threads, 1);
      const first = await torch.epoch();
      const second = await torch.epoch();
      assert.ok(first.wallMs > 0 && first.cpuMs >= 0, JSON.stringify(first));
      assert.ok(Number.isFinite(second.loss) && second.loss < first.loss, `loss ${first.loss} then ${second.loss}`);
    } finally {
      torch.close();
      model.dispose();
    }
  }
});

test('TorchEpochs: a windows file of the wrong size fails with the script\'s message', { skip: skipUnless('torch') }, async () => {
  const file = path.join(tempDir('grulab-global-bench-'), 'short.bin');
  fs.writeFileSync(file, Buffer.from(new Float32Array(7).buffer));
  await assert.rejects(TorchEpochs.start({ windowsFile: file, count: 10, steps: 3, patch: 4, horizon: 3, units: [5], highway: true, batch: 4, learningRate: 0.01 }),
    /torch_global_bench\.py exited \(code 1\): torch_global_bench\.py: .*short\.bin holds 7 floats, expected 150/);
});
