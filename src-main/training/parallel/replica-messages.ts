import type { BackendName } from '../../vision/backend-names';
import type { TrainConfig } from '../config/train-config';
import type { DatasetClass } from '../dataset/split';

/** A weight as both sides name it: its layer's original name (tfjs renames clashes) and its shape. */
export interface WeightSpec {
  name: string;
  shape: number[];
}

/**
 * What a replica builds: the run's network and loss, by the same code as the trainer (run/network.ts),
 * so that custom layers and losses need nothing of their own here. The weights come with every step.
 */
export interface ReplicaModelSpec {
  config: TrainConfig;
  classes: DatasetClass[];
  /** One example's shape (an image HxWx3, or an embedding's length). */
  exampleShape: number[];
}

/** A replica's set-up: its model, on the trainer's backend (another one would give other gradients). */
export interface ReplicaLoad extends ReplicaModelSpec {
  backend: BackendName;
}

/** The replica's model as it built it, checked against the trainer's before the first step. */
export interface ReplicaLoaded {
  /** The weights a step changes (model-weights.ts `stepWeights`): trainable, then moving statistics. */
  step: WeightSpec[];
  /** The weights no step changes (`fixedWeights`). */
  fixed: WeightSpec[];
}

/** One ghost batch sent to a replica: examples flattened, their shape, labels, share of the batch. */
export interface ReplicaShard {
  x: Float32Array<ArrayBuffer>;
  shape: number[];
  y: Int32Array;
  weight: number;
}

/**
 * One step's work for a replica: the trainer's weights now and its shards. The weights a step changes go
 * with every step; the fixed ones (frozen layers: most of a fine-tuned network) with the first only.
 */
export interface ReplicaStep {
  weights: Float32Array<ArrayBuffer>;
  fixed?: Float32Array<ArrayBuffer>;
  shards: ReplicaShard[];
}

/** A replica's sums over its shards (see shard-gradients.ts), packed in model order. */
export interface ReplicaSums {
  loss: number;
  correct: number;
  gradients: Float32Array<ArrayBuffer>;
  state: Float32Array<ArrayBuffer>;
}

/** The replica worker's methods (replica.worker.ts). */
export interface ReplicaMethods {
  load: { request: ReplicaLoad; response: ReplicaLoaded };
  gradients: { request: ReplicaStep; response: ReplicaSums };
}
