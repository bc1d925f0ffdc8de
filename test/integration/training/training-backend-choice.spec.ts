import * as tf from '@tensorflow/tfjs-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainingBackend } from '../../../src-main/training/training-backend';
import { probeBackend } from '../../../src-main/vision/backend-probe';

const nativeProvisioned = probeBackend('') === 'tensorflow' || probeBackend('') === 'tensorflow-gpu';

/** A fresh copy of the module (and of vision/backend.ts under it), whose choice is made once per process. */
async function freshChoice(forced: string): Promise<TrainingBackend> {
  const { initTrainingBackend } = await import('../../../src-main/training/training-backend');
  return initTrainingBackend(forced);
}

/** One step's worth of convolution gradients: throws "kernel not registered" where a backend cannot train. */
function convolutionGradientsRun(): boolean {
  return tf.tidy(() => {
    const x = tf.ones<tf.Rank.R4>([2, 8, 8, 3]);
    const w = tf.ones<tf.Rank.R4>([3, 3, 3, 4]);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
    )([x, w]);
    return dx!.shape.join() === '2,8,8,3' && dw!.shape.join() === '3,3,3,4';
  });
}

beforeEach(() => {
  vi.resetModules();
});

describe('initTrainingBackend', () => {
  it('picks native where it is provisioned, else wasm, and says why', async () => {
    const { backend, reason } = await freshChoice('');
    expect(backend).toBe(nativeProvisioned ? probeBackend('') : 'wasm');
    expect(reason).toMatch(
      nativeProvisioned ? /native libtensorflow/ : /wasm .*native tfjs-node not provisioned/,
    );
    expect(convolutionGradientsRun()).toBe(true);
  });

  it('on wasm, registers the gradient kernels so that a convolution trains', async () => {
    const { backend, reason } = await freshChoice('wasm');
    expect(backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(reason).toBe('wasm with FaceAtlas’s gradient kernels (forced by FACEATLAS_BACKEND)');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(convolutionGradientsRun()).toBe(true);
  });

  it('runs on the cpu backend when forced to', async () => {
    const { backend, reason } = await freshChoice('cpu');
    expect([backend, tf.getBackend()]).toEqual(['cpu', 'cpu']);
    expect(reason).toBe('cpu (forced by FACEATLAS_BACKEND)');
    expect(convolutionGradientsRun()).toBe(true);
  });

  it('refuses an unknown forced backend by name instead of falling back', async () => {
    await expect(freshChoice('tpu')).rejects.toThrow('FACEATLAS_BACKEND must be one of');
  });
});
