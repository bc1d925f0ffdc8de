import * as tfl from '@tensorflow/tfjs-layers';
import { optimizerConfigOf, type TrainConfig } from '../config/train-config';
import { buildEmbeddingHead } from '../models/heads';
import { buildArchitecture } from '../models/architectures';
import { EMBEDDING_LAYER } from '../models/embedding-output';
import { buildPretrainedResNet34, PRETRAINED_EMBEDDING_SIZE } from '../models/pretrained-resnet34';
import { createOptimizer } from '../optim/create-optimizer';
import { softmaxCrossEntropy } from '../optim/loss';
import { marginLoss } from '../optim/margin-loss';
import { learningRateAt } from '../optim/schedule';
import type { TrainOptimizer } from '../optim/train-optimizer';
import type { LoopSetup } from './trainer-loop';
import type { TrainerFace, TrainerRequest } from './trainer-messages';

/** What the training loop needs from the network: the model, its optimizer, schedule and loss. */
export type NetworkTraining = Pick<LoopSetup, 'model' | 'learningRateAt' | 'loss'> & {
  optimizer: TrainOptimizer;
};

/** A run's network, built from its config: any architecture from scratch, or a head on frozen embeddings. */
export interface Network {
  model: tfl.LayersModel;
  /** `embedder` when the run is a verification model (split by identity), else a classifier. */
  role: 'embedder' | 'classifier';
  /** The layer whose output is the face embedding (the head's input is the embedding itself). */
  embeddingLayer: string;
  parameters: number;
  /** Image in, embedding out: the model up to its embedding layer, sharing its weights. */
  embedder(): tfl.LayersModel;
  /** The optimizer, schedule and loss of a run of `stepsPerEpoch` steps per epoch (built once). */
  training(stepsPerEpoch: number): NetworkTraining;
  dispose(): void;
}

function buildModel(config: TrainConfig, request: TrainerRequest, exampleShape: number[]): tfl.LayersModel {
  const classes = request.classes.length;
  if (config.mode === 'head') {
    const dims = exampleShape[0]!;
    const indexOf = new Map(request.classes.map((c) => [c.personId, c.index]));
    const means = meanEmbeddings(request.train, indexOf, classes, dims);
    // A margin loss takes the plain cosines: scale 1, fixed (the loss applies its own).
    const cosines = config.loss === 'softmax' ? {} : { scale: 1, learnScale: false };
    return buildEmbeddingHead({ dims, classes, classMeans: means, seed: config.seed, ...cosines }).model;
  }
  if (config.mode === 'finetune') {
    // The classifier starts from the class means of the bundled vectors (prepare-dataset reads them).
    const indexOf = new Map(request.classes.map((c) => [c.personId, c.index]));
    const known = request.train.some((face) => face.embedding);
    const means = known ? meanEmbeddings(request.train, indexOf, classes, PRETRAINED_EMBEDDING_SIZE) : null;
    return buildPretrainedResNet34({
      classes,
      freeze: config.freeze ?? undefined,
      seed: config.seed,
      ...(means ? { classMeans: means } : {}),
      ...(config.loss === 'softmax' ? {} : { scale: 1, learnScale: false }),
    }).model;
  }
  return buildArchitecture({
    architecture: config.architecture,
    width: config.width,
    inputSize: config.inputSize,
    classes,
    embeddingSize: config.embeddingSize,
    seed: config.seed,
    classifier: config.loss === 'softmax' ? 'dense' : 'cosine',
    zeroInitResidual: zeroInitResidualFor(config.optimizer),
  }).model;
}

/**
 * Whether a ResNet's residual branches start at zero (the last batch norm's scale at 0: Goyal et al. 2017):
 * under SGD only. Adam moves each weight by about its learning rate a step whatever the gradient, so a
 * scale that starts at 0 stays small: after the training-orl check's 420 steps (Adam 1e-3, cosine) those
 * scales averaged 0.02-0.07, every block still nearly the identity, and the network fitted its training
 * faces to 0.92 at most. Started at 1, the same runs reached test accuracy 0.97 / 0.97 / 0.98 / 0.975
 * (seeds 7, 1, 2, 3; at 0: 0.925 / 0.90 / 0.895). SGD's steps follow the gradient's size and grow the
 * scales to 0.14-0.29 in the same run, and there zero-init still pays: 0.97 against 0.95 (seed 7, 0.05).
 */
function zeroInitResidualFor(optimizer: TrainConfig['optimizer']): boolean {
  return optimizer === 'sgd';
}

/** Mean embedding of each class's training faces, in class order (a class without any keeps zeros). */
export function meanEmbeddings(
  train: readonly TrainerFace[],
  indexOf: ReadonlyMap<number, number>,
  classes: number,
  dims: number,
): Float32Array[] {
  const sums = Array.from({ length: classes }, () => new Float32Array(dims));
  const counts = new Array<number>(classes).fill(0);
  for (const face of train) {
    const index = indexOf.get(face.personId);
    if (!face.embedding || index === undefined) continue;
    const sum = sums[index]!;
    for (let d = 0; d < dims; d++) sum[d]! += face.embedding[d]!;
    counts[index]! += 1;
  }
  return sums.map((sum, c) => (counts[c]! > 0 ? sum.map((v) => v / counts[c]!) : sum));
}

/** The run's loss on the model's output: logits for softmax, cosines for a margin loss. */
function lossOf(config: TrainConfig): NetworkTraining['loss'] {
  const { loss, margin, scale, labelSmoothing } = config;
  if (loss === 'softmax') return (logits, labels) => softmaxCrossEntropy(logits, labels, labelSmoothing);
  const options = { margin: margin!, scale: scale!, labelSmoothing };
  return (cosines, labels) => marginLoss(loss, cosines, labels, options);
}

/**
 * The network a run trains. The same code serves every backend: the model is tf.layers, the gradients
 * come from the registered kernels of whichever backend is active.
 */
export function buildNetwork(config: TrainConfig, request: TrainerRequest, exampleShape: number[]): Network {
  const model = buildModel(config, request, exampleShape);
  const head = config.mode === 'head';
  let embedder: tfl.LayersModel | null = null;
  let training: NetworkTraining | null = null;
  return {
    model,
    role: config.split.by === 'identity' ? 'embedder' : 'classifier',
    embeddingLayer: head ? model.inputs[0]!.name : EMBEDDING_LAYER,
    parameters: model.countParams(),
    embedder() {
      if (head) throw new Error('a head on frozen embeddings has no embedder of its own');
      embedder ??= tfl.model({ inputs: model.inputs, outputs: model.getLayer(EMBEDDING_LAYER).output });
      return embedder;
    },
    training(stepsPerEpoch) {
      if (training) return training;
      const totalSteps = stepsPerEpoch * config.epochs;
      training = {
        model,
        optimizer: createOptimizer(optimizerConfigOf(config)),
        learningRateAt: (step) =>
          learningRateAt(step, totalSteps, config.learningRate, config.schedule, stepsPerEpoch),
        loss: lossOf(config),
      };
      return training;
    },
    dispose() {
      training?.optimizer.dispose();
      model.dispose();
    },
  };
}
