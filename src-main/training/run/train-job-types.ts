import type { BackendName } from '../../vision/backend-names';

/** The payload of a `train` job: the run it drives (its config is stored with the run). */
export interface TrainJobInput {
  runId: number;
  /** Continue from the run's last checkpoint instead of starting at step 0. */
  resume: boolean;
}

/** How a run ended, as the job's result. */
export interface TrainSummary {
  runId: number;
  status: 'completed' | 'stopped' | 'failed';
  backend: BackendName;
  /** Final metrics: testAccuracy, and for verification runs eer, auc, tarAtFar... */
  metrics: Record<string, number>;
  seconds: number;
  /** The trained model registered in `models`, when the run completed. */
  modelId: number | null;
}
