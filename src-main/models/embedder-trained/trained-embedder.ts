import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import './custom-layers';
import { normalizePixels, type EmbedderSpec } from './embedder-spec';
import { folderLoadHandler } from './model-artifacts';

/** Images per forward pass: bounds the activations of a large input size. */
const maxBatch = 16;

/** A square 8-bit RGB image already at the model's input size. */
export interface EmbedderInput {
  data: Uint8Array;
  size: number;
}

type Forward = (x: tf.Tensor4D) => tf.Tensor;

/**
 * A face embedder loaded from a model folder (a model trained here, or an imported TensorFlow.js model):
 * normalise -> forward to the embedding layer (or output) -> L2-normalise, in batches inside tf.tidy.
 */
export class TrainedEmbedder {
  private constructor(
    readonly spec: EmbedderSpec,
    private readonly forward: Forward,
    private readonly release: () => void,
  ) {}

  /** Loads the folder's model on the current backend (call after initBackend()). */
  static async load(spec: EmbedderSpec): Promise<TrainedEmbedder> {
    if (spec.format === 'graph') {
      const graph = await tfconv.loadGraphModel(folderLoadHandler(spec.folder));
      const output = spec.outputNode ?? undefined;
      const forward: Forward = (x) => {
        const result = output ? graph.execute(x, output) : graph.execute(x);
        return (Array.isArray(result) ? result[0] : result) as tf.Tensor;
      };
      return new TrainedEmbedder(spec, forward, () => graph.dispose());
    }
    const model = await tfl.loadLayersModel(folderLoadHandler(spec.folder));
    const layer = spec.embeddingLayer;
    const embedder = layer
      ? tfl.model({ inputs: model.inputs, outputs: model.getLayer(layer).output })
      : model;
    const forward: Forward = (x) => {
      const result = embedder.predict(x);
      return Array.isArray(result) ? result[0]! : result;
    };
    return new TrainedEmbedder(spec, forward, () => model.dispose());
  }

  /** One L2-normalised vector per image (flattened when the output is not a vector). */
  async embed(images: readonly EmbedderInput[]): Promise<Float32Array[]> {
    const { inputSize, normalization } = this.spec;
    const values = inputSize * inputSize * 3;
    const out: Float32Array[] = [];
    for (let start = 0; start < images.length; start += maxBatch) {
      const slice = images.slice(start, start + maxBatch);
      const batch = new Float32Array(slice.length * values);
      slice.forEach((image, i) => {
        if (image.size !== inputSize || image.data.length !== values) {
          throw new RangeError(
            `TrainedEmbedder: an image of ${image.size}px, the model takes ${inputSize}px`,
          );
        }
        normalizePixels(image.data, normalization, batch, i * values);
      });
      const result = tf.tidy(() => {
        const raw = this.forward(tf.tensor4d(batch, [slice.length, inputSize, inputSize, 3]));
        const flat = tf.reshape(raw, [slice.length, -1]);
        const norm = tf.maximum(tf.norm(flat, 'euclidean', 1, true), 1e-12);
        return tf.div<tf.Tensor2D>(flat, norm);
      });
      const data = (await result.data()) as Float32Array;
      const dims = result.shape[1];
      result.dispose();
      for (let i = 0; i < slice.length; i++) out.push(data.slice(i * dims, (i + 1) * dims));
    }
    return out;
  }

  /** Frees the weights. */
  dispose(): void {
    this.release();
  }
}
