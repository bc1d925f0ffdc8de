import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { cutShards, disposeShards, type GradientBatch } from './ghost-shards';
import { shardGradients, writeState, type LossFunction } from './shard-gradients';

/** A step's mean loss over the batch and the gradient of that mean, one per trainable weight. */
export interface StepGradients {
  loss: number;
  /** Faces of the batch the model put in their own class during this step's forward pass. */
  correct: number;
  /** In the model's trainable-weight order; the caller applies and disposes them. */
  gradients: tf.Tensor[];
}

/**
 * How the training loop gets a step's gradients. Every implementation computes the same thing: the batch
 * cut into `shards` fixed ghost batches, each normalised by its own statistics, the loss and gradients
 * averaged over the shards weighted by their sizes, and batch norm's moving statistics set to the same
 * weighted average of each shard's update. They differ only in who computes the shards.
 */
export interface GradientStep {
  /** Ghost batches per batch (1: the whole batch is one, as a plain training step). */
  readonly shards: number;
  /** Threads computing them: the trainer itself and `replicas - 1` helper workers. */
  readonly replicas: number;
  /**
   * Forward and backward passes over one batch in training mode; updates the model's moving statistics,
   * leaves its trainable weights alone (the optimizer applies the gradients). The caller keeps the batch.
   */
  computeGradients(batch: GradientBatch): Promise<StepGradients>;
  /** Ends helper workers, if any. */
  dispose(): Promise<void>;
}

/**
 * Gradients computed in this thread: one shard is the plain step the loop always took; more shards are
 * computed one after another and accumulated, the single-worker reference of data-parallel training (and
 * what a run whose checkpoint was written with N shards does on a backend that trains on one thread).
 */
export function localGradientStep(model: LayersModel, loss: LossFunction, shards = 1): GradientStep {
  return {
    shards,
    replicas: 1,
    async computeGradients(batch) {
      const parts = cutShards(batch, shards);
      try {
        const sums = shardGradients(model, loss, parts);
        writeState(model, sums.state);
        const value = (await sums.loss.data())[0]!;
        const correct = (await sums.correct.data())[0]!;
        tf.dispose([sums.loss, sums.correct]);
        return { loss: value, correct, gradients: sums.gradients };
      } finally {
        disposeShards(parts);
      }
    },
    dispose: () => Promise.resolve(),
  };
}
