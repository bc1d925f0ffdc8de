import { createRequire } from 'node:module';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The slice of `@vladmandic/face-api` we still run: its tiny face detector (the fast mode), loaded only when
 * that detector is chosen. SSD, landmarks and the embedder run on our own graphs from the shipped weights
 * (see the `*-graph.ts` files), so a worker that never uses the tiny detector never loads face-api (about
 * 55 MiB and 170 ms per worker). We load the CommonJS `node-wasm` build: it requires `@tensorflow/tfjs` +
 * `@tensorflow/tfjs-backend-wasm` (both dependencies) and shares the one tfjs-core engine with our code, so
 * it runs on whichever backend `initBackend()` selected.
 */
export interface FaceApiDetection {
  readonly score: number;
  readonly relativeBox: { x: number; y: number; width: number; height: number };
}

/** face-api's tiny face detector. */
export interface FaceApiTiny {
  loadFromWeightMap(weightMap: tf.NamedTensorMap): void;
  dispose(throwOnRedispose?: boolean): void;
  locateFaces(input: tf.Tensor3D, options: unknown): Promise<FaceApiDetection[]>;
}

/** Constructors exported by the face-api bundle that we use. */
export interface FaceApiModule {
  TinyFaceDetector: new () => FaceApiTiny;
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
}

let cached: FaceApiModule | undefined;

/** Loads face-api once (call after `initBackend()`). */
export function faceApi(): FaceApiModule {
  cached ??= createRequire(import.meta.url)(
    '@vladmandic/face-api/dist/face-api.node-wasm.js',
  ) as FaceApiModule;
  return cached;
}
