import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arcFaceLogits,
  cosFaceLogits,
  marginLoss,
  type MarginLossOptions,
} from '../../../src-main/training/optim/margin-loss';
import type { MarginLossName } from '../../../src-main/training/optim/loss-config';
import { initBackend } from '../../../src-main/vision/backend';

// cpu unless FACEATLAS_BACKEND names another: the same tests check wasm and native.
beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

type Matrix = number[][];

/** The true class's margin cosine, in float64, straight from the papers' definitions. */
function markedReference(name: MarginLossName, c: number, options: MarginLossOptions): number {
  const { margin } = options;
  if (name === 'cosface') return c - margin;
  if (options.easyMargin) return c > 0 ? Math.cos(Math.acos(c) + margin) : c;
  // Past theta = pi - m the authors' code switches to cos(theta) - m sin(m).
  return Math.acos(c) + margin < Math.PI ? Math.cos(Math.acos(c) + margin) : c - margin * Math.sin(margin);
}

/** Mean margin loss of cosines [batch][classes] with label smoothing e, in float64. */
function lossReference(
  name: MarginLossName,
  cosines: Matrix,
  labels: number[],
  options: MarginLossOptions,
  smoothing = 0,
): number {
  const rows = cosines.map((row, r) => {
    const logits = row.map(
      (c, k) => options.scale * (k === labels[r] ? markedReference(name, c, options) : c),
    );
    const max = Math.max(...logits);
    const logSum = Math.log(logits.reduce((sum, x) => sum + Math.exp(x - max), 0)) + max;
    const target = (k: number): number => (k === labels[r] ? 1 - smoothing : 0) + smoothing / row.length;
    return logits.reduce((sum, x, k) => sum - target(k) * (x - logSum), 0);
  });
  return rows.reduce((a, b) => a + b, 0) / rows.length;
}

const unit = (v: number[]): number[] => v.map((x) => x / Math.hypot(...v));

/** Cosines between rows of x [batch][dims] and columns of w [dims][classes], in float64. */
function cosinesOf(x: Matrix, w: Matrix): Matrix {
  const columns = w[0]!.map((_, k) => unit(w.map((row) => row[k]!)));
  return x.map((row) => {
    const u = unit(row);
    return columns.map((column) => u.reduce((sum, value, d) => sum + value * column[d]!, 0));
  });
}

/** The same cosines in tfjs (what L2Normalize and CosineDense compute). */
function tfCosines(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const ux = tf.div(x, tf.norm(x, 'euclidean', 1, true));
  const uw = tf.div(w, tf.norm(w, 'euclidean', 0, true));
  return tf.matMul(ux, uw);
}

