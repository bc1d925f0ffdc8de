import {
  PRETRAINED_EMBEDDING_SIZE,
  PRETRAINED_INPUT_SIZE,
  DEFAULT_FREEZE,
} from '../models/pretrained-resnet34/resnet34-stages';
import type { LossName, MarginLossName, MarginSettings } from '../optim/loss-config';
import type { OptimizerName } from '../optim/optimizer-config';
import type { LearningRateSchedule } from '../optim/schedule';
import type { TrainConfigInput } from './train-config-schema';
import type { AugmentConfig, TrainConfig, TrainMode } from './train-config-types';

/** The config as written, past the schema. */
export type CheckedInput = Omit<TrainConfigInput, 'mode'> & { mode: TrainMode };

const ALL_AUGMENTATIONS: AugmentConfig = { flip: true, crop: true, color: true };
const NO_AUGMENTATION: AugmentConfig = { flip: false, crop: false, color: false };

/**
 * Defaults by mode. A head on frozen embeddings is a linear model of a few thousand weights: epochs take
 * milliseconds, so it gets more of them, larger batches, Adam and a 10x higher rate; it sees stored
 * embeddings, so there is nothing to augment. A ResNet from scratch gets SGD with momentum (what ResNets
 * are tuned for), batch 32 (batch norm needs a few dozen faces; a laptop trains it at a few dozen
 * images/s), label smoothing and every augmentation, which small face datasets need against overfitting.
 * Fine-tuning the bundled ResNet-34 starts from a network that already separates faces: 10 epochs, past
 * which a few hundred faces are memorised rather than learnt; batch 16, since its normalisation layers are
 * fixed affine maps with no batch statistics, so a small batch costs no stability and gives a small
 * dataset more steps; SGD with momentum, what dlib trained it with: its weights span 1e-3 (kernels) to 10
 * (scales), and Adam's equal step for every weight is too large for the one or too small for the other;
 * no label smoothing, which erases the within-class detail of the embedding that verification reads
 * (Müller et al. 2019); every augmentation, as dlib trained on jittered, mirrored chips.
 */
const BY_MODE = {
  scratch: { epochs: 30, batchSize: 32, optimizer: 'sgd', labelSmoothing: 0.1, augment: ALL_AUGMENTATIONS },
  head: { epochs: 60, batchSize: 64, optimizer: 'adam', labelSmoothing: 0, augment: NO_AUGMENTATION },
  finetune: { epochs: 10, batchSize: 16, optimizer: 'sgd', labelSmoothing: 0, augment: ALL_AUGMENTATIONS },
} as const satisfies Record<TrainMode, unknown>;

/** SGD's rate at batch 32 is ImageNet's 0.1 per 256 scaled up for a small dataset's few steps; Adam's its paper's. */
const LEARNING_RATE: Record<TrainMode, Record<OptimizerName, number>> = {
  scratch: { sgd: 0.05, adam: 1e-3, adamw: 1e-3 },
  head: { sgd: 0.1, adam: 0.01, adamw: 0.01 },
  // SGD: on LFW DevTrain's people (784 identities with 2+ faces, ArcFace, split by identity, 40 held out),
  // 1e-3 wrecked the pretrained embedding in 5 epochs (held-out AUC 0.74) where 1e-4 improved it in 3
  // (AUC 0.975, EER 0.03); on 8 demo faces 3e-3 already oscillated. Adam 1e-4 moves each kernel weight
  // (mean |w| ~1e-3) by ~10% a step, 1e-5 by ~1%.
  finetune: { sgd: 1e-4, adam: 1e-5, adamw: 1e-5 },
};

