import { seededRandom, shuffleInPlace } from '../../util/seeded-random';
import { deriveSeed, seedStreams } from './derived-seed';

/** Batches in an epoch of `n` items: the last, partial batch is kept (every face is seen each epoch). */
export function stepsPerEpoch(n: number, batchSize: number): number {
  assertBatchSize(batchSize);
  return Math.ceil(n / batchSize);
}

/**
 * The order an epoch visits items 0..n-1 in: a shuffle seeded by (seed, epoch) alone, so any batch of any
 * epoch can be found again without replaying the ones before it (exact resume); the identity order when
 * not shuffling (evaluation).
 */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (shuffle) shuffleInPlace(order, seededRandom(deriveSeed(seed, seedStreams.epochOrder, epoch)));
  return order;
}

/** Where batch `index` starts and ends in the epoch's order. */
export function batchBounds(n: number, batchSize: number, index: number): { start: number; end: number } {
  const start = index * batchSize;
  return { start, end: Math.min(start + batchSize, n) };
}

/** Checks a resume point: 0 starts the epoch, stepsPerEpoch means it is already over (nothing to yield). */
export function assertStartBatch(startBatch: number, steps: number): void {
  if (!Number.isInteger(startBatch) || startBatch < 0 || startBatch > steps) {
    throw new RangeError(`batches: startBatch ${startBatch} is outside this epoch's 0..${steps} batches`);
  }
}

function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batches: batchSize must be a whole number of at least 1, not ${batchSize}`);
  }
}
