import * as tfl from '@tensorflow/tfjs-layers';
import { CosineDense, DEFAULT_HEAD_SCALE, L2Normalize } from '../heads';
import { startFromClassMeans } from '../heads/class-means';
import { layerSeed } from '../layer-seed';
import { EMBEDDING_LAYER } from '../resnet/resnet-builder';
import { buildResNet34Body } from './resnet34-graph';
import {
  DEFAULT_FREEZE,
  freezePoints,
  frozenBlocks,
  PRETRAINED_EMBEDDING_SIZE,
  type FreezePoint,
} from './resnet34-stages';
import { loadPretrainedWeights } from './resnet34-weights';

export interface PretrainedResNet34Options {
  /** Identities the classifier tells apart. */
  classes: number;
  /** Stages kept fixed, up to and including this one. Default {@link DEFAULT_FREEZE}. */
  freeze?: FreezePoint;
  /**
   * One mean embedding per class (the bundled embedder's vectors, in class order): the classifier starts
   * from their directions. Without them it starts from seeded random directions.
   */
  classMeans?: readonly ArrayLike<number>[];
  /** The run's seed (the classifier's random directions when there are no class means). */
  seed: number;
  /** Initial factor on the cosines (default {@link DEFAULT_HEAD_SCALE}); 1 for a margin loss, which scales itself. */
  scale?: number;
  /** Train the scale (default) or keep it fixed. */
  learnScale?: boolean;
}

export interface BuiltPretrainedResNet34 {
  /** Image in ('dlib' normalisation, 150x150), logits out (no softmax: the loss applies it). */
  model: tfl.LayersModel;
  /** `embedding`: the raw 128-d descriptor, exactly the inference embedder's before L2 normalisation. */
  embeddingLayer: string;
  /** Every weight in the model. */
  parameters: number;
  /** Weights a step updates (the rest is frozen). */
  trainableParameters: number;
}

function fail(message: string): never {
  throw new Error(`PretrainedResNet34 - ${message}`);
}

const sizeOf = (weights: tfl.LayerVariable[]): number =>
  weights.reduce((sum, weight) => sum + weight.read().size, 0);

/**
 * The bundled dlib ResNet-34 (the app's own face embedder) as a trainable tf.layers model, its weights
 * loaded from face-api's files, for fine-tuning on the user's people: before any step its `embedding`
 * equals the inference graph's descriptor (up to float rounding). The classifier on top is the cosine head
 * of `heads/` (L2-normalise, then scaled cosines with class directions): the app compares faces by the
 * angle between unit descriptors, so the loss trains exactly that geometry; and started from the class
 * means it is right from the first step, so its gradients refine the pretrained features instead of
 * dragging them towards a random classifier (Kumar et al. 2022: a random head distorts the features
 * fine-tuning starts from). Stages up to `freeze` are built non-trainable: `model.trainableWeights`, hence
 * the optimizer, leaves them out, and the gradient never flows below the first trainable layer.
 */
export function buildPretrainedResNet34(options: PretrainedResNet34Options): BuiltPretrainedResNet34 {
  const { classes, seed } = options;
  const freeze = options.freeze ?? DEFAULT_FREEZE;
  const scale = options.scale ?? DEFAULT_HEAD_SCALE;
  if (!freezePoints.includes(freeze)) fail(`unknown freeze point "${String(freeze)}"`);
  if (!Number.isInteger(classes) || classes < 2) fail(`classes must be an integer >= 2, got ${classes}`);
  if (!Number.isInteger(seed)) fail(`seed must be an integer, got ${seed}`);
  if (!(scale > 0)) fail(`scale must be positive, got ${scale}`);

  const { image, embedding } = buildResNet34Body(new Set(frozenBlocks(freeze)));
  const unit = new L2Normalize({ name: 'normalize' }).apply(embedding) as tfl.SymbolicTensor;
  const head = new CosineDense({
    name: 'logits',
    units: classes,
    scale,
    learnScale: options.learnScale ?? true,
    seed: layerSeed(seed, 0),
  });
  const logits = head.apply(unit) as tfl.SymbolicTensor;
  const model = tfl.model({ name: 'pretrained_resnet34', inputs: image, outputs: logits });
  try {
    loadPretrainedWeights(model);
    if (options.classMeans) {
      const shape = { dims: PRETRAINED_EMBEDDING_SIZE, classes, scale };
      startFromClassMeans(head, options.classMeans, shape, 'PretrainedResNet34');
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    model,
    embeddingLayer: EMBEDDING_LAYER,
    parameters: model.countParams(),
    trainableParameters: sizeOf(model.trainableWeights),
  };
}