/**
 * SGD's decay is the ResNet papers' 5e-4 class; AdamW's PyTorch's. Under Adam, L2 coupled into the
 * gradient is weakened by the per-weight scaling (Loshchilov & Hutter 2019), so it is off for a head and a
 * fine-tune, but a ResNet from scratch still gains from it: on ORL (the training-orl check's config,
 * ResNet-18 x0.25 at 64x64, Adam 1e-3, 60 epochs, seed 7, native) test accuracy 0.925 / 0.925 / 0.92 /
 * 0.92 at 5e-4 / 5e-4 / 1e-3 / 2e-3 against 0.89 / 0.90 / 0.905 / 0.915 without, while the residual
 * branches still started at zero under Adam (run/network.ts). Since they start at one, the two are even:
 * 0.97 / 0.97 / 0.98 / 0.975 (seeds 7, 1, 2, 3) at 5e-4 against 0.985 / 0.96 / 0.975 / 0.98 without, means
 * 0.974 and 0.975; 5e-4 stays, for the smaller spread.
 */
const WEIGHT_DECAY: Record<OptimizerName, number> = { sgd: 5e-4, adam: 0, adamw: 0.01 };
const ADAM_SCRATCH_WEIGHT_DECAY = 5e-4;

function weightDecayOf(input: CheckedInput, optimizer: OptimizerName): number {
  if (input.weightDecay !== undefined) return input.weightDecay;
  return optimizer === 'adam' && input.mode === 'scratch'
    ? ADAM_SCRATCH_WEIGHT_DECAY
    : WEIGHT_DECAY[optimizer];
}

const DEFAULT_SPLIT = { testPerPerson: 2, valPerPerson: 0, testIdentities: 10, valIdentities: 0 };
const DEFAULT_MIN_FACES = 5;
const DEFAULT_SEED = 1;

/** Fields that shape the ResNet or its input pixels: meaningless for a head on stored embeddings. */
export const SCRATCH_ONLY = ['architecture', 'width', 'inputSize', 'embeddingSize', 'normalization'] as const;

/**
 * What a fine-tune takes from the bundled network rather than the config: dlib's ResNet-34 variant (half of
 * ResNet-34's widths), its 150x150 chips, 128-d descriptor and (pixel - mean) / 255 input.
 */
const FINETUNE_NETWORK = {
  architecture: 'resnet34',
  width: 0.5,
  inputSize: PRETRAINED_INPUT_SIZE,
  embeddingSize: PRETRAINED_EMBEDDING_SIZE,
  normalization: 'dlib',
} as const;

const optimizerOf = (input: CheckedInput): OptimizerName => input.optimizer ?? BY_MODE[input.mode].optimizer;

/**
 * Margin and scale for a few hundred faces of a few dozen people, not the papers' 85k identities (ArcFace
 * m 0.5 s 64, CosFace m 0.35 s 64). s only has to let the softmax reach a confident probability over K
 * classes, about log(K) with some room (Wang et al. 2017: s >= (K-1)/K log((K-1)P/(1-P)), 8 for K = 40 at
 * P = 0.99); and a margin of 0.5 at s 64 is a target a few hundred faces never reach. Measured on ORL
 * (test/bench/train-margin-loss.ts: 30 people train, 10 held out, ResNet-18 x0.125, 12 epochs): ArcFace
 * m 0.5 s 64 AUC 0.80 / EER 0.27; at s 30, m 0.3 AUC 0.93-0.94 / EER 0.13-0.14, m 0.2 and m 0.5 0.92;
 * m 0.3 s 16 about the same as s 30. CosFace's margin the same: 0.3.
 */
export const MARGIN_DEFAULTS: Record<MarginLossName, MarginSettings> = {
  arcface: { margin: 0.3, scale: 30 },
  cosface: { margin: 0.3, scale: 30 },
};

/**
 * Softmax when the test is on the training people (split by image: a classifier); ArcFace for
 * verification of people never seen (split by identity), where a margin between identities is what carries
 * over to strangers. On ORL (as above, two seeds) ArcFace beat softmax in both: AUC 0.934 / 0.938 against
 * 0.909 / 0.916, EER 0.139 / 0.127 against 0.156 / 0.164; CosFace (m 0.3 s 30) swung from 0.952 to 0.910.
 */
