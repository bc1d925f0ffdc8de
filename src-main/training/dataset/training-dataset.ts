import type { LabeledFace, TrainingSetRepository } from '../../catalog/training-set.repository';
import { classBalance, type ClassBalanceReport } from './class-balance';
import { splitDataset, type DatasetSplit, type SplitConfig } from './split';

export interface DatasetRequest {
  split: SplitConfig;
  seed: number;
  minFacesPerPerson?: number;
  /** Learn from automatic labels too (off unless asked: they are clustering's guesses). */
  includeAuto?: boolean;
  /** Head mode: read each face's frozen embedding under this model (faces without one are left out). */
  embedderModel?: number;
}

export interface TrainingDataset {
  split: DatasetSplit<LabeledFace>;
  balance: ClassBalanceReport;
}

/** Reads the catalog's labeled faces, splits them as the run asks and reports the classes' balance. */
export function buildTrainingDataset(
  repository: Pick<TrainingSetRepository, 'labeledFaces'>,
  request: DatasetRequest,
): TrainingDataset {
  const faces = repository.labeledFaces({
    includeAuto: request.includeAuto ?? false,
    ...(request.embedderModel !== undefined ? { embedderModel: request.embedderModel } : {}),
  });
  const split = splitDataset(faces, request.split, {
    seed: request.seed,
    ...(request.minFacesPerPerson !== undefined ? { minFacesPerPerson: request.minFacesPerPerson } : {}),
  });
  return { split, balance: classBalance(split) };
}
