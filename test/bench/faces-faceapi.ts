/**
 * The baseline of the faces bench: face-api's own pipeline, run as its Node users run it, in this process
 * (one thread): decode with sharp, `detectAllFaces(tensor, SsdMobilenetv1Options).withFaceLandmarks()
 * .withFaceDescriptors()`. face-api's node-wasm build is loaded as src-main/vision/face-api.ts loads it, so it
 * shares our tfjs-core engine and runs on the backend `initBackend()` chose.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { fallbackBox, type ImageEmbedding } from '../../src-main/evaluation/lfw-embedder';
import { initBackend } from '../../src-main/vision/backend';
import { loadWeightMap, type ModelFileName } from '../../src-main/vision/model-files';
import type { Box, RgbImage } from '../../src-main/vision/types';
import { decodeRgb } from './faces-support';

/** face-api's default SSD threshold, which its users run with. */
export const faceApiMinConfidence = 0.5;

interface Net {
  readonly isLoaded: boolean;
  loadFromWeightMap(weightMap: tf.NamedTensorMap): void;
}

interface FullFaceDescription {
  detection: { box: Box };
  descriptor: Float32Array;
}

/** The part of face-api's public API the baseline uses. */
interface FaceApiPipeline {
  nets: { ssdMobilenetv1: Net; faceLandmark68Net: Net; faceRecognitionNet: Net };
  SsdMobilenetv1Options: new (options: { minConfidence: number }) => unknown;
  detectAllFaces(
    input: tf.Tensor3D,
    options: unknown,
  ): { withFaceLandmarks(): { withFaceDescriptors(): Promise<FullFaceDescription[]> } };
  computeFaceDescriptor(input: tf.Tensor3D): Promise<Float32Array | Float32Array[]>;
}

export class FaceApiBaseline {
  private readonly options: unknown;

  private constructor(private readonly api: FaceApiPipeline) {
    this.options = new api.SsdMobilenetv1Options({ minConfidence: faceApiMinConfidence });
  }

  /** Initialises the backend, loads face-api and its three networks' shipped weights (from disk). */
  static async load(): Promise<FaceApiBaseline> {
    await initBackend();
    const api = createRequire(import.meta.url)(
      '@vladmandic/face-api/dist/face-api.node-wasm.js',
    ) as FaceApiPipeline;
    const nets: Array<[Net, ModelFileName]> = [
      [api.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model'],
      [api.nets.faceLandmark68Net, 'face_landmark_68_model'],
      [api.nets.faceRecognitionNet, 'face_recognition_model'],
    ];
    for (const [net, file] of nets) if (!net.isLoaded) net.loadFromWeightMap(loadWeightMap(file));
    return new FaceApiBaseline(api);
  }

  /** The backend face-api runs on (the engine is shared with ours). */
  get backend(): string {
    return tf.getBackend();
  }

  /** Decodes a file and describes every face in it; returns the faces and the image size. */
  async describe(
    file: string,
  ): Promise<{ faces: FullFaceDescription[]; image: RgbImage; tensor: tf.Tensor3D }> {
    const image = await decodeRgb(file);
    const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    const faces = await this.api
      .detectAllFaces(tensor, this.options)
      .withFaceLandmarks()
      .withFaceDescriptors();
    return { faces, image, tensor };
  }

  /** Decode + describe each file in turn; returns the faces found. */
  async throughput(files: string[]): Promise<number> {
    let faces = 0;
    for (const file of files) {
      const result = await this.describe(file);
      result.tensor.dispose();
      faces += result.faces.length;
    }
    return faces;
  }

  /**
   * For LFW verification: the descriptor of the detected face nearest the image centre; when none is
   * found, face-api's descriptor of the fixed central crop ((75, 70, 100, 110) on 250x250).
   */
  async embedForVerification(
    files: string[],
    onProgress: (done: number, total: number) => void,
  ): Promise<Map<string, ImageEmbedding>> {
    const results = new Map<string, ImageEmbedding>();
    for (const file of files) {
      const { faces, image, tensor } = await this.describe(file);
      try {
        const nearest = nearestCentre(faces, image.width, image.height);
        if (nearest) results.set(file, { embedding: nearest.descriptor, detected: true });
        else results.set(file, { embedding: await this.describeCrop(tensor, image), detected: false });
      } finally {
        tensor.dispose();
      }
      onProgress(results.size, files.length);
    }
    return results;
  }

  private async describeCrop(tensor: tf.Tensor3D, image: RgbImage): Promise<Float32Array> {
    const box = fallbackBox(image.width, image.height);
    const [x, y] = [Math.round(box.x), Math.round(box.y)];
    const crop = tf.slice(tensor, [y, x, 0], [Math.round(box.height), Math.round(box.width), 3]);
    try {
      const descriptor = await this.api.computeFaceDescriptor(crop);
      return Array.isArray(descriptor) ? descriptor[0]! : descriptor;
    } finally {
      crop.dispose();
    }
  }
}

function nearestCentre(
  faces: FullFaceDescription[],
  width: number,
  height: number,
): FullFaceDescription | undefined {
  const distance = ({ detection: { box } }: FullFaceDescription): number =>
    Math.hypot(box.x + box.width / 2 - width / 2, box.y + box.height / 2 - height / 2);
  let best: FullFaceDescription | undefined;
  for (const face of faces) if (!best || distance(face) < distance(best)) best = face;
  return best;
}
