import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { l2Normalise } from '../../evaluation/embedding-distance';
import type { TrainerRequest } from './trainer-messages';
import type { TrainingData } from './training-data';

/**
 * A model's output for a batch of faces averaged with its output for their mirror images (width flipped),
 * the test-time flip that face recognition evaluates with (dlib, ArcFace and most LFW protocols): a face
 * and its mirror are the same person, so their mean is the less noisy answer. Batches of stored embeddings
 * (a head on frozen embeddings: rank 2) have no mirror image and pass through as they are.
 */
export function mirroredOutput(model: LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const plain = model.apply(x, { training: false }) as tf.Tensor;
    if (x.rank !== 4) return plain;
    const mirrored = model.apply(tf.reverse(x, 2), { training: false }) as tf.Tensor;
    return tf.div(tf.add(plain, mirrored), 2);
  });
}

/** Held-out faces' embeddings (face and mirror image averaged, unit length), in batch order. */
export async function testEmbeddings(
  embedder: LayersModel,
  data: TrainingData,
  request: TrainerRequest,
): Promise<Array<{ faceId: number; vector: Float32Array }>> {
  const faces: Array<{ faceId: number; vector: Float32Array }> = [];
  for await (const batch of data.batches(request.test, { epoch: 0, startBatch: 0, training: false })) {
    let values: Float32Array;
    let width: number;
    try {
      const output = mirroredOutput(embedder, batch.x);
      width = output.shape[1] as number;
      values = (await output.data().finally(() => output.dispose())) as Float32Array;
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    batch.faceIds.forEach((faceId, k) => {
      faces.push({ faceId, vector: l2Normalise(values.slice(k * width, (k + 1) * width)) });
    });
  }
  return faces;
}
