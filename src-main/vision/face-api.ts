import { createRequire } from 'node:module';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The slice of `@vladmandic/face-api` we use: its network classes (param extraction and forward graphs).
 * Pre- and post-processing, batching and alignment are ours. We load the CommonJS `node-wasm` build: it
 * requires `@tensorflow/tfjs` + `@tensorflow/tfjs-backend-wasm` (both dependencies), shares the one
 * tfjs-core engine with our code, and so runs on whichever backend `initBackend()` selected.
 */
export interface FaceApiNetInput {
  readonly batchSize: number;
}

/** A face-api network: weights are loaded from a decoded weight map. */
export interface FaceApiNet {
  loadFromWeightMap(weightMap: tf.NamedTensorMap): void;
  dispose(throwOnRedispose?: boolean): void;
  readonly isLoaded: boolean;
}

/** face-api's SSD MobileNetV1 graph. */
export interface FaceApiSsd extends FaceApiNet {
  forwardInput(input: FaceApiNetInput | SizedBatch): { boxes: tf.Tensor2D[]; scores: tf.Tensor1D[] };
  /** The anchors live in `output_layer.extra_dim` ([1, n, 4]); the graph itself is size-agnostic. */
  readonly params: { output_layer: { extra_dim: tf.Tensor3D } } | undefined;
}

/**
 * Stands in for a NetInput: face-api's SSD `forwardInput` only calls `toBatchTensor(512, false)`, so this
 * hands it a batch we prepared at any size (the size is ignored).
 */
export interface SizedBatch {
  toBatchTensor(inputSize: number, isCenterInputs?: boolean): tf.Tensor4D;
}

/** face-api's detection result (we only read these fields). */
export interface FaceApiDetection {
  readonly score: number;
  readonly relativeBox: { x: number; y: number; width: number; height: number };
}

/** face-api's tiny face detector. */
export interface FaceApiTiny extends FaceApiNet {
  locateFaces(input: tf.Tensor3D, options: unknown): Promise<FaceApiDetection[]>;
}

/** face-api's 68-point landmark regressor; `forwardInput` returns [N,136] coords relative to each input. */
export interface FaceApiLandmarks extends FaceApiNet {
  forwardInput(input: FaceApiNetInput): tf.Tensor2D;
}

/** face-api's dlib ResNet-34 port; `forwardInput` returns [N,128] descriptors. */
export interface FaceApiRecognition extends FaceApiNet {
  forwardInput(input: FaceApiNetInput): tf.Tensor2D;
}

/** Constructors exported by the face-api bundle. */
export interface FaceApiModule {
  NetInput: new (inputs: tf.Tensor3D[], treatAsBatchInput?: boolean) => FaceApiNetInput;
  SsdMobilenetv1: new () => FaceApiSsd;
  TinyFaceDetector: new () => FaceApiTiny;
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  FaceLandmark68Net: new () => FaceApiLandmarks;
  FaceRecognitionNet: new () => FaceApiRecognition;
}

let cached: FaceApiModule | undefined;

/** Loads face-api once (call after `initBackend()`). */
export function faceApi(): FaceApiModule {
  cached ??= createRequire(import.meta.url)(
    '@vladmandic/face-api/dist/face-api.node-wasm.js',
  ) as FaceApiModule;
  return cached;
}
