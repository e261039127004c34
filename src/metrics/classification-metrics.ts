/**
 * How well a classifier does: the confusion matrix, accuracy, precision, recall, F1 and
 * the area under the ROC curve. Written by hand (a few loops) because the definitions must
 * match scikit-learn's exactly and no small, maintained npm package provides all of them
 * with errors that name the bad label.
 */

/** The scores of a binary classifier (positive class `1`) at one threshold. */
export interface BinaryMetrics {
  /** Share of correct predictions. */
  accuracy: number;
  /** Of the predicted positives, the share that are positive: `tp / (tp + fp)`; `0` when nothing is predicted positive (scikit-learn's `zero_division=0`). */
  precision: number;
  /** Of the positives, the share predicted positive: `tp / (tp + fn)`; `0` when there are no positives. */
  recall: number;
  /** Harmonic mean of precision and recall; `0` when both are 0. */
  f1: number;
  /** Area under the ROC curve (threshold-free; ties count one half); `NaN` when only one class is present. */
  rocAuc: number;
  /** `[[tn, fp], [fn, tp]]`: rows are the true class, columns the predicted one (scikit-learn's layout). */
  confusion: [[number, number], [number, number]];
  /** The threshold a score must reach to be predicted positive. */
  threshold: number;
  /** Number of examples. */
  count: number;
}

function checkLabels(fn: string, labels: ArrayLike<number>, classes: number): void {
  if (labels === null || labels === undefined || typeof labels.length !== 'number') {
    throw new Error(`${fn}: labels must be an array of class ids, got ${String(labels)}`);
  }
  if (labels.length === 0) throw new Error(`${fn}: there are no examples (labels is empty)`);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) {
      const expected = classes === 2 ? '0 or 1' : `a class id in 0..${classes - 1}`;
      throw new Error(`${fn}: labels[${i}] must be ${expected}, got ${JSON.stringify(y) ?? String(y)}`);
    }
  }
}

function checkSameLength(fn: string, a: ArrayLike<number>, aName: string, b: ArrayLike<number>, bName: string): void {
  if (b === null || b === undefined || a.length !== b.length) {
    throw new Error(`${fn}: ${aName} and ${bName} must have the same length, got ${a.length} and ${b?.length}`);
  }
}

/**
 * The confusion matrix of class ids: `matrix[actual][predicted]` counts the examples of
 * true class `actual` predicted as `predicted` (scikit-learn's `confusion_matrix`).
 *
 * @param actual true class ids, integers in `0..classes-1`.
 * @param predicted predicted class ids, same length and range.
 * @param classes number of classes. Default: one more than the largest id seen (at least 2).
 * @returns a `classes x classes` matrix of counts.
 * @throws Error naming the index of a label that is not a class id, or when the lengths differ.
 * @example
 * confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1]); // => [[1, 1], [0, 2]]
 * @see notebooks/07-text-classification.ipynb
 */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes?: number): number[][] {
  const fn = 'confusionMatrix';
  let k = classes ?? 2;
  if (classes === undefined) {
    for (const labels of [actual, predicted]) {
      for (let i = 0; i < (labels?.length ?? 0); i++) if (Number.isInteger(labels[i])) k = Math.max(k, labels[i] + 1);
    }
  } else if (!(Number.isInteger(classes) && classes >= 2)) {
    throw new Error(`${fn}: classes must be an integer of at least 2, got ${classes}`);
  }
  checkLabels(fn, actual, k);
  checkSameLength(fn, actual, 'actual', predicted, 'predicted');
  checkLabels(fn, predicted, k);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) matrix[actual[i]][predicted[i]]++;
  return matrix;
}

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a
 * random negative (ties count one half), computed from ranks (Mann-Whitney U), equal to
 * scikit-learn's `roc_auc_score`.
 *
 * @param labels true classes, 0 or 1.
 * @param scores any real scores (probabilities, logits), higher meaning more positive.
 * @returns the AUC in `[0, 1]`; `NaN` when only one class is present.
 * @throws Error naming the index of a label that is not 0 or 1, or of a score that is not finite.
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.75
 * @see notebooks/07-text-classification.ipynb
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const fn = 'rocAuc';
  checkLabels(fn, labels, 2);
  checkSameLength(fn, labels, 'labels', scores, 'scores');
  const order = Array.from({ length: labels.length }, (_, i) => i);
  for (const i of order) {
    if (!Number.isFinite(scores[i])) throw new Error(`${fn}: scores[${i}] must be a finite number, got ${scores[i]}`);
  }
  order.sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1; // tied scores share their mean rank
    for (let j = start; j <= end; j++) {
      if (labels[order[j]] === 1) {
        positives++;
        positiveRankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Accuracy, precision, recall, F1, ROC AUC and the confusion matrix of a binary classifier
 * (scikit-learn's definitions, positive class 1, `zero_division=0`).
 *
 * @param labels true classes, 0 or 1.
 * @param scores predicted probabilities of class 1 (or any scores, with a matching `threshold`).
 * @param threshold a score `>= threshold` predicts 1. Default `0.5`.
 * @returns {@link BinaryMetrics}.
 * @throws Error naming the index of a label that is not 0 or 1 or a score that is not
 *   finite, and when there are no examples or the lengths differ.
 * @example
 * binaryMetrics([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9]);
 * // => { accuracy: 0.75, precision: 0.667, recall: 1, f1: 0.8, rocAuc: 1, confusion: [[1, 1], [0, 2]], ... }
 * @see notebooks/07-text-classification.ipynb
 */
export function binaryMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  const fn = 'binaryMetrics';
  if (!Number.isFinite(threshold)) throw new Error(`${fn}: threshold must be a finite number, got ${threshold}`);
  const auc = rocAuc(labels, scores); // checks labels, lengths and scores
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn_ = 0;
  for (let i = 0; i < labels.length; i++) {
    const positive = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (positive) tp++;
      else fn_++;
    } else if (positive) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn_ === 0 ? 0 : tp / (tp + fn_);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    accuracy: (tp + tn) / labels.length,
    precision,
    recall,
    f1,
    rocAuc: auc,
    confusion: [[tn, fp], [fn_, tp]],
    threshold,
    count: labels.length,
  };
}
