import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mirroredOutput } from '../../../src-main/training/run/test-time-mirror';
import { evaluateBatches } from '../../../src-main/training/run/trainer-loop';
import { initBackend } from '../../../src-main/vision/backend';

beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

/** Two classes read off a 1 x 4 image: class 0 is 3 x its first pixel, class 1 is 4 x its last. */
function leftRightModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [1, 4, 1] }), tfl.layers.dense({ units: 2, useBias: false })],
  });
  model.layers[1]!.setWeights([
    tf.tensor2d([
      [3, 0],
      [0, 0],
      [0, 0],
      [0, 4],
    ]),
  ]);
  return model;
}

describe('test-time mirroring', () => {
  it("averages a face's output with its mirror image's, and leaves stored embeddings alone", () => {
    const model = leftRightModel();
    const x = tf.tensor4d([3, 1, 0, 0], [1, 1, 4, 1]);
    // Plain: [9, 0]; its mirror image [0, 0, 1, 3]: [0, 12]; their mean [4.5, 6].
    expect(Array.from(mirroredOutput(model, x).dataSync())).toEqual([4.5, 6]);
    const dense = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, inputShape: [3], useBias: false })],
    });
    dense.layers[0]!.setWeights([tf.tensor2d([[1], [2], [3]])]);
    expect(Array.from(mirroredOutput(dense, tf.tensor2d([[1, 1, 1]])).dataSync())).toEqual([6]);
    const before = tf.memory().numTensors;
    tf.dispose(mirroredOutput(model, x));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    dense.dispose();
  });

  it('changes the test accuracy only when asked', async () => {
    const model = leftRightModel();
    // Both faces are class 1. Plainly the first looks like class 0 ([3, 0]); with its mirror image ([0, 4])
    // the mean is [1.5, 2]: class 1. The second is class 1 either way ([0, 4], mean [1.5, 2]).
    const batch = () => ({
      x: tf.tensor4d([1, 0, 0, 0, 0, 0, 0, 1], [2, 1, 4, 1]),
      y: tf.tensor1d([1, 1], 'int32'),
      size: 2,
      faceIds: [1, 2],
    });
    async function* batches(): AsyncGenerator<ReturnType<typeof batch>> {
      // As the data pipeline does: a batch arrives after its crops were read.
      await Promise.resolve();
      yield batch();
    }
    const loss = (logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar =>
      tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), logits);
    expect((await evaluateBatches(model, batches(), loss)).accuracy).toBe(0.5);
    expect((await evaluateBatches(model, batches(), loss, { mirror: true })).accuracy).toBe(1);
    model.dispose();
  });
});
