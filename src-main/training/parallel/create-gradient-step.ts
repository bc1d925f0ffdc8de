import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendName } from '../../vision/backend-names';
import { localGradientStep, type GradientStep } from './gradient-step';
import { parallelGradientStep } from './parallel-gradient-step';
import type { ReplicaModelSpec } from './replica-messages';
import type { LossFunction } from './shard-gradients';
import { replicasFor } from './worker-count';

/**
 * The gradient step of a run with `shards` ghost batches on `backend`: helper workers where there are
 * shards to share and cores to share them, else this thread alone (accumulating the shards).
 */
export async function createGradientStep(options: {
  model: LayersModel;
  loss: LossFunction;
  /** What helper workers build (the run's config, classes, example shape). */
  network: ReplicaModelSpec;
  shards: number;
  backend: BackendName;
  /** Default: {@link replicasFor} the backend and this machine's cores. */
  replicas?: number;
  replicaUrl?: URL;
}): Promise<GradientStep> {
  const replicas = options.replicas ?? replicasFor(options.shards);
  if (replicas <= 1) return localGradientStep(options.model, options.loss, options.shards);
  return parallelGradientStep({ ...options, replicas });
}
