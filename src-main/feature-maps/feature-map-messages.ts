import type { PixelNormalization } from '../models/embedder-trained/embedder-spec';
import type { BackendName } from '../vision/backend-names';
import type { FeatureLayer } from './feature-map-views';
import type { CanvasGeometry } from './input-size';

/** Which network the worker runs: the bundled embedder (rebuilt trainable) or a layers model folder. */
export type FeatureModelRef =
  | { kind: 'bundled' }
  | {
      kind: 'layers';
      folder: string;
      inputSize: number;
      normalization: PixelNormalization;
      /** The layer whose output is the embedding (null: the model's own output). */
      embeddingLayer: string | null;
    };

/** A square 8-bit RGB image (HWC). */
export interface SquarePixels {
  data: Uint8Array;
  size: number;
}

/** The layers of a model that can be shown, and the one Grad-CAM uses. */
export interface LayersAnswer {
  inputSize: number;
  layers: FeatureLayer[];
  saliencyLayer: string;
}

/** The strongest channels of one layer: each map min-max normalised to [0, 1], row-major. */
export interface ActivationsAnswer {
  layer: string;
  width: number;
  height: number;
  channels: number;
  /** Channel indices, strongest mean activation first. */
  shown: number[];
  /** shown.length maps of width x height, one after another. */
  maps: Float32Array;
}

/** A Grad-CAM map over the shown part of the canvas the network saw. */
export interface SaliencyAnswer {
  layer: string;
  width: number;
  height: number;
  /** In [0, 1], row-major. */
  values: Float32Array;
  /** Cosine similarity between the context crop's embedding and the reference. */
  score: number;
}

/** What the explained embedding is compared with: a unit vector, or a face crop to embed first. */
export type ReferenceInput = { kind: 'vector'; vector: Float32Array } | { kind: 'crop'; crop: SquarePixels };

/** What the feature-map worker serves (typed both sides through platform/worker-rpc). */
export interface FeatureMapMethods {
  layers: { request: { model: FeatureModelRef }; response: LayersAnswer };
  activations: {
    request: { model: FeatureModelRef; crop: SquarePixels; layer: string; channels: number };
    response: ActivationsAnswer;
  };
  /** Where saliency runs (asked first, so the main thread cuts the canvas): see input-size.ts. */
  canvas: { request: { model: FeatureModelRef }; response: CanvasGeometry };
  saliency: {
    request: { model: FeatureModelRef; context: SquarePixels; reference: ReferenceInput };
    response: SaliencyAnswer;
  };
}

export interface FeatureMapReady {
  backend: BackendName;
}
