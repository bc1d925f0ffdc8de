/**
 * Convolution gradients of one backend against the cpu backend's (the reference the Training engine
 * issue names): the kernel-parity specs of wasm and of native tfjs-node share these.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { seededRandom } from '../../src-main/util/seeded-random';
import { relativeError } from './relative-error';

// Float32 sums in another order (XNNPACK's blocked GEMM vs the cpu backend's loops) differ by ~1e-6 of the
// largest value; a wrong index, flip or padding differs by far more than the 1e-4 the issue allows.
export const TOLERANCE = 1e-4;

export type Shape4 = [number, number, number, number];
export type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

export function values(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => random() * 2 - 1);
}

interface Gradients {
  dx: Float32Array;
  dw: Float32Array;
}

/**
 * Gradients of sum(conv(x, w) * weights) on `backend`: the random weights make dy differ at every output
 * position, so a flipped filter or shifted window cannot cancel out as it would under a plain sum.
 */
async function gradientsOn(
  backend: string,
  convolve: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D,
  xShape: Shape4,
  wShape: Shape4,
): Promise<Gradients> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(values(tf.util.sizeFromShape(xShape), 1), xShape);
    const w = tf.tensor4d(values(tf.util.sizeFromShape(wShape), 2), wShape);
    const outShape = convolve(x, w).shape;
    const weights = tf.tensor(values(tf.util.sizeFromShape(outShape), 3), outShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(convolve(a as tf.Tensor4D, b as tf.Tensor4D), weights)),
    )([x, w]);
    return { dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array };
  });
}

export async function expectParity(
  convolve: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D,
  xShape: Shape4,
  wShape: Shape4,
  backend = 'wasm',
): Promise<void> {
  const expected = await gradientsOn('cpu', convolve, xShape, wShape);
  const actual = await gradientsOn(backend, convolve, xShape, wShape);
  expect(
    relativeError(actual.dx, expected.dx, { nonZeroReference: true }),
    'input gradient',
  ).toBeLessThanOrEqual(TOLERANCE);
  expect(
    relativeError(actual.dw, expected.dw, { nonZeroReference: true }),
    'filter gradient',
  ).toBeLessThanOrEqual(TOLERANCE);
}

/** Every geometry the issue asks parity over: 1x1, 3x3 and 7x7 filters, stride 1 and 2, same and valid, batch 1 and 8. */
export const gradientCases = [1, 3, 7].flatMap((filter) =>
  [1, 2].flatMap((stride) =>
    (['same', 'valid'] as const).flatMap((pad) => [1, 8].map((batch) => ({ filter, stride, pad, batch }))),
  ),
);
