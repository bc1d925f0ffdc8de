import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2DBackpropInputConfig } from '../../../src-main/training/kernels/conv2d-backprop-input';
import {
  registerTrainingKernels,
  TRAINING_KERNELS,
} from '../../../src-main/training/kernels/register-training-kernels';
import { wasmDirectory } from '../../../src-main/vision/backend';
import { expectParity, gradientCases, TOLERANCE, values, type Pad } from '../../support/conv-gradient-parity';
import { relativeError } from '../../support/relative-error';

// Height and width differ (9 x 8) so that a swapped axis shows; odd sizes make stride 2 drop edge rows.
const cases = gradientCases;

beforeAll(async () => {
  setWasmPaths(`${wasmDirectory()}${path.sep}`);
  registerTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('wasm training kernels', () => {
  it('are registered once, replacing the backend’s scalar Conv2DBackpropInput', () => {
    registerTrainingKernels(); // a second time must neither throw nor duplicate
    for (const config of TRAINING_KERNELS) {
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    }
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(
      conv2DBackpropInputConfig.kernelFunc,
    );
  });

  it.each(cases)('conv2d $filter x $filter, stride $stride, $pad, batch $batch', async (c) => {
    await expectParity(
      (x, w) => tf.conv2d(x, w, c.stride, c.pad),
      [c.batch, 9, 8, 3],
      [c.filter, c.filter, 3, 4],
    );
  });

  it.each([
    { filter: 3, stride: 1, pads: [1, 2, 0, 1] },
    { filter: 3, stride: 2, pads: [2, 0, 1, 1] },
    { filter: 1, stride: 2, pads: [1, 0, 0, 1] },
  ])('conv2d $filter x $filter, stride $stride, explicit pads $pads', async (c) => {
    const [top, bottom, left, right] = c.pads as [number, number, number, number];
    const pad: Pad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    await expectParity((x, w) => tf.conv2d(x, w, c.stride, pad), [2, 9, 8, 3], [c.filter, c.filter, 3, 4]);
  });

  it.each(cases.flatMap((c) => [1, 2].map((multiplier) => ({ ...c, multiplier }))))(
    'depthwise $filter x $filter, multiplier $multiplier, stride $stride, $pad, batch $batch',
    async (c) => {
      await expectParity(
        (x, w) => tf.depthwiseConv2d(x, w, c.stride, c.pad),
        [c.batch, 9, 8, 3],
        [c.filter, c.filter, 3, c.multiplier],
      );
    },
  );

  it.each([
    { shape: [1, 1, 1, 5], reps: [2, 3, 4, 1], dtype: 'float32' as const },
    { shape: [2, 3, 1], reps: [2, 1, 3], dtype: 'int32' as const },
    { shape: [3, 2], reps: [2, 2], dtype: 'bool' as const },
  ])('Tile of $dtype $shape x $reps equals the cpu backend’s', async ({ shape, reps, dtype }) => {
    const tileOn = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const count = tf.util.sizeFromShape(shape);
        const x = tf.tensor(
          Array.from({ length: count }, (_, i) => (dtype === 'bool' ? i % 2 : i - 2)),
          shape,
          dtype,
        );
        return Array.from(tf.tile(x, reps).dataSync());
      });
    };
    expect(await tileOn('wasm')).toEqual(await tileOn('cpu'));
  });

  /** `op` of seeded values of `shape` on `backend`, read back. */
  const onBackend = async (
    backend: 'cpu' | 'wasm',
    shape: number[],
    op: (x: tf.Tensor) => tf.Tensor,
    offset = 0,
  ): Promise<Float32Array> => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.add(tf.tensor(values(tf.util.sizeFromShape(shape), 7), shape), offset);
      return op(x).dataSync() as Float32Array;
    });
  };

  it.each([
    { shape: [4, 9, 8, 5], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 9, 8, 5], axis: [2, 0, 1], keepDims: true },
    { shape: [32, 64, 64, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 9, 8, 5], axis: [1, 2], keepDims: false },
    { shape: [6, 5], axis: [0], keepDims: false },
  ])('Sum and Mean over $axis of $shape equal the cpu backend’s', async ({ shape, axis, keepDims }) => {
    for (const reduce of [tf.sum, tf.mean]) {
      // An offset of 3 keeps the sums far from zero, where a relative error is meaningful.
      const op = (x: tf.Tensor): tf.Tensor => reduce(x, axis, keepDims);
      const expected = await onBackend('cpu', shape, op, 3);
      const actual = await onBackend('wasm', shape, op, 3);
      expect(relativeError(actual, expected, { nonZeroReference: true }), reduce.name).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
    const shapeOn = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
      await tf.setBackend(backend);
      return tf.tidy(() => tf.sum(tf.ones(shape), axis, keepDims).shape);
    };
    expect(await shapeOn('wasm')).toEqual(await shapeOn('cpu'));
  });

  it.each([
    { shape: [4, 9, 8, 5], scale: true, offset: true },
    { shape: [4, 9, 8, 5], scale: false, offset: true },
    { shape: [4, 9, 8, 5], scale: true, offset: false },
    { shape: [12, 5], scale: true, offset: true },
  ])(
    'FusedBatchNorm of $shape (scale $scale, offset $offset) equals the cpu backend’s',
    async ({ shape, scale, offset }) => {
      const op = (x: tf.Tensor): tf.Tensor =>
        tf.batchNorm(
          x,
          tf.tensor1d([0.5, -1, 2, 0, 3]),
          tf.tensor1d([1, 0.25, 4, 2, 0.5]),
          offset ? tf.tensor1d([0.1, 0.2, -0.3, 0.4, 0]) : undefined,
          scale ? tf.tensor1d([2, -1, 0.5, 0, 1]) : undefined,
          1e-3,
        );
      const expected = await onBackend('cpu', shape, op, 1);
      const actual = await onBackend('wasm', shape, op, 1);
      expect(relativeError(actual, expected, { nonZeroReference: true })).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  it('Identity and same-dtype Cast share the buffer; the copy lives as long as any holder', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const buffers = backend.numDataIds();
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const copy = tf.clone(x);
    const cast = tf.cast(x, 'float32');
    const converted = tf.cast(x, 'int32');
    expect(backend.numDataIds()).toBe(buffers + 2); // x (shared by copy and cast) and the int32 one
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(Array.from(cast.dataSync())).toEqual([1, 2, 3, 4]);
    expect(converted.dtype).toBe('int32');
    tf.dispose([cast, converted]);
    expect(backend.numDataIds()).toBe(buffers);
  });

  it('free every intermediate: no wasm buffer outlives a gradient', async () => {
    await tf.setBackend('wasm');
    const step = (): void =>
      tf.tidy(() => {
        const x = tf.tensor4d(values(2 * 9 * 8 * 3, 4), [2, 9, 8, 3]);
        const w = tf.tensor4d(values(3 * 3 * 3 * 4, 5), [3, 3, 3, 4]);
        const d = tf.tensor4d(values(3 * 3 * 3 * 2, 6), [3, 3, 3, 2]);
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
        )([x, w]);
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')),
        )([x, w]);
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
        )([x, d]);
      });
    step(); // the first run may allocate lasting state (none expected, but it is not a leak per step)
    const backend = tf.engine().backend;
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    step();
    step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
