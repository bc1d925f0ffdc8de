import type { LabeledFace, TrainingSetRepository } from '../../catalog/training-set.repository';
import type { TrainConfig } from '../config/train-config';
import { buildTrainingDataset } from '../dataset/training-dataset';
import { architectureWarnings } from '../models/architecture-catalog';
import type { TrainerFace, TrainerRequest } from './trainer-messages';

/** A run's dataset, split and ready for the trainer, with what the run records about it. */
export interface PreparedDataset {
  faces: Pick<TrainerRequest, 'classes' | 'train' | 'val' | 'test'>;
  totalSteps: number;
  /** Stored with the run (runs.dataset): sizes, class balance, people left out. */
  summary: Record<string, unknown>;
}

function toTrainerFace(face: LabeledFace): TrainerFace {
  const { faceId, personId, personName, crop, embedding } = face;
  return { faceId, personId, personName, crop, ...(embedding ? { embedding } : {}) };
}

/**
 * Reads the labeled faces a run learns from (user and folder labels; automatic ones only when the config
 * asks) and splits them by the run's seed. Head runs read each face's vector of the bundled embedder.
 * Throws a UserError when too few people are left to train on.
 */
export function prepareDataset(
  config: TrainConfig,
  trainingSet: TrainingSetRepository,
  embedder: number,
): PreparedDataset {
  const { split, balance } = buildTrainingDataset(trainingSet, {
    split: config.split,
    seed: config.seed,
    minFacesPerPerson: config.minFacesPerPerson,
    includeAuto: config.includeAuto,
    // Finetune starts its classifier from the class means of these vectors.
    ...(config.mode !== 'scratch' ? { embedderModel: embedder } : {}),
  });
  const stepsPerEpoch = Math.ceil(split.train.length / config.batchSize);
  return {
    faces: {
      classes: split.classes,
      train: split.train.map(toTrainerFace),
      val: split.val.map(toTrainerFace),
      test: split.test.map(toTrainerFace),
    },
    totalSteps: stepsPerEpoch * config.epochs,
    summary: {
      classes: split.classes.length,
      train: split.train.length,
      val: split.val.length,
      test: split.test.length,
      excluded: split.excluded,
      balance: balance.splits,
      summary: balance.summary,
      // What the user should know before the run starts (a network meant for a native backend).
      warnings: config.mode === 'scratch' ? architectureWarnings(config) : [],
    },
  };
}
