import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy, softmaxCrossEntropy } from '../../../src-main/training/optim/loss';
import { initBackend } from '../../../src-main/vision/backend';

// cpu unless FACEATLAS_BACKEND names another: the same tests check wasm and native.
beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

const LOGITS = [
  [2, 0, -1],
  [0.5, 1.5, 0],
];
const LABELS = [0, 2];

/** Cross-entropy of one row against a smoothed one-hot target, in float64. */
function reference(row: number[], label: number, smoothing: number): number {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, x) => sum + Math.exp(x - max), 0)) + max;
  return -row.reduce((sum, x, c) => {
    const target = (c === label ? 1 - smoothing : 0) + smoothing / row.length;
    return sum + target * (x - logSum);
  }, 0);
}

const meanReference = (smoothing: number): number =>
  (reference(LOGITS[0]!, LABELS[0]!, smoothing) + reference(LOGITS[1]!, LABELS[1]!, smoothing)) / 2;

describe('softmaxCrossEntropy', () => {
  it.each([0, 0.1, 0.3])('equals the mean smoothed cross-entropy (smoothing %s)', (smoothing) => {
    const loss = tf.tidy(() =>
      softmaxCrossEntropy(tf.tensor2d(LOGITS), tf.tensor1d(LABELS, 'int32'), smoothing),
    );
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(meanReference(smoothing), 5);
    loss.dispose();
  });

  it('has the gradient (softmax - target) / batch', () => {
    const smoothing = 0.1;
    const gradient = tf.tidy(() =>
      tf.grad((logits: tf.Tensor) => softmaxCrossEntropy(logits, tf.tensor1d(LABELS, 'int32'), smoothing))(
        tf.tensor2d(LOGITS),
      ),
    );
    const expected = LOGITS.flatMap((row, r) => {
      const exps = row.map(Math.exp);
      const sum = exps.reduce((a, b) => a + b, 0);
      return exps.map((e, c) => (e / sum - ((c === LABELS[r] ? 1 - smoothing : 0) + smoothing / 3)) / 2);
    });
    expect([...gradient.dataSync()]).toEqual(expected.map((value) => expect.closeTo(value, 5) as unknown));
    gradient.dispose();
  });

  it('stays finite on extreme logits and takes float labels', () => {
    const loss = tf.tidy(() => softmaxCrossEntropy(tf.tensor2d([[1000, -1000]]), tf.tensor1d([1]), 0.1));
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    expect(loss.dataSync()[0]).toBeGreaterThan(100);
    loss.dispose();
  });

  it('refuses a smoothing of 1 or more', () => {
    expect(() => softmaxCrossEntropy(tf.zeros([1, 2]), tf.zeros([1]), 1)).toThrow('label smoothing');
  });

  it('leaves no tensor behind but its result', () => {
    const [logits, labels] = [tf.tensor2d(LOGITS), tf.tensor1d(LABELS, 'int32')];
    const before = tf.memory().numTensors;
    const loss = softmaxCrossEntropy(logits, labels, 0.1);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([loss, logits, labels]);
  });
});

describe('accuracy', () => {
  it('is the fraction of rows whose top logit is the label', () => {
    const value = tf.tidy(() =>
      accuracy(
        tf.tensor2d([
          [2, 0, -1],
          [0.5, 1.5, 0],
          [0, 0, 3],
          [1, 2, 0],
        ]),
        tf.tensor1d([0, 2, 2, 0], 'int32'),
      ),
    );
    expect(value.dataSync()[0]).toBeCloseTo(0.5, 6);
    value.dispose();
  });
});
