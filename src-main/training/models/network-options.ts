import type * as tfl from '@tensorflow/tfjs-layers';
import { MAX_INPUT_SIZE, MAX_WIDTH, MIN_BUILD_INPUT_SIZE, MIN_WIDTH } from './resnet/resnet-architectures';

/** Name of the layer whose output is the embedding, in every network; later issues read it by this name. */
export const EMBEDDING_LAYER = 'embedding';

/**
 * The last layer: `dense` logits for the softmax loss, or `cosine`: cosines between the L2-normalised
 * embedding and unit class directions (scale 1, fixed), for a margin loss, which applies its own scale.
 */
export const resnetClassifiers = ['dense', 'cosine'] as const;
export type ResNetClassifier = (typeof resnetClassifiers)[number];

/**
 * What every network builder takes besides its architecture name (ResNet's options, which came first:
 * the limits live in resnet-architectures.ts, where the run config already reads them).
 */
export interface NetworkOptions {
  /** Channel multiplier of the family's widths (DenseNet: of its growth rate). Default 1. */
  width?: number;
  /** Square RGB input, NHWC: 64..160 in runs ({@link MIN_BUILD_INPUT_SIZE} for tests). */
  inputSize: number;
  /** Identities the classifier tells apart. */
  classes: number;
  /** Width of the `embedding` layer. Default 128, the bundled embedder's. */
  embeddingSize?: number;
  /** The run's seed: the same seed builds the same initial weights. */
  seed: number;
  /** The last layer: dense logits (default) or cosines for a margin loss (ResNet's `classifier`). */
  classifier?: ResNetClassifier;
}

/** What every builder returns (ResNet's `BuiltResNet` has the same shape). */
export interface BuiltNetwork {
  /** Image in, logits out (no softmax: the loss applies it). */
  model: tfl.LayersModel;
  /** The layer whose output is the face embedding (batch-normalised, not L2-normalised). */
  embeddingLayer: string;
  /** Weights in the model, batch norm's moving statistics included. */
  parameters: number;
}

/**
 * The options with their defaults, or an Error prefixed with `family` (`VGG - width must be ...`) naming
 * the first one out of range: the same rules and wording as ResNet's.
 */
export function checkNetworkOptions(family: string, options: NetworkOptions): Required<NetworkOptions> {
  const fail = (message: string): never => {
    throw new Error(`${family} - ${message}`);
  };
  const { inputSize, classes, seed } = options;
  const width = options.width ?? 1;
  const embeddingSize = options.embeddingSize ?? 128;
  if (!(width >= MIN_WIDTH && width <= MAX_WIDTH))
    fail(`width must be ${MIN_WIDTH}..${MAX_WIDTH}, got ${width}`);
  if (!Number.isInteger(inputSize) || inputSize < MIN_BUILD_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
    fail(`inputSize must be an integer ${MIN_BUILD_INPUT_SIZE}..${MAX_INPUT_SIZE}, got ${inputSize}`);
  }
  if (!Number.isInteger(classes) || classes < 2) fail(`classes must be an integer >= 2, got ${classes}`);
  if (!Number.isInteger(embeddingSize) || embeddingSize < 2) {
    fail(`embeddingSize must be an integer >= 2, got ${embeddingSize}`);
  }
  if (!Number.isInteger(seed)) fail(`seed must be an integer, got ${seed}`);
  const classifier = options.classifier ?? 'dense';
  if (!resnetClassifiers.includes(classifier)) fail(`unknown classifier "${String(classifier)}"`);
  return { width, inputSize, classes, embeddingSize, seed, classifier };
}
