/**
 * The library pieces of the application lessons that are not layers: the text vectorizer
 * and padding, binary classification metrics, anomaly detection from residuals, and their
 * figures. Expected values are worked out by hand in the comments (scikit-learn gives the
 * same: `confusion_matrix`, `precision_recall_fscore_support`, `roc_auc_score`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  anomaliesFigure, binaryMetrics, confusionMatrixFigure, detectAnomalies, padSequences, textVectorizer,
} from '../../src/index';
import { confusionMatrix, rocAuc } from '../../src/internals';

test('textVectorizer: vocabulary from the training texts only, padding 0, OOV 1, the doc example', () => {
  const v = textVectorizer({ maxTokens: 1000 }).adapt(['Win money now', 'see you at lunch']);
  assert.deepEqual(v.vocabulary.slice(0, 3), ['', '[UNK]', 'at']);
  assert.deepEqual(v.encode(['win a lunch']), [[7, 1, 3]]);
  assert.equal(v.padId, 0);
  assert.equal(v.oovId, 1);
  // Frequency order, ties alphabetical; maxTokens counts padding and [UNK].
  const small = textVectorizer({ maxTokens: 4 }).adapt(['b a a', 'c b a']);
  assert.deepEqual(small.vocabulary, ['', '[UNK]', 'a', 'b']);
  assert.deepEqual(small.encode(['c a z']), [[1, 2, 1]]);
  // Standardisation: lowercase, punctuation dropped, URLs / e-mails / numbers share a placeholder.
  assert.deepEqual(v.tokenize('FREE $500!!! Visit http://x.com/a or mail me@x.org'), ['free', '$', '<number>', 'visit', '<url>', 'or', 'mail', '<email>']);
  assert.deepEqual(textVectorizer({ placeholders: false, lowercase: false, stripPunctuation: false }).tokenize('Hi, 42'), ['Hi', ',', '42']);
  // minCount and truncation to the first tokens
  const counted = textVectorizer({ minCount: 2, outputSequenceLength: 2 }).adapt(['x y y', 'y z x']);
  assert.deepEqual(counted.vocabulary, ['', '[UNK]', 'y', 'x']);
  assert.deepEqual(counted.encode(['z y x']), [[1, 2]]);
  assert.deepEqual(counted.decode([2, 3, 0, 0]), ['y', 'x']);
});

test('textVectorizer and padSequences: bad input is named', () => {
  assert.throws(() => textVectorizer().adapt([]), /^Error: TextVectorizer.adapt: texts must be a non-empty array of strings \(the training corpus\), got an empty array$/);
  assert.throws(() => textVectorizer().adapt(['ok', 3 as unknown as string]), /texts\[1\] must be a string, got number/);
  assert.throws(() => textVectorizer().adapt(['!!', '...']), /the 2 texts hold no token; the vocabulary would be empty/);
  assert.throws(() => textVectorizer({ maxTokens: 0 }), /maxTokens must be an integer of at least 3 \(padding, \[UNK\] and one token\), got 0/);
  assert.throws(() => textVectorizer({ outputSequenceLength: -1 }), /outputSequenceLength must be a positive integer, got -1/);
  assert.throws(() => textVectorizer().encode(['a']), /the vocabulary is not built yet; call adapt\(trainingTexts\) first/);
  assert.throws(() => padSequences([]), /sequences must hold at least one sequence, got none/);
  assert.throws(() => padSequences([[1, -2]]), /sequences\[0\]\[1\] must be a non-negative integer id, got -2/);
});

test('padSequences: right padding with 0 and truncation at the end, int32', () => {
  const padded = padSequences([[5, 2, 9], [7]]);
  assert.equal(padded.dtype, 'int32');
  assert.deepEqual(padded.arraySync(), [[5, 2, 9], [7, 0, 0]]);
  assert.deepEqual(padSequences([[5, 2, 9], [7]], 2).arraySync(), [[5, 2], [7, 0]]);
  assert.deepEqual(padSequences([[]]).arraySync(), [[0]]);
  tf.dispose(padded);
});

test('binaryMetrics, confusionMatrix and rocAuc: scikit-learn values', () => {
  // tn=1 (0.1), fp=1 (0.6), fn=0, tp=2: precision 2/3, recall 1, F1 0.8, accuracy 0.75; AUC 1 (every positive above every negative).
  const m = binaryMetrics([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9]);
  assert.deepEqual(m.confusion, [[1, 1], [0, 2]]);
  assert.equal(m.accuracy, 0.75);
  assert.ok(Math.abs(m.precision - 2 / 3) < 1e-12);
  assert.equal(m.recall, 1);
  assert.ok(Math.abs(m.f1 - 0.8) < 1e-12);
  assert.equal(m.rocAuc, 1);
  // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75 (scikit-learn's documentation example)
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  // ties count one half: one positive tied with one negative, the rest ordered
  assert.equal(rocAuc([0, 1, 0, 1], [0.2, 0.5, 0.5, 0.9]), 0.875);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
  // zero_division = 0: nothing predicted positive
  const none = binaryMetrics([0, 1], [0.1, 0.2]);
  assert.equal(none.precision, 0);
  assert.equal(none.f1, 0);
  assert.deepEqual(binaryMetrics([0, 1], [0.1, 0.2], 0.15).confusion, [[1, 0], [0, 1]]);
  assert.deepEqual(confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1]), [[1, 1], [0, 2]]);
  assert.deepEqual(confusionMatrix([2, 0, 1], [2, 0, 0]), [[1, 0, 0], [1, 0, 0], [0, 0, 1]]);
});

test('classification metrics: labels that are not 0/1 or class ids are named', () => {
  assert.throws(() => binaryMetrics([0, 2, 1], [0.1, 0.2, 0.3]), /^Error: rocAuc: labels\[1\] must be 0 or 1, got 2$/);
  assert.throws(() => rocAuc([0, 0.5], [0.1, 0.2]), /labels\[1\] must be 0 or 1, got 0.5/);
  assert.throws(() => rocAuc([0, 1], [0.1]), /labels and scores must have the same length, got 2 and 1/);
  assert.throws(() => rocAuc([0, 1], [0.1, NaN]), /scores\[1\] must be a finite number, got NaN/);
  assert.throws(() => rocAuc([], []), /there are no examples \(labels is empty\)/);
  assert.throws(() => confusionMatrix([0, 1], [0, 3], 3), /confusionMatrix: labels\[1\] must be a class id in 0..2, got 3/);
  assert.throws(() => confusionMatrix([0, -1], [0, 1]), /labels\[1\] must be 0 or 1, got -1/);
});

test('detectAnomalies: threshold from validation residuals, the doc example, both methods', () => {
  const result = detectAnomalies({
    actual: [10, 11, 30, 12], predicted: [10.2, 10.8, 11, 11.5],
    validation: { actual: [5, 6, 7, 8], predicted: [5.5, 5.6, 7.2, 7.9] },
  });
  // |validation residuals| sorted: 0.1, 0.2, 0.4, 0.5; the 0.99 quantile: 0.4 + 0.97 * 0.1 = 0.497
  assert.ok(Math.abs(result.threshold - 0.497) < 1e-9);
  assert.deepEqual(result.flags, [false, false, true, true]);
  assert.deepEqual(result.indices, [2, 3]);
  assert.ok(Math.abs(result.residuals[2] - 19) < 1e-9);
  // MAD: residuals 1, -1, 1, -1, 100 -> median 1, deviations 0, 2, 0, 2, 99 -> MAD 2; threshold 1 + 4 * 1.4826 * 2
  const mad = detectAnomalies({ actual: [0, 20], predicted: [0, 0], validation: { actual: [1, -1, 1, -1, 100], predicted: [0, 0, 0, 0, 0] }, method: 'mad' });
  assert.ok(Math.abs(mad.threshold - (1 + 4 * 1.4826 * 2)) < 1e-9);
  assert.deepEqual(mad.indices, [1]);
});

test('detectAnomalies: bad input is named', () => {
  const validation = { actual: [1, 2], predicted: [1, 2] };
  assert.throws(() => detectAnomalies({ actual: [1, 2], predicted: [1], validation }), /^Error: detectAnomalies: actual and predicted must have the same length, got 2 and 1$/);
  assert.throws(() => detectAnomalies({ actual: [1], predicted: [1], validation: { actual: [], predicted: [] } }), /validation.actual is empty; there are no points/);
  assert.throws(() => detectAnomalies({ actual: [1, NaN], predicted: [1, 2], validation }), /actual\[1\] and predicted\[1\] must be finite numbers, got NaN and 2/);
  assert.throws(() => detectAnomalies({ actual: [1], predicted: [1], validation, quantile: 1.5 }), /quantile must be in \(0, 1\], got 1.5/);
  assert.throws(() => detectAnomalies({ actual: [1], predicted: [1], validation, method: 'iqr' as 'mad' }), /method must be 'quantile' or 'mad', got "iqr"/);
});

test('confusionMatrixFigure and anomaliesFigure: traces and errors', () => {
  const cm = confusionMatrixFigure({ matrix: [[50, 3], [5, 42]], labels: ['ham', 'spam'] });
  assert.equal(cm.data[0].type, 'heatmap');
  assert.deepEqual((cm.data[0] as { z: number[][] }).z, [[5, 42], [50, 3]]); // first class drawn on top
  assert.throws(() => confusionMatrixFigure({ matrix: [[1, 2]] }), /matrix must be a non-empty square array of counts/);
  const dates = ['2015-01-01', '2015-01-02', '2015-01-03'];
  const fig = anomaliesFigure({ dates, actual: [1, 9, 1], predicted: [1, 1, 1], flagged: [1], known: { spike: [1] } });
  assert.equal(fig.data.length, 4);
  assert.throws(() => anomaliesFigure({ dates, actual: [1, 9, 1], predicted: [1, 1, 1], flagged: [3] }), /flagged holds 3, expected an index in 0..2/);
});
