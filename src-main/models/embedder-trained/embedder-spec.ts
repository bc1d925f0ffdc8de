/** How a model folder is stored: a tf.layers model (`tfjs-layers-model`) or a converted graph (`graph-model`). */
export type ModelFormat = 'layers' | 'graph';

/**
 * How 8-bit pixels reach the network: 'unit' [0, 1]; 'centered' [-1, 1]; 'imagenet' per-channel
 * (x - mean) / std; 'dlib' (x - dlib's mean RGB) / 255, what models fine-tuned from the bundled ResNet
 * are trained on; 'raw' 0..255 as they are. The same affine maps as training/dataset/normalization.ts, so
 * a trained model sees its crops as it was trained on them.
 */
export type PixelNormalization = 'unit' | 'centered' | 'imagenet' | 'dlib' | 'raw';

export const pixelNormalizations: readonly PixelNormalization[] = [
  'unit',
  'centered',
  'imagenet',
  'dlib',
  'raw',
];

/** Everything a worker needs to load a model folder and embed aligned face crops with it. */
export interface EmbedderSpec {
  /** Absolute folder holding model.json and its weight files. */
  folder: string;
  format: ModelFormat;
  /** Side of the square input, in pixels: crops are resized to it before they reach the worker. */
  inputSize: number;
  normalization: PixelNormalization;
  /** Layers models: the layer whose output is the embedding (null: the model's own output). */
  embeddingLayer: string | null;
  /** Graph models: the node to read the embedding from (null: the graph's first output). */
  outputNode: string | null;
}

const imagenetMean = [0.485, 0.456, 0.406];
const imagenetStd = [0.229, 0.224, 0.225];
/** dlib's mean face colour (RGB), as the bundled recognition net subtracts it. */
const dlibMean = [122.782, 117.001, 104.298];

/** Per channel: value' = byte * scale + shift. */
function affineOf(normalization: PixelNormalization): { scale: number[]; shift: number[] } {
  switch (normalization) {
    case 'raw':
      return { scale: [1, 1, 1], shift: [0, 0, 0] };
    case 'unit':
      return { scale: [1 / 255, 1 / 255, 1 / 255], shift: [0, 0, 0] };
    case 'centered':
      return { scale: [2 / 255, 2 / 255, 2 / 255], shift: [-1, -1, -1] };
    case 'imagenet':
      return {
        scale: imagenetStd.map((std) => 1 / (255 * std)),
        shift: imagenetMean.map((mean, c) => -mean / imagenetStd[c]!),
      };
    case 'dlib':
      return { scale: [1 / 255, 1 / 255, 1 / 255], shift: dlibMean.map((mean) => -mean / 255) };
  }
}

/** 8-bit RGB HWC pixels as the network wants them, written into `out` from `offset`. */
export function normalizePixels(
  pixels: Uint8Array,
  normalization: PixelNormalization,
  out: Float32Array,
  offset: number,
): void {
  const { scale, shift } = affineOf(normalization);
  for (let i = 0; i < pixels.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      out[offset + i + c] = pixels[i + c]! * scale[c]! + shift[c]!;
    }
  }
}
