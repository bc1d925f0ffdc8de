import type { RunStatus } from '../catalog/run.repository';
import type { BackendName } from '../vision/backend-names';

/** A training run as the API, the CLI (`runs --json`) and the dashboards show it. */
export interface RunView {
  id: number;
  status: RunStatus;
  /** The config as given, with every default filled in. */
  config: Record<string, unknown>;
  /** Final metrics once completed (testAccuracy, and for verification runs auc, eer, tarAtFar...). */
  metrics: Record<string, number>;
  backend: BackendName | null;
  epoch: number;
  step: number;
  totalSteps: number | null;
  created: string | null;
  started: string | null;
  ended: string | null;
  error: string | null;
  /** The trained model in `models`, once completed. */
  modelId: number | null;
  /** The dataset it trained on: classes, faces per split, class balance. */
  dataset: Record<string, unknown> | null;
  /** Whether `train --resume` / runs.resume can continue it. */
  resumable: boolean;
}

/** One stored metric value. */
export interface RunMetric {
  epoch: number;
  step: number;
  split: string;
  name: string;
  value: number;
  /** Downsampled (runs.metrics maxPoints): the bucket's extremes; `value` and `step` are its last. */
  min?: number;
  max?: number;
}

/** Pushed while a run trains, at most a few times a second: the metrics logged since the last event. */
export interface RunMetricsEvent {
  runId: number;
  metrics: RunMetric[];
}

/** A run just queued (or resumed): its id and the job that trains it. */
export interface RunStart {
  runId: number;
  jobId: number;
}
