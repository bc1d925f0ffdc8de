import type { ExcludedPerson } from './dataset/split';
import type { SplitBalance } from './dataset/class-balance';

/** One refusal of a config field, for the form to show beside that field (`field` '' for the whole config). */
export interface ConfigFieldError {
  /** The field's path as the config writes it: `batchSize`, `split.testPerPerson`. */
  field: string;
  message: string;
}

/** A person's faces in each split of the dataset a config would train on. */
export interface PersonSplitCounts {
  personId: number;
  name: string;
  train: number;
  val: number;
  test: number;
}

/** The dataset a config would train on, before the run starts. */
export interface DatasetPreview {
  classes: number;
  train: number;
  val: number;
  test: number;
  stepsPerEpoch: number;
  totalSteps: number;
  excluded: ExcludedPerson[];
  balance: SplitBalance[];
  /** Every person in the dataset, most faces first. */
  people: PersonSplitCounts[];
}

/** What the new-run form shows as the user types: the full config or the refusals, and the dataset. */
export interface RunPreview {
  /** The config with every default filled in, or null while a field is refused. */
  config: Record<string, unknown> | null;
  errors: ConfigFieldError[];
  dataset: DatasetPreview | null;
  /** Why there is no dataset (too few people...), when the config is valid. */
  datasetError: string | null;
  /** The values each choice field accepts, from the config schema. */
  choices: Record<string, readonly string[]>;
}

/** One entry of a run's log, derived from its record, metrics and checkpoints; the UI words it. */
export type RunLogEntry =
  | { kind: 'created'; time: string }
  | { kind: 'started'; time: string; backend: string | null; totalSteps: number | null }
  | {
      kind: 'epoch';
      epoch: number;
      step: number;
      trainLoss: number | null;
      valLoss: number | null;
      valAccuracy: number | null;
      seconds: number | null;
    }
  | { kind: 'checkpoint'; time: string; name: string; step: number | null }
  | { kind: 'test'; step: number; metrics: Record<string, number> }
  | { kind: 'ended'; time: string; status: string; error: string | null };

/** A checkpoint on disk in the run's folder. */
export interface RunCheckpoint {
  /** `step-120`, `best`, or `model` (the saved model of a completed run). */
  name: string;
  step: number | null;
  time: string;
  bytes: number;
  /** The one a resume continues from. */
  latest: boolean;
  /** Early stopping's best weights. */
  best: boolean;
}
