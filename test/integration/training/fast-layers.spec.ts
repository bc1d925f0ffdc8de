import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BatchNormTraining,
  BatchNormTrainingGrad,
  ReluGrad,
} from '../../../src-main/training/kernels/native-fused-ops';
import { registerTrainingKernels } from '../../../src-main/training/kernels/register-training-kernels';
import {
  batchNormInTraining,
  FastBatchNormalization,
  FastConv2D,
  FastReLU,
} from '../../../src-main/training/models/fast-layers';
import { reluWithMaskGradient } from '../../../src-main/training/models/fast-layers/fast-relu';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { wasmDirectory } from '../../../src-main/vision/backend';
import { probeBackend } from '../../../src-main/vision/backend-probe';
import { relativeError } from '../../support/relative-error';

// The closed-form gradient sums in another order than the differentiated graph: float rounding only.
const TOLERANCE = 1e-4;

function values(count: number, seed: number, offset = 0): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * 3 + offset);
}

/** What one training pass of a layer gives: output, gradients of its input and weights, weights after. */
interface Pass {
  output: Float32Array;
  grads: Float32Array[];
  weightsAfter: Float32Array[];
}

/**
 * Builds `layer` on `shape`, gives it seeded weights, runs one training pass (training: true) of
 * sum(layer(x) * w) and returns what it produced; the random w makes dy differ at every position.
 */
function trainingPass(layer: tfl.layers.Layer, shape: number[]): Pass {
  const input = tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 1, 0.5), shape));
  try {
    return tf.tidy(() => {
      layer.build(shape);
      // Seeded weights; the last (batch norm's moving variance) positive.
      layer.setWeights(
        layer.getWeights().map((w, i, all) => {
          const random = tf.tensor(values(w.size, 10 + i), w.shape);
          return i === all.length - 1 && all.length === 4 ? tf.add(tf.abs(random), 0.5) : random;
        }),
      );
      const w = tf.tensor(values(tf.util.sizeFromShape(shape), 2), shape);
      const variables = [input, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
      let output: Float32Array = new Float32Array();
      const { grads } = tf.variableGrads(() => {
        const y = layer.apply(input, { training: true }) as tf.Tensor;
        output = y.dataSync() as Float32Array; // the engine frees y with the tape
        return tf.sum(tf.mul(y, w));
      }, variables);
      return {
        output,
        grads: variables.map((v) => grads[v.name]!.dataSync() as Float32Array),
        weightsAfter: layer.getWeights().map((t) => t.dataSync() as Float32Array),
      };
    });
  } finally {
    input.dispose();
  }
}

function expectSamePass(actual: Pass, expected: Pass): void {
  expect(
    relativeError(actual.output, expected.output, { nonZeroReference: true }),
    'output',
  ).toBeLessThanOrEqual(TOLERANCE);
  expect(actual.grads.length).toBe(expected.grads.length);
  actual.grads.forEach((grad, i) =>
    expect(
      relativeError(grad, expected.grads[i]!, { nonZeroReference: true }),
      `gradient ${i}`,
    ).toBeLessThanOrEqual(TOLERANCE),
  );
  actual.weightsAfter.forEach((weights, i) =>
    expect(
      relativeError(weights, expected.weightsAfter[i]!, { nonZeroReference: true }),
      `weights ${i}`,
    ).toBeLessThanOrEqual(TOLERANCE),
  );
}

beforeAll(() => {
  setWasmPaths(`${wasmDirectory()}${path.sep}`);
  registerTrainingKernels();
});

// Native tfjs-node (CPU) runs batch norm and the ReLU gradient as fused kernels: checked where it is
// provisioned (`npm run setup:native`); CI trains on wasm.
const backends =
  probeBackend('') === 'tensorflow' ? (['cpu', 'wasm', 'tensorflow'] as const) : (['cpu', 'wasm'] as const);

/** The kernels the gradient of sum(op(x)) runs, by name, and how many tensors it left behind. */
async function kernelsOfGradient(
  op: (x: tf.Tensor) => tf.Tensor,
  shape: number[],
): Promise<{ names: string[]; leaked: number }> {
  const x = tf.tensor(values(tf.util.sizeFromShape(shape), 5), shape);
  const before = tf.memory().numTensors;
  const profile = await tf.profile(() => {
    tf.dispose(tf.grads((input: tf.Tensor) => tf.sum(op(input)))([x]));
  });
  const leaked = tf.memory().numTensors - before;
  x.dispose();
  return { names: profile.kernels.map((kernel) => kernel.name), leaked };
}

