import type { ArchitectureName } from '../models/architecture-catalog';
import type { LossName } from '../optim/loss-config';
import type { OptimizerName } from '../optim/optimizer-config';
import type { LearningRateSchedule } from '../optim/schedule';
import type { Normalization } from '../dataset/normalization';
import type { FreezePoint } from '../models/pretrained-resnet34/resnet34-stages';
import type { WorkersSetting } from '../parallel/worker-count';
import type { earlyStoppingMetrics } from './train-config-schema';

export type TrainMode = 'head' | 'scratch' | 'finetune';

/** Per person: `testPerPerson` faces held out for the test, `valPerPerson` for validation (0: none). */
export interface ImageSplit {
  by: 'image';
  testPerPerson: number;
  valPerPerson: number;
}

/** Whole people held out: the model is tested on identities it never saw (verification). */
export interface IdentitySplit {
  by: 'identity';
  testIdentities: number;
  valIdentities: number;
}

export interface AugmentConfig {
  /** Mirror left-right. */
  flip: boolean;
  /** Random crop and scale. */
  crop: boolean;
  /** Brightness and contrast. */
  color: boolean;
}

export interface EarlyStoppingConfig {
  /** Epochs without improvement before the run stops. */
  patience: number;
  metric: (typeof earlyStoppingMetrics)[number];
}

/** A run's configuration with every default filled in (see {@link parseTrainConfig}). */
export interface TrainConfig {
  /**
   * `head`: a softmax head on the frozen bundled embeddings; `scratch`: a ResNet from random weights;
   * `finetune`: the bundled ResNet-34 itself, trained further from its weights.
   */
  mode: TrainMode;
  architecture: ArchitectureName;
  width: number;
  inputSize: number;
  embeddingSize: number;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  /** SGD's momentum (unused by Adam). */
  momentum: number;
  nesterov: boolean;
  learningRate: number;
  schedule: LearningRateSchedule;
  weightDecay: number;
  labelSmoothing: number;
  /** `softmax` on a dense layer's logits, or a margin loss on cosines (optim/loss-config.ts). */
  loss: LossName;
  /** The margin loss's margin; null with `softmax`. */
  margin: number | null;
  /** The margin loss's factor on the cosines; null with `softmax`. */
  scale: number | null;
  split: ImageSplit | IdentitySplit;
  augment: AugmentConfig;
  /** People with fewer labelled faces are left out of the dataset. */
  minFacesPerPerson: number;
  seed: number;
  /** Null: train every epoch. */
  earlyStopping: EarlyStoppingConfig | null;
  /** Also train on faces the app assigned by itself (`auto`), not only on the user's and folders' labels. */
  includeAuto: boolean;
  /** Pixels into the network: 'unit' 0..1, 'centered' -1..1, 'imagenet' per-channel standardised. */
  normalization: Normalization;
  /**
   * Data-parallel workers, and so ghost batches per batch (training/parallel/README.md): a count, or
   * "auto" (one per core on every backend, down to 16 examples a ghost batch where batch norm normalises
   * by it; 1 for heads).
   */
  workers: WorkersSetting;
  /** `finetune`: the stages kept fixed, up to and including this one; null in the other modes. */
  freeze: FreezePoint | null;
}
