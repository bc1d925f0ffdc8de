import * as tf from '@tensorflow/tfjs-core';
import { CHIP_SIZE as CHIP } from '../align.js';
import { WeightMap } from '../model-files.js';
import type { AlignedCrop } from '../types.js';
import { ResnetGraph } from './resnet-graph.js';

/** Descriptor length of the dlib ResNet. */
export const EMBEDDING_SIZE = 128;
const CHIP_VALUES = CHIP * CHIP * 3;
const MAX_BATCH = 16;

/**
 * dlib's ResNet-34-like face descriptor (dlib_face_recognition_resnet_model_v1 as shipped with face-api, run
 * by our folded graph), on 150x150 chips aligned as dlib does. Chips are embedded in batches; optional
 * flip fusion embeds each chip and its mirror image and averages the two normalised vectors.
 */
export class ResnetEmbedder {
  private constructor(private readonly graph: ResnetGraph) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): ResnetEmbedder {
    return new ResnetEmbedder(
      WeightMap.build('face_recognition_model', (weights) => ResnetGraph.fromWeights(weights)),
    );
  }

  /**
   * Forward pass only: [N,128] L2-normalised descriptors for N chips; with `flipFusion` their mirror images
   * join the batch (flipped in JS: cheaper than a reverse kernel). Caller disposes.
   */
  forward(crops: AlignedCrop[], flipFusion: boolean): tf.Tensor2D {
    const batch = packBatch(crops, flipFusion);
    return tf.tidy(() => {
      const raw = this.graph.forward(tf.tensor4d(batch, [batch.length / CHIP_VALUES, CHIP, CHIP, 3]));
      let unit = tf.div(raw, tf.norm(raw, 'euclidean', 1, true));
      if (flipFusion) {
        const [plain, mirrored] = tf.split(unit, 2);
        const sum = tf.add(plain!, mirrored!);
        unit = tf.div(sum, tf.norm(sum, 'euclidean', 1, true));
      }
      return unit as tf.Tensor2D;
    });
  }

  /** Embeds aligned chips; returns one L2-normalised 128-d vector per chip. */
  async embed(crops: AlignedCrop[], flipFusion: boolean): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < crops.length; start += MAX_BATCH) {
      const slice = crops.slice(start, start + MAX_BATCH);
      const result = this.forward(slice, flipFusion);
      const data = (await result.data()) as Float32Array;
      result.dispose();
      for (let i = 0; i < slice.length; i++)
        out.push(data.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE));
    }
    return out;
  }

  /** Frees the weights. */
  dispose(): void {
    this.graph.dispose();
  }
}

/** Float input for the graph: the chips, then (with `mirrors`) each chip flipped left-right, same order. */
function packBatch(crops: AlignedCrop[], mirrors: boolean): Float32Array {
  const count = crops.length;
  const batch = new Float32Array(count * CHIP_VALUES * (mirrors ? 2 : 1));
  crops.forEach((crop, i) => batch.set(crop.data, i * CHIP_VALUES));
  if (!mirrors) return batch;
  const rowValues = CHIP * 3;
  crops.forEach(({ data }, chip) => {
    for (let y = 0; y < CHIP; y++) {
      const from = y * rowValues;
      const to = (count + chip) * CHIP_VALUES + from;
      for (let x = 0; x < CHIP; x++) {
        const source = from + (CHIP - 1 - x) * 3;
        batch[to + x * 3] = data[source]!;
        batch[to + x * 3 + 1] = data[source + 1]!;
        batch[to + x * 3 + 2] = data[source + 2]!;
      }
    }
  });
  return batch;
}
