import * as tf from '@tensorflow/tfjs-core';
import { faceApi, type FaceApiRecognition } from '../face-api.js';
import { loadWeightMap } from '../model-files.js';
import type { AlignedCrop } from '../types.js';

/** Descriptor length of the dlib ResNet. */
export const EMBEDDING_SIZE = 128;
const CHIP = 150;
const MAX_BATCH = 16;

/**
 * dlib's ResNet-34-like face descriptor (dlib_face_recognition_resnet_model_v1, ported by face-api), run on
 * 150x150 chips aligned as dlib does. Chips are embedded in batches; optional flip fusion embeds each chip
 * and its mirror image and averages the two normalised vectors.
 */
export class ResnetEmbedder {
  private constructor(private readonly net: FaceApiRecognition) {}

  /** Loads the weights from `@vladmandic/face-api/model` (call after `initBackend()`). */
  static load(): ResnetEmbedder {
    const net = new (faceApi().FaceRecognitionNet)();
    net.loadFromWeightMap(loadWeightMap('face_recognition_model'));
    return new ResnetEmbedder(net);
  }

  /** Forward pass only: [N,128] L2-normalised descriptors for N packed chips; caller disposes. */
  forward(chips: Uint8Array, count: number, flipFusion: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      let batch = tf.tensor4d(chips, [count, CHIP, CHIP, 3], 'int32');
      if (flipFusion) batch = tf.concat([batch, tf.reverse(batch, 2)]);
      const raw = this.net.forwardInput(new (faceApi().NetInput)(tf.unstack(batch) as tf.Tensor3D[], true));
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
      const packed = new Uint8Array(slice.length * CHIP * CHIP * 3);
      slice.forEach((crop, i) => packed.set(crop.data, i * CHIP * CHIP * 3));
      const result = this.forward(packed, slice.length, flipFusion);
      const data = (await result.data()) as Float32Array;
      result.dispose();
      for (let i = 0; i < slice.length; i++)
        out.push(data.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE));
    }
    return out;
  }

  /** Raw (unnormalised, unfused) descriptors, as dlib returns them; for evaluation. */
  async embedRaw(crops: AlignedCrop[]): Promise<Float32Array[]> {
    const packed = new Uint8Array(crops.length * CHIP * CHIP * 3);
    crops.forEach((crop, i) => packed.set(crop.data, i * CHIP * CHIP * 3));
    const result = tf.tidy(() => {
      const batch = tf.tensor4d(packed, [crops.length, CHIP, CHIP, 3], 'int32');
      return this.net.forwardInput(new (faceApi().NetInput)(tf.unstack(batch) as tf.Tensor3D[], true));
    });
    const data = (await result.data()) as Float32Array;
    result.dispose();
    return crops.map((_, i) => data.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE));
  }

  /** Frees the weights. */
  dispose(): void {
    this.net.dispose();
  }
}
