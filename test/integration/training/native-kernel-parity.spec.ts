import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convolvedFilterGradientPays,
  convolvedInputGradientPays,
} from '../../../src-main/training/kernels/native-conv-gradients';
import { NATIVE_TRAINING_KERNELS } from '../../../src-main/training/kernels/register-training-kernels';
import { registerNativeTrainingKernels } from '../../../src-main/training/kernels/register-training-kernels';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import { probeBackend } from '../../../src-main/vision/backend-probe';
import { expectParity, gradientCases, type Shape4 } from '../../support/conv-gradient-parity';

// Runs where native tfjs-node (CPU) is provisioned (`npm run setup:native`); CI trains on wasm.
const native = probeBackend('') === 'tensorflow';

// 17 x 16 so that stride-1 3x3 layers reach the 16x16 outputs where ours take over (and a swapped axis
// shows); 8 input channels, the fewest our input gradient takes.
const xShape = (batch: number): Shape4 => [batch, 17, 16, 8];
const cases = gradientCases;

const geometry = (c: (typeof cases)[number]) =>
  tf.backend_util.computeConv2DInfo(xShape(c.batch), [c.filter, c.filter, 8, 4], c.stride, 1, c.pad);

describe.skipIf(!native)('native (tfjs-node CPU) training kernels', () => {
  beforeAll(async () => {
    expect((await initTrainingBackend('tensorflow')).backend).toBe('tensorflow');
  });

  it('replace tfjs-node’s convolution gradients, once', () => {
    registerNativeTrainingKernels(); // a second time must neither throw nor duplicate
    for (const config of NATIVE_TRAINING_KERNELS) {
      expect(tf.getKernel(config.kernelName, 'tensorflow')?.kernelFunc).toBe(config.kernelFunc);
    }
    // The cases below run both our formulations and TF's own kernels they hand back to.
    const filterOurs = cases.filter((c) => convolvedFilterGradientPays(geometry(c)));
    const inputOurs = cases.filter((c) => convolvedInputGradientPays(geometry(c)));
    expect(filterOurs.length).toBeGreaterThan(0);
    expect(filterOurs.length).toBeLessThan(cases.length);
    expect(inputOurs.length).toBeGreaterThan(0);
    expect(inputOurs.length).toBeLessThan(cases.length);
  });

  it.each(cases)('conv2d $filter x $filter, stride $stride, $pad, batch $batch', async (c) => {
    await expectParity(
      (x, w) => tf.conv2d(x, w, c.stride, c.pad),
      xShape(c.batch),
      [c.filter, c.filter, 8, 4],
      'tensorflow',
    );
  });

  it('conv2d 3 x 3, stride 1, explicit pads', async () => {
    const pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ] as [[0, 0], [number, number], [number, number], [0, 0]];
    await expectParity((x, w) => tf.conv2d(x, w, 1, pad), xShape(2), [3, 3, 8, 4], 'tensorflow');
  });
});
