import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeed } from '../layer-seed';
import { startFromClassMeans } from './class-means';
import { CosineDense } from './cosine-dense-layer';
import { L2Normalize } from './l2-normalize-layer';

export interface EmbeddingHeadOptions {
  /** Length of the frozen embeddings (128 for the bundled embedder). */
  dims: number;
  classes: number;
  /**
   * One mean embedding per class, in class order. The head starts from their directions, so before any
   * step it already classifies by the nearest class centre; without them it starts from random directions.
   */
  classMeans?: readonly ArrayLike<number>[];
  /** The run's seed: the same seed builds the same initial weights. */
  seed: number;
  /** Initial factor on the cosines. Default 20: see {@link DEFAULT_HEAD_SCALE}. */
  scale?: number;
  /** Train the scale (default) or keep it fixed. */
  learnScale?: boolean;
}

export interface BuiltEmbeddingHead {
  /** Embedding in, logits out (no softmax: the loss applies it). */
  model: tfl.LayersModel;
  parameters: number;
}

/**
 * Cosines between faces of different people under the bundled embedder differ by a few tenths; times 20
 * that is a few units of logit, enough for a confident softmax over dozens of classes without starting
 * the loss saturated.
 */
export const DEFAULT_HEAD_SCALE = 20;

function fail(message: string): never {
  throw new Error(`EmbeddingHead - ${message}`);
}

/**
 * A softmax classifier on frozen embeddings ("head only"): L2-normalise the embedding, then `scale` times
 * its cosine with each class direction ({@link CosineDense}), initialised from the class means when given.
 */
export function buildEmbeddingHead(options: EmbeddingHeadOptions): BuiltEmbeddingHead {
  const { dims, classes, seed } = options;
  const scale = options.scale ?? DEFAULT_HEAD_SCALE;
  if (!Number.isInteger(dims) || dims < 1) fail(`dims must be a positive integer, got ${dims}`);
  if (!Number.isInteger(classes) || classes < 2) fail(`classes must be an integer >= 2, got ${classes}`);
  if (!(scale > 0)) fail(`scale must be positive, got ${scale}`);

  const input = tfl.input({ name: 'embedding_input', shape: [dims] });
  const unit = new L2Normalize({ name: 'normalize' }).apply(input) as tfl.SymbolicTensor;
  const head = new CosineDense({
    name: 'logits',
    units: classes,
    scale,
    learnScale: options.learnScale ?? true,
    seed: layerSeed(seed, 0),
  });
  const logits = head.apply(unit) as tfl.SymbolicTensor;
  const model = tfl.model({ name: 'embedding_head', inputs: input, outputs: logits });
  if (options.classMeans)
    startFromClassMeans(head, options.classMeans, { dims, classes, scale }, 'EmbeddingHead');
  return { model, parameters: model.countParams() };
}
