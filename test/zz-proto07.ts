import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as grulab from '../src/index';
(async () => {
  await grulab.ready();
  const msgs = JSON.parse(fs.readFileSync(grulab.datasetPath('spam-assassin-subset.json'), 'utf8')) as {text:string,label:number}[];
  const train = msgs.slice(0, 1400), test = msgs.slice(1700);
  let t0 = Date.now();
  const v = grulab.textVectorizer({ maxTokens: 5000, outputSequenceLength: Number(process.argv[2] ?? 80) }).adapt(train.map(m => m.text));
  const ids = v.encode(train.map(m => m.text));
  console.log('vocab', v.vocabularySize, 'tokenize ms', Date.now() - t0, 'mean len', ids.reduce((a, s) => a + s.length, 0) / ids.length);
  const model = grulab.withSeed(1, () => tf.sequential({ layers: [grulab.embedding({ inputDim: v.vocabularySize, outputDim: 32, maskZero: true }), grulab.gru({ units: 32 }), grulab.dense({ units: 1, activation: 'sigmoid' })] }));
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const order = ids.map((s, i) => i).sort((a, b) => ids[a].length - ids[b].length);
  for (let e = 0; e < 2; e++) {
    t0 = Date.now();
    let n = 0;
    for (let b = 0; b < order.length; b += 32) {
      const idx = order.slice(b, b + 32);
      const x = grulab.padSequences(idx.map(i => ids[i]));
      const y = tf.tensor2d(idx.map(i => [train[i].label]));
      const r = await model.trainOnBatch(x, y); n++;
      tf.dispose([x, y]);
    }
    console.log('epoch', e, 'ms', Date.now() - t0, 'batches', n);
  }
  const tx = grulab.padSequences(v.encode(test.map(m => m.text)));
  const p = (model.predict(tx) as tf.Tensor).dataSync();
  console.log(grulab.binaryMetrics(test.map(m => m.label), Array.from(p)));
})();