/** Central differences of `f` at every entry of `m`, in float64. */
function numericalGradient(m: Matrix, f: (m: Matrix) => number, h = 1e-6): Matrix {
  return m.map((row, r) =>
    row.map((_, k) => {
      const at = (delta: number): number =>
        f(m.map((rr, i) => rr.map((v, j) => (i === r && j === k ? v + delta : v))));
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
}

// The tiny case: 3 faces with 4-d embeddings, 3 classes. Face 2 points almost opposite its class
// (cos ~ -0.96, theta + m > pi), so ArcFace's fallback branch is checked too.
const X: Matrix = [
  [0.9, 0.2, -0.3, 0.1],
  [-0.2, 1.1, 0.4, -0.5],
  [-0.1, 0.3, -0.9, 0.2],
];
const W: Matrix = [
  [1.0, -0.3, 0.2],
  [0.1, 0.8, -0.4],
  [-0.2, 0.3, 1.0],
  [0.3, -0.6, 0.1],
];
const LABELS = [0, 1, 2];

describe('arcFaceLogits and cosFaceLogits', () => {
  const cosines = [
    [0.6, 0.8, 0],
    [0.1, -0.2, -0.95],
  ];
  const labels = [0, 2];
  const logitsOf = (compute: (c: tf.Tensor, l: tf.Tensor) => tf.Tensor): number[] => {
    const out = tf.tidy(() => compute(tf.tensor2d(cosines), tf.tensor1d(labels, 'int32')));
    const values = [...out.dataSync()];
    out.dispose();
    return values;
  };

  it('ArcFace: s cos(theta + m) on the true class, s (cos(theta) - m sin m) past theta = pi - m', () => {
    const got = logitsOf((c, l) => arcFaceLogits(c, l, { margin: 0.5, scale: 2 }));
    // Row 0: cos(acos(0.6) + 0.5) = 0.6 cos 0.5 - 0.8 sin 0.5 = 0.143009. Row 1: -0.95 < -cos 0.5, so
    // -0.95 - 0.5 sin 0.5 = -1.189713. Every other class keeps s cos.
    const expected = [0.286018, 1.6, 0, 0.2, -0.4, -2.379426];
    expect(got).toEqual(expected.map((value) => expect.closeTo(value, 5) as unknown));
  });

  it('ArcFace with easy margin leaves a true class with cos <= 0 alone', () => {
    const got = logitsOf((c, l) => arcFaceLogits(c, l, { margin: 0.5, scale: 2, easyMargin: true }));
    expect(got).toEqual([0.286018, 1.6, 0, 0.2, -0.4, -1.9].map((v) => expect.closeTo(v, 5) as unknown));
  });

  it('CosFace: s (cos - m) on the true class', () => {
    const got = logitsOf((c, l) => cosFaceLogits(c, l, { margin: 0.35, scale: 2 }));
    expect(got).toEqual([0.5, 1.6, 0, 0.2, -0.4, -2.6].map((v) => expect.closeTo(v, 5) as unknown));
  });
});

describe.each([
  ['arcface', { margin: 0.5, scale: 4 }],
  ['arcface', { margin: 0.3, scale: 30, labelSmoothing: 0.1 }],
  ['arcface', { margin: 0.5, scale: 4, easyMargin: true }],
  ['cosface', { margin: 0.35, scale: 4 }],
] as const)('marginLoss %s %j', (name, options) => {
  it('equals the float64 reference on the tiny case', () => {
    const loss = tf.tidy(() =>
      marginLoss(name, tfCosines(tf.tensor2d(X), tf.tensor2d(W)), tf.tensor1d(LABELS, 'int32'), options),
    );
    expect(loss.shape).toEqual([]);
    const smoothing = 'labelSmoothing' in options ? options.labelSmoothing : 0;
    const expected = lossReference(name, cosinesOf(X, W), LABELS, options, smoothing);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 4);
    loss.dispose();
  });

  it('has the gradient of central differences (float64) for embeddings and class weights', () => {
    // tf.grad in float32 against float64 central differences (h 1e-6): agree to 2e-3 of the largest entry.
    const { dx, dw } = tf.tidy(() => {
      const f = (x: tf.Tensor, w: tf.Tensor): tf.Scalar =>
        marginLoss(
          name,
          tfCosines(x as tf.Tensor2D, w as tf.Tensor2D),
          tf.tensor1d(LABELS, 'int32'),
          options,
        );
      const [gx, gw] = tf.grads(f)([tf.tensor2d(X), tf.tensor2d(W)]);
      return { dx: gx!.arraySync() as Matrix, dw: gw!.arraySync() as Matrix };
    });
    const smoothing = 'labelSmoothing' in options ? options.labelSmoothing : 0;
    const reference = (x: Matrix, w: Matrix): number =>
      lossReference(name, cosinesOf(x, w), LABELS, options, smoothing);
    const expectClose = (got: Matrix, expected: Matrix): void => {
      const largest = Math.max(...expected.flat().map(Math.abs));
      expect(largest).toBeGreaterThan(1e-3);
      got.flat().forEach((value, i) => {
        expect(Math.abs(value - expected.flat()[i]!)).toBeLessThan(2e-3 * largest + 1e-5);
      });
    };
    expectClose(
      dx,
      numericalGradient(X, (x) => reference(x, W)),
    );
    expectClose(
      dw,
      numericalGradient(W, (w) => reference(X, w)),
    );
  });
});

describe('marginLoss: edge cases', () => {
  it('keeps the gradient finite where the embedding sits on its class direction (theta = 0)', () => {
    const gradient = tf.tidy(() =>
      tf.grad((c: tf.Tensor) =>
        marginLoss('arcface', c, tf.tensor1d([0], 'int32'), { margin: 0.5, scale: 30 }),
      )(tf.tensor2d([[1.0000001, 0.2, -0.3]])),
    );
    expect([...gradient.dataSync()].every(Number.isFinite)).toBe(true);
    gradient.dispose();
  });

  it('refuses a negative margin or a scale of 0, naming the loss', () => {
    const cosines = tf.zeros([1, 2]);
    const labels = tf.zeros([1]);
    expect(() => marginLoss('arcface', cosines, labels, { margin: -0.1, scale: 30 })).toThrow(
      /arcface margin/,
    );
    expect(() => marginLoss('cosface', cosines, labels, { margin: 0.3, scale: 0 })).toThrow(/cosface scale/);
    tf.dispose([cosines, labels]);
  });

  it('leaves no tensor behind but its result', () => {
    const [cosines, labels] = [tf.tensor2d([[0.5, -0.2, 0.1]]), tf.tensor1d([2], 'int32')];
    const before = tf.memory().numTensors;
    const loss = marginLoss('arcface', cosines, labels, { margin: 0.5, scale: 30 });
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([loss, cosines, labels]);
  });
});
