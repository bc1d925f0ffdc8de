import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../config/train-config';
import { batchesForEpoch, type SkippedCrop } from '../dataset/batch-stream';
import { embeddingBatchesForEpoch } from '../dataset/embedding-batches';
import type { DatasetClass } from '../dataset/split';
import type { LoopBatch } from './trainer-loop';
import type { TrainerFace } from './trainer-messages';

/** A batch with the faces it holds (the evaluation reads embeddings by face). */
export interface FaceBatch extends LoopBatch {
  faceIds: number[];
}

/** Where a run's batches come from: crops decoded from disk, or frozen embeddings in memory. */
export interface TrainingData {
  /** The shape of one example (an image HxWx3, or an embedding's length). */
  exampleShape: number[];
  batches(
    faces: readonly TrainerFace[],
    options: { epoch: number; startBatch: number; training: boolean },
  ): AsyncIterable<FaceBatch>;
  /** Faces whose crop could not be loaded so far (each counted once). */
  skipped(): SkippedCrop[];
}

function toBatch(x: Float32Array, y: Int32Array, faceIds: number[], shape: number[]): FaceBatch {
  const size = y.length;
  return { x: tf.tensor(x, [size, ...shape]), y: tf.tensor1d(y, 'int32'), size, faceIds };
}

/**
 * The run's batches as tensors. Training batches are shuffled and augmented per (seed, epoch); evaluation
 * batches are neither. Crops stream from disk a few batches ahead; a crop that cannot be read is skipped
 * and reported, and the run goes on.
 */
export function trainingData(
  config: TrainConfig,
  classes: readonly DatasetClass[],
  catalogDir: string,
  /** Head mode: the frozen embeddings' length. */
  embeddingLength: number,
): TrainingData {
  const skipped = new Map<number, SkippedCrop>();
  if (config.mode === 'head') {
    return {
      exampleShape: [embeddingLength],
      async *batches(faces, { epoch, startBatch, training }) {
        await Promise.resolve();
        for (const batch of embeddingBatchesForEpoch({
          items: faces,
          classes,
          batchSize: config.batchSize,
          seed: config.seed,
          epoch,
          startBatch,
          shuffle: training,
        })) {
          yield toBatch(batch.x, batch.y, batch.faceIds, [batch.dim]);
        }
      },
      skipped: () => [],
    };
  }
  const shape = [config.inputSize, config.inputSize, 3];
  return {
    exampleShape: shape,
    async *batches(faces, { epoch, startBatch, training }) {
      for await (const batch of batchesForEpoch({
        items: faces,
        classes,
        inputSize: config.inputSize,
        normalization: config.normalization,
        batchSize: config.batchSize,
        seed: config.seed,
        epoch,
        startBatch,
        augment: training ? config.augment : false,
        shuffle: training,
        catalogDir,
      })) {
        for (const crop of batch.skipped) skipped.set(crop.faceId, crop);
        yield toBatch(batch.x, batch.y, batch.faceIds, shape);
      }
    },
    skipped: () => [...skipped.values()],
  };
}