describe.each(backends)('fast training layers on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'tensorflow') await initTrainingBackend('tensorflow');
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.runIf(backend === 'tensorflow')(
    'run batch norm and the ReLU gradient as one fused kernel each',
    async () => {
      const [gamma, beta] = [tf.tensor1d([1, 2, 0.5]), tf.tensor1d([0, 1, -1])];
      const normalize = (x: tf.Tensor) =>
        batchNormInTraining(x, gamma, beta, 1e-3, ({ mean, variance }) => tf.dispose([mean, variance]));
      const batchNorm = await kernelsOfGradient(normalize, [4, 6, 5, 3]);
      expect(batchNorm.names).toEqual(expect.arrayContaining([BatchNormTraining, BatchNormTrainingGrad]));
      expect(batchNorm.leaked, 'tensors left behind').toBe(0);
      const relu = await kernelsOfGradient(reluWithMaskGradient, [4, 6, 5, 3]);
      expect(relu.names).toContain(ReluGrad);
      expect(relu.leaked, 'tensors left behind').toBe(0);
      tf.dispose([gamma, beta]);
    },
  );

  it.each([{ shape: [4, 6, 5, 3] }, { shape: [8, 7] }])(
    'batch norm of $shape trains as tf.layers’ own: output, gradients, moving statistics',
    ({ shape }) => {
      const args = { momentum: 0.9, epsilon: 1e-5 };
      const expected = trainingPass(tfl.layers.batchNormalization(args), shape);
      const actual = trainingPass(new FastBatchNormalization(args), shape);
      expectSamePass(actual, expected);
      // gamma, beta and x: three gradients, none of them all zero.
      expect(actual.grads).toHaveLength(3);
      for (const grad of actual.grads) expect(grad.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    },
  );

  it('ReLU’s gradient is tf.layers’ own, zero exactly where the input is not positive', () => {
    const shape = [3, 5, 4, 2];
    const expected = trainingPass(tfl.layers.reLU({}), shape);
    const actual = trainingPass(new FastReLU({}), shape);
    expect(Array.from(actual.output)).toEqual(Array.from(expected.output));
    expect(Array.from(actual.grads[0]!)).toEqual(Array.from(expected.grads[0]!));
  });

  const convArgs = { filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false } as const;

  it('convolution trains as tf.layers’ own: output, the input’s and the kernel’s gradients', () => {
    // Three filters at stride 1: the pass weights the output by a tensor of the input's shape.
    const shape = [2, 7, 6, 3];
    const args = { ...convArgs, filters: 3, strides: 1 };
    expectSamePass(trainingPass(new FastConv2D(args), shape), trainingPass(tfl.layers.conv2d(args), shape));
  });

  it('convolution computes no gradient for an input no weight depends on (a network’s image)', async () => {
    const backpropInputs = async (layer: tfl.layers.Layer): Promise<number> => {
      const image = tf.tensor4d(values(2 * 8 * 8 * 3, 4), [2, 8, 8, 3]);
      layer.build(image.shape);
      const kernel = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
      const profile = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(layer.apply(image, { training: true }) as tf.Tensor),
          kernel,
        );
        tf.dispose([value, grads]);
      });
      image.dispose();
      for (const weight of layer.weights) weight.dispose();
      return profile.kernels.filter((kernel) => kernel.name === 'Conv2DBackpropInput').length;
    };
    // tf.layers' fused convolution computes the image's gradient and drops it; ours never runs it.
    expect(await backpropInputs(tfl.layers.conv2d(convArgs))).toBe(1);
    expect(await backpropInputs(new FastConv2D(convArgs))).toBe(0);
  });

  it('saves as tf.layers’ own classes: a model loads and predicts the same without these', async () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const convolved = new FastConv2D({ ...convArgs, filters: 2, strides: 1 }).apply(
      input,
    ) as tfl.SymbolicTensor;
    const normed = new FastBatchNormalization({}).apply(convolved) as tfl.SymbolicTensor;
    const output = new FastReLU({}).apply(normed) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const topology = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'];
    const json = JSON.stringify(topology);
    expect(json).toContain('"class_name":"BatchNormalization"');
    expect(json).toContain('"class_name":"ReLU"');
    expect(json).toContain('"class_name":"Conv2D"');
    const loaded = await tfl.models.modelFromJSON({ modelTopology: topology });
    const fastClasses = [FastBatchNormalization, FastConv2D, FastReLU];
    expect(loaded.layers.some((layer) => fastClasses.some((fast) => layer instanceof fast))).toBe(false);
    loaded.setWeights(model.getWeights());
    const x = tf.tensor4d(values(2 * 4 * 4 * 2, 3), [2, 4, 4, 2]);
    const [fast, plain] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(Array.from(fast!.dataSync())).toEqual(Array.from(plain!.dataSync()));
    tf.dispose([x, fast!, plain!]);
    model.dispose();
    loaded.dispose();
  });
});