const lossOf = (input: CheckedInput): LossName =>
  input.loss ?? (input.split?.by === 'identity' ? 'arcface' : 'softmax');

/** Faces a person needs: the ones held out plus at least one to train on. */
function heldOutPerPerson(input: CheckedInput): number {
  const split = input.split;
  if (split?.by === 'identity') return 0;
  return (split?.testPerPerson ?? DEFAULT_SPLIT.testPerPerson) + (split?.valPerPerson ?? 0);
}

/** What the schema cannot see: fields that contradict each other or the mode. One message per problem. */
export function checkRules(input: CheckedInput): string[] {
  const problems: string[] = [];
  const { mode, split, schedule } = input;
  if (mode === 'head') {
    for (const field of SCRATCH_ONLY) {
      if (input[field] !== undefined) problems.push(`"${field}" applies only to mode "scratch"`);
    }
    if (input.augment && Object.values(input.augment).some(Boolean)) {
      problems.push('"augment" applies only to mode "scratch" (a head trains on stored embeddings)');
    }
    if (split?.by === 'identity') {
      problems.push(
        '"split.by" "identity" needs mode "scratch" or "finetune": a head on frozen embeddings leaves them unchanged',
      );
    }
  }
  if (mode === 'finetune') {
    for (const field of SCRATCH_ONLY) {
      if (input[field] !== undefined) {
        problems.push(`"${field}" applies only to mode "scratch" (finetune keeps the bundled ResNet-34's)`);
      }
    }
  } else if (input.freeze !== undefined) {
    problems.push('"freeze" applies only to mode "finetune"');
  }
  if (lossOf(input) === 'softmax') {
    for (const field of ['margin', 'scale'] as const) {
      if (input[field] !== undefined) problems.push(`"${field}" applies only to loss "arcface" or "cosface"`);
    }
  }
  if (optimizerOf(input) !== 'sgd') {
    for (const field of ['momentum', 'nesterov'] as const) {
      if (input[field] !== undefined) problems.push(`"${field}" applies only to optimizer "sgd"`);
    }
  } else if (input.nesterov && input.momentum === 0) {
    problems.push('"nesterov" needs a "momentum" above 0');
  }
  if (input.earlyStopping && !(split?.by === 'image' && (split.valPerPerson ?? 0) > 0)) {
    problems.push('"earlyStopping" needs a validation split: set "split.valPerPerson" to 1 or more');
  }
  const heldOut = heldOutPerPerson(input);
  if (input.minFacesPerPerson !== undefined && input.minFacesPerPerson <= heldOut) {
    problems.push(
      `"minFacesPerPerson" (${input.minFacesPerPerson}) must be more than the faces held out per person ` +
        `(${heldOut}, test + validation), or a person has none left to train on`,
    );
  }
  if (schedule?.warmupEpochs !== undefined && schedule.warmupSteps !== undefined) {
    problems.push('"schedule": give "warmupEpochs" or "warmupSteps", not both');
  }
  const epochs = input.epochs ?? BY_MODE[mode].epochs;
  if (schedule?.warmupEpochs !== undefined && schedule.warmupEpochs >= epochs) {
    problems.push(
      `"schedule.warmupEpochs" (${schedule.warmupEpochs}) must be less than "epochs" (${epochs})`,
    );
  }
  if (schedule?.type === 'step' && schedule.everyEpochs !== undefined && schedule.everySteps !== undefined) {
    problems.push('"schedule": give "everyEpochs" or "everySteps", not both');
  }
  const batchSize = input.batchSize ?? BY_MODE[mode].batchSize;
  if (typeof input.workers === 'number' && input.workers > batchSize) {
    problems.push(
      `"workers" (${input.workers}) must not exceed "batchSize" (${batchSize}): each worker takes a ` +
        'share of every batch',
    );
  }
  return problems;
}

/**
 * The schedule with its own defaults: cosine to zero (the default, with one epoch of warmup from scratch,
 * where a full rate on random weights can blow batch norm up, when the run is long enough to spare it);
 * step decay by 10x at each third of the run.
 */
