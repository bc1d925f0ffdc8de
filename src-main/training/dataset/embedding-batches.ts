import type { LabeledFace } from '../../catalog/training-set.repository';
import { assertStartBatch, batchBounds, epochOrder, stepsPerEpoch } from './epoch-order';
import { classIndex, type DatasetClass } from './split';

export type EmbeddingBatchItem = Pick<LabeledFace, 'faceId' | 'personId' | 'embedding'>;

export interface EmbeddingBatchOptions {
  items: readonly EmbeddingBatchItem[];
  classes: readonly DatasetClass[];
  batchSize: number;
  seed: number;
  epoch: number;
  startBatch?: number;
  shuffle: boolean;
}

/** A batch of frozen embeddings for head training; `y` is -1 for a face whose person is no class. */
export interface EmbeddingBatch {
  index: number;
  /** n x dim, row-major. */
  x: Float32Array;
  y: Int32Array;
  faceIds: number[];
  dim: number;
}

/**
 * The head-mode counterpart of `batchesForEpoch`: the same seeded order and batch boundaries, over
 * embeddings already in memory (128 floats a face: 10k faces are 5 MB), so nothing is decoded.
 */
export function* embeddingBatchesForEpoch(options: EmbeddingBatchOptions): Generator<EmbeddingBatch> {
  const { items, batchSize } = options;
  const dim = embeddingDim(items);
  const steps = stepsPerEpoch(items.length, batchSize);
  const startBatch = options.startBatch ?? 0;
  assertStartBatch(startBatch, steps);
  const order = epochOrder(items.length, options.seed, options.epoch, options.shuffle);
  const labels = classIndex(options.classes);
  for (let index = startBatch; index < steps; index++) {
    const { start, end } = batchBounds(items.length, batchSize, index);
    const x = new Float32Array((end - start) * dim);
    const y = new Int32Array(end - start);
    const faceIds: number[] = [];
    for (let k = 0; k < end - start; k++) {
      const item = items[order[start + k] as number] as EmbeddingBatchItem;
      x.set(item.embedding as Float32Array, k * dim);
      y[k] = labels.get(item.personId) ?? -1;
      faceIds.push(item.faceId);
    }
    yield { index, x, y, faceIds, dim };
  }
}

/** The items' common embedding length; throws when one has none or a different length (two models mixed). */
function embeddingDim(items: readonly EmbeddingBatchItem[]): number {
  const dim = items[0]?.embedding?.length ?? 0;
  for (const item of items) {
    if (item.embedding?.length !== dim || dim === 0) {
      throw new Error(`batches: face ${item.faceId} has no ${dim}-value embedding (query them with a model)`);
    }
  }
  return dim;
}
