import * as tf from '@tensorflow/tfjs-core';

/** A batch as a gradient step takes it (the loop's LoopBatch is one). */
export interface GradientBatch {
  x: tf.Tensor;
  y: tf.Tensor1D;
  /** How many examples (the last batch of an epoch may be short). */
  size: number;
}

/** One ghost batch: a contiguous slice of a batch and its share of the batch's mean loss. */
export interface Shard {
  x: tf.Tensor;
  y: tf.Tensor1D;
  /** Examples in the shard / examples in the batch: its loss and gradient count this much. */
  weight: number;
}

/**
 * Where shard `index` of `shards` starts in a batch of `size` examples: shards differ by at most one
 * example, and the split depends on nothing but the batch size and the shard count, so every replica and
 * the single-worker reference cut a batch the same way.
 */
export function shardStart(size: number, shards: number, index: number): number {
  return Math.floor((index * size) / shards);
}

/**
 * Cuts a batch into `shards` ghost batches (Hoffer et al. 2017), in order. A batch shorter than the shard
 * count leaves some shards empty: they are left out, so the list may be shorter than `shards`. The
 * caller disposes the shards' tensors (slices, not views).
 */
export function cutShards(batch: GradientBatch, shards: number): Shard[] {
  const result: Shard[] = [];
  for (let index = 0; index < shards; index++) {
    const begin = shardStart(batch.size, shards, index);
    const end = shardStart(batch.size, shards, index + 1);
    if (end === begin) continue;
    result.push({
      x: tf.slice(batch.x, begin, end - begin),
      y: tf.slice(batch.y, begin, end - begin),
      weight: (end - begin) / batch.size,
    });
  }
  return result;
}

/**
 * Which shards each of `replicas` replicas computes: contiguous runs of nearly equal length, the longer
 * ones first, so replica 0 (the trainer itself) has work whenever the batch has any. A replica may get
 * none when a short batch has fewer shards than there are replicas.
 */
export function assignShards<T>(shards: readonly T[], replicas: number): T[][] {
  const first = (replica: number): number => Math.ceil((replica * shards.length) / replicas);
  return Array.from({ length: replicas }, (_, replica) => shards.slice(first(replica), first(replica + 1)));
}

/** Frees the shards' tensors. */
export function disposeShards(shards: readonly Shard[]): void {
  tf.dispose(shards.flatMap((shard) => [shard.x, shard.y]));
}
