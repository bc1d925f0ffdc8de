import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels } from '../../../src-main/training/kernels/register-training-kernels';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { wasmDirectory } from '../../../src-main/vision/backend';
import { relativeError } from '../../support/relative-error';

// The bound for each kernel holds for a whole step too: two steps of ~100 kernels differ from the
// cpu backend by at most 6.4e-6 of each weight's largest value (measured); a wrong kernel gives order 1.
const TOLERANCE = 1e-4;

type Symbolic = tfl.SymbolicTensor;

/** Every layer kind a ResNet training step uses, on a 16x16 input: stem, both block kinds, both pools. */
function tinyResNet(): tfl.LayersModel {
  let seed = 1;
  const init = (): ReturnType<typeof tfl.initializers.glorotUniform> =>
    tfl.initializers.glorotUniform({ seed: seed++ });
  const conv = (
    x: Symbolic,
    filters: number,
    kernelSize: number,
    strides: number,
    useBias = false,
  ): Symbolic =>
    tfl.layers
      .conv2d({ filters, kernelSize, strides, padding: 'same', useBias, kernelInitializer: init() })
      .apply(x) as Symbolic;
  const norm = (x: Symbolic): Symbolic => tfl.layers.batchNormalization().apply(x) as Symbolic;
  const relu = (x: Symbolic): Symbolic => tfl.layers.reLU().apply(x) as Symbolic;
  const block = (x: Symbolic, filters: number, strides: number): Symbolic => {
    const branch = norm(conv(relu(norm(conv(x, filters, 3, strides))), filters, 3, 1));
    const shortcut = strides === 1 ? x : norm(conv(x, filters, 1, strides));
    return relu(tfl.layers.add().apply([branch, shortcut]) as Symbolic);
  };
  const input = tfl.input({ shape: [16, 16, 3] });
  // The stem has a bias and no batch norm: a bias before batch norm gets a zero gradient, mere noise.
  let h = relu(conv(input, 8, 7, 2, true));
  h = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(h) as Symbolic;
  h = block(block(h, 8, 1), 16, 2);
  h = tfl.layers.averagePooling2d({ poolSize: 2, padding: 'same' }).apply(h) as Symbolic;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as Symbolic;
  const logits = tfl.layers.dense({ units: 3, kernelInitializer: init() }).apply(h) as Symbolic;
  return tfl.model({ inputs: input, outputs: logits });
}

let model: tfl.LayersModel;
let images: Float32Array;
const labels = [0, 1, 2, 1];

function loss(): tf.Scalar {
  const x = tf.tensor4d(images, [labels.length, 16, 16, 3]);
  const logits = model.apply(x, { training: true }) as tf.Tensor2D;
  const target = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}

/** Weights after two steps of `optimizer` on `backend`, from the same starting weights. */
async function weightsAfterSteps(
  backend: 'cpu' | 'wasm',
  optimizer: () => tf.Optimizer,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const start = model.getWeights().map((w) => w.dataSync().slice());
  const trainer = optimizer();
  for (let step = 0; step < 2; step++) trainer.minimize(loss)?.dispose();
  const after = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  trainer.dispose();
  model.getWeights().forEach((w, i) => (w as tf.Variable).assign(tf.tensor(start[i]!, w.shape))); // reset
  return after;
}

beforeAll(async () => {
  setWasmPaths(`${wasmDirectory()}${path.sep}`);
  registerTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  const random = seededRandom(7);
  images = Float32Array.from({ length: labels.length * 16 * 16 * 3 }, () => random());
  model = tinyResNet();
});

describe('a ResNet training step on wasm with our kernels', () => {
  it.each([
    { name: 'SGD', optimizer: () => tf.train.sgd(0.1) },
    { name: 'SGD with momentum', optimizer: () => tf.train.momentum(0.1, 0.9) },
    { name: 'Adam', optimizer: () => tf.train.adam(0.01) },
  ])('runs every kernel it needs and matches the cpu backend ($name)', async ({ optimizer }) => {
    const before = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    const expected = await weightsAfterSteps('cpu', optimizer);
    const actual = await weightsAfterSteps('wasm', optimizer);
    // The steps moved the weights (else equal results would prove nothing), the same way on both backends.
    expect(expected.some((w, i) => relativeError(w, before[i]!) > 1e-3)).toBe(true);
    actual.forEach((w, i) =>
      expect(relativeError(w, expected[i]!), model.weights[i]!.name).toBeLessThan(TOLERANCE),
    );
  });
});
