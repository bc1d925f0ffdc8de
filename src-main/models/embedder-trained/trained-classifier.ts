import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import './custom-layers';
import { normalizePixels, type PixelNormalization } from './embedder-spec';
import { folderLoadHandler } from './model-artifacts';
import type { EmbedderInput } from './trained-embedder';

/** A trained classifier's inputs: embeddings (a head on frozen embeddings) or face crops (a ResNet). */
export type ClassifierInputs =
  | { kind: 'vectors'; vectors: Float32Array; dims: number }
  | { kind: 'images'; images: EmbedderInput[]; normalization: PixelNormalization };

/** Rows per forward pass. */
const maxBatch = 64;

/**
 * A classifier trained here, loaded from its run's model folder: class probabilities (softmax of the
 * model's output) for each input, row-major [inputs x classes].
 */
export class TrainedClassifier {
  private constructor(private readonly model: tfl.LayersModel) {}

  static async load(folder: string): Promise<TrainedClassifier> {
    return new TrainedClassifier(await tfl.loadLayersModel(folderLoadHandler(folder)));
  }

  async classify(inputs: ClassifierInputs): Promise<{ probabilities: Float32Array; classes: number }> {
    const rows = inputs.kind === 'vectors' ? inputs.vectors.length / inputs.dims : inputs.images.length;
    const parts: Float32Array[] = [];
    let classes = 0;
    for (let start = 0; start < rows; start += maxBatch) {
      const count = Math.min(maxBatch, rows - start);
      const result = tf.tidy(() => {
        const x = this.batch(inputs, start, count);
        const logits = this.model.predict(x) as tf.Tensor2D;
        return tf.softmax(logits);
      });
      classes = result.shape[1];
      parts.push((await result.data()) as Float32Array);
      result.dispose();
    }
    const probabilities = new Float32Array(rows * classes);
    let offset = 0;
    for (const part of parts) {
      probabilities.set(part, offset);
      offset += part.length;
    }
    return { probabilities, classes };
  }

  dispose(): void {
    this.model.dispose();
  }

  private batch(inputs: ClassifierInputs, start: number, count: number): tf.Tensor {
    if (inputs.kind === 'vectors') {
      const { vectors, dims } = inputs;
      return tf.tensor2d(vectors.subarray(start * dims, (start + count) * dims), [count, dims]);
    }
    const size = inputs.images[0]!.size;
    const values = size * size * 3;
    const batch = new Float32Array(count * values);
    for (let i = 0; i < count; i++) {
      normalizePixels(inputs.images[start + i]!.data, inputs.normalization, batch, i * values);
    }
    return tf.tensor4d(batch, [count, size, size, 3]);
  }
}
