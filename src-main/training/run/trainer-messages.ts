import type { BackendName } from '../../vision/backend-names';
import type { TrainConfig } from '../config/train-config';
import type { DatasetClass } from '../dataset/split';
import type { LoopMetric } from './trainer-loop';

/** A face the trainer learns from or is tested on: its crop file, or its frozen embedding (head mode). */
export interface TrainerFace {
  faceId: number;
  personId: number;
  personName: string;
  /** Aligned crop, relative to the catalog folder. */
  crop: string;
  embedding?: Float32Array;
}

/** What the trainer worker is asked to do: one run, from its config, dataset and (for a resume) checkpoint. */
export interface TrainerRequest {
  runId: number;
  config: TrainConfig;
  catalogDir: string;
  /** The run's folder (checkpoints, the saved model), absolute. */
  runDir: string;
  classes: DatasetClass[];
  train: TrainerFace[];
  val: TrainerFace[];
  test: TrainerFace[];
  /** The checkpoint folder to continue from (absolute), or null to start at step 0. */
  resumeFrom: string | null;
}

/** Pushed by the trainer while it trains. */
export type TrainerEvent =
  | { type: 'metrics'; metrics: LoopMetric[] }
  | {
      type: 'progress';
      phase: 'preparing' | 'training' | 'evaluating' | 'saving';
      step: number;
      totalSteps: number;
      epoch: number;
      examplesPerSecond: number;
    }
  /** A complete checkpoint now sits at `folder` (relative to the run folder); a resume starts at `step`. */
  | { type: 'checkpoint'; epoch: number; step: number; folder: string; best: boolean };

/** How the trainer's work ended (a failure rejects instead, with the error). */
export interface TrainerOutcome {
  status: 'completed' | 'stopped';
  backend: BackendName;
  metrics: Record<string, number>;
  seconds: number;
  /** The saved model's folder relative to the run folder, when completed. */
  model: string | null;
  /** Whether the model is a verification embedder (split by identity) or a classifier. */
  role: 'embedder' | 'classifier';
}
