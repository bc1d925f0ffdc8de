import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

/** Base names of the face-api weight files this module uses. */
export type ModelFileName =
  'ssd_mobilenetv1_model' | 'tiny_face_detector_model' | 'face_landmark_68_model' | 'face_recognition_model';

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/** Folder of the weights shipped in `@vladmandic/face-api/model`, resolved through node resolution. */
export function modelDirectory(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Path of a model's manifest file. */
export function manifestPath(name: ModelFileName): string {
  return path.join(modelDirectory(), `${name}-weights_manifest.json`);
}

/** Reads a model's manifest (the JSON list of weight groups). */
export function readManifest(name: ModelFileName): ManifestGroup[] {
  return JSON.parse(readFileSync(manifestPath(name), 'utf8')) as ManifestGroup[];
}

/**
 * Reads a model's weights from disk (never the network) and decodes them into named tensors. The caller
 * owns the tensors (the networks keep them as their params and dispose them in `dispose()`).
 */
export function loadWeightMap(name: ModelFileName): tf.NamedTensorMap {
  const groups = readManifest(name);
  const specs = groups.flatMap((group) => group.weights);
  const buffers = groups.flatMap((group) =>
    group.paths.map((p) => readFileSync(path.join(modelDirectory(), p))),
  );
  const joined = Buffer.concat(buffers);
  const arrayBuffer = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  return tf.io.decodeWeights(arrayBuffer, specs);
}

/**
 * Named access to a decoded weight map, checking each tensor's rank, for the graphs that fold the weights
 * into their own tensors. `dispose()` frees the whole map once the graph is built.
 */
export class WeightMap {
  constructor(
    private readonly map: tf.NamedTensorMap,
    private readonly model: ModelFileName,
  ) {}

  /**
   * Reads one model's weights from disk, hands them to `build` (which copies what it keeps into its own
   * tensors) and frees them, whether `build` succeeds or throws.
   */
  static build<T>(name: ModelFileName, build: (weights: WeightMap) => T): T {
    const weights = new WeightMap(loadWeightMap(name), name);
    try {
      return build(weights);
    } finally {
      weights.dispose();
    }
  }

  tensor1d(name: string): tf.Tensor1D {
    return this.get(name, 1) as tf.Tensor1D;
  }

  tensor2d(name: string): tf.Tensor2D {
    return this.get(name, 2) as tf.Tensor2D;
  }

  tensor4d(name: string): tf.Tensor4D {
    return this.get(name, 4) as tf.Tensor4D;
  }

  dispose(): void {
    tf.dispose(Object.values(this.map));
  }

  private get(name: string, rank: number): tf.Tensor {
    const tensor = this.map[name];
    if (!tensor) throw new Error(`${this.model} - weight ${name} is missing`);
    if (tensor.rank !== rank)
      throw new Error(`${this.model} - weight ${name} has rank ${tensor.rank}, expected ${rank}`);
    return tensor;
  }
}