function scheduleOf(input: CheckedInput, epochs: number): LearningRateSchedule {
  const schedule = input.schedule;
  if (!schedule) {
    return input.mode === 'scratch' && epochs >= 5
      ? { type: 'cosine', floor: 0, warmupEpochs: 1 }
      : { type: 'cosine', floor: 0 };
  }
  switch (schedule.type) {
    case 'constant':
      return schedule;
    case 'cosine':
      return { ...schedule, floor: schedule.floor ?? 0 };
    case 'step': {
      const every =
        schedule.everyEpochs === undefined && schedule.everySteps === undefined
          ? { everyEpochs: Math.max(1, Math.round(epochs / 3)) }
          : {};
      return { ...schedule, gamma: schedule.gamma ?? 0.1, ...every };
    }
  }
}

/** The full config: every absent field given its default for the mode and optimizer. */
export function withDefaults(input: CheckedInput): TrainConfig {
  const byMode = BY_MODE[input.mode];
  const optimizer = optimizerOf(input);
  const loss = lossOf(input);
  const margin = loss === 'softmax' ? null : MARGIN_DEFAULTS[loss];
  const epochs = input.epochs ?? byMode.epochs;
  const split = input.split;
  return {
    mode: input.mode,
    architecture: input.architecture ?? 'resnet18',
    // 0.25: ~0.7M weights, a sixteenth of full width's compute, so a ResNet-18 trains in minutes on a
    // laptop's CPU; the few thousand faces of a personal library do not need (or feed) 11M weights.
    width: input.width ?? 0.25,
    inputSize: input.inputSize ?? 64,
    embeddingSize: input.embeddingSize ?? 128,
    epochs,
    batchSize: input.batchSize ?? byMode.batchSize,
    optimizer,
    momentum: input.momentum ?? 0.9,
    nesterov: input.nesterov ?? false,
    learningRate: input.learningRate ?? LEARNING_RATE[input.mode][optimizer],
    schedule: scheduleOf(input, epochs),
    weightDecay: weightDecayOf(input, optimizer),
    // A margin already keeps the true class from being merely ahead; smoothing on top would cap it.
    labelSmoothing: input.labelSmoothing ?? (margin ? 0 : byMode.labelSmoothing),
    loss,
    margin: margin ? (input.margin ?? margin.margin) : null,
    scale: margin ? (input.scale ?? margin.scale) : null,
    split:
      split?.by === 'identity'
        ? {
            by: 'identity',
            testIdentities: split.testIdentities ?? DEFAULT_SPLIT.testIdentities,
            valIdentities: split.valIdentities ?? DEFAULT_SPLIT.valIdentities,
          }
        : {
            by: 'image',
            testPerPerson: split?.testPerPerson ?? DEFAULT_SPLIT.testPerPerson,
            valPerPerson: split?.valPerPerson ?? DEFAULT_SPLIT.valPerPerson,
          },
    augment: input.augment
      ? {
          flip: input.augment.flip ?? false,
          crop: input.augment.crop ?? false,
          color: input.augment.color ?? false,
        }
      : { ...byMode.augment },
    minFacesPerPerson: input.minFacesPerPerson ?? Math.max(DEFAULT_MIN_FACES, heldOutPerPerson(input) + 1),
    seed: input.seed ?? DEFAULT_SEED,
    earlyStopping: input.earlyStopping
      ? { patience: input.earlyStopping.patience ?? 5, metric: input.earlyStopping.metric ?? 'valLoss' }
      : null,
    includeAuto: input.includeAuto ?? false,
    normalization: input.normalization ?? 'centered',
    workers: input.workers ?? 'auto',
    freeze: input.mode === 'finetune' ? (input.freeze ?? DEFAULT_FREEZE) : null,
    ...(input.mode === 'finetune' ? FINETUNE_NETWORK : {}),
  };
}
