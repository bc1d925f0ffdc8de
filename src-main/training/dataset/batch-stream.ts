import os from 'node:os';
import type { LabeledFace } from '../../catalog/training-set.repository';
import { Limiter } from '../../util/concurrency';
import { augmenterFor, resolveAugment, type AugmentConfig } from './augment';
import { CropLoadError, cropLength, loadCrop } from './crop-loader';
import { assertStartBatch, batchBounds, epochOrder, stepsPerEpoch } from './epoch-order';
import type { Normalization } from './normalization';
import { classIndex, type DatasetClass } from './split';

export type ImageBatchItem = Pick<LabeledFace, 'faceId' | 'personId' | 'crop'>;

export interface BatchStreamOptions {
  items: readonly ImageBatchItem[];
  classes: readonly DatasetClass[];
  inputSize: number;
  normalization: Normalization;
  batchSize: number;
  seed: number;
  epoch: number;
  /** Resume here: earlier batches are neither decoded nor yielded. */
  startBatch?: number;
  augment: AugmentConfig;
  shuffle: boolean;
  catalogDir: string;
  /** Stops the stream (it throws the signal's reason) at the next batch. */
  signal?: AbortSignal;
  /** Batches decoded ahead of the one being trained on (default 2). */
  prefetch?: number;
  /** Crops decoded at once (default: the cores, 2 to 4). */
  concurrency?: number;
}

export interface SkippedCrop {
  faceId: number;
  error: string;
}

/**
 * One batch: `x` is n x inputSize x inputSize x 3 (NHWC), `y` the class of each face (-1 for a person who is
 * no class: a held-out identity). Faces whose crop failed to load are left out of x, y and faceIds and
 * listed in `skipped`; a batch whose crops all failed comes with n = 0, so batch indices still count steps.
 */
export interface ImageBatch {
  index: number;
  x: Float32Array;
  y: Int32Array;
  faceIds: number[];
  skipped: SkippedCrop[];
}

/**
 * Streams an epoch's batches from disk in its seeded order, decoding `prefetch` batches ahead with at most
 * `concurrency` crops in flight, so that decoding (sharp, off the JS thread) overlaps training and only a
 * few batches are ever in memory. Batch b of (seed, epoch) is always the same faces, augmented the same
 * way, whether the epoch started at 0 or resumed at b.
 */
export async function* batchesForEpoch(options: BatchStreamOptions): AsyncGenerator<ImageBatch> {
  const steps = stepsPerEpoch(options.items.length, options.batchSize);
  const startBatch = options.startBatch ?? 0;
  assertStartBatch(startBatch, steps);
  const decoder = new BatchDecoder(options);
  const ahead = Math.max(1, options.prefetch ?? 2);
  const pending: Array<Promise<ImageBatch>> = [];
  let next = startBatch;
  const fill = (): void => {
    while (pending.length < ahead && next < steps) {
      const batch = decoder.batch(next++);
      batch.catch(() => undefined); // surfaced when awaited in order below
      pending.push(batch);
    }
  };
  try {
    fill();
    while (pending.length > 0) {
      options.signal?.throwIfAborted();
      const batch = await (pending.shift() as Promise<ImageBatch>);
      options.signal?.throwIfAborted();
      fill();
      yield batch;
    }
  } finally {
    // A consumer that stops early (a stop, an error) leaves decodes queued: they need not run.
    decoder.stopped = true;
  }
}

/** Decodes the batches of one epoch (its order, labels and augmentation fixed at the start). */
class BatchDecoder {
  stopped = false;
  private readonly order: Int32Array;
  private readonly labels: Map<number, number>;
  private readonly limiter: Limiter;
  private readonly augmentations;

  constructor(private readonly options: BatchStreamOptions) {
    this.order = epochOrder(options.items.length, options.seed, options.epoch, options.shuffle);
    this.labels = classIndex(options.classes);
    const cores = os.availableParallelism();
    this.limiter = new Limiter(Math.max(1, options.concurrency ?? Math.min(4, Math.max(2, cores))));
    this.augmentations = resolveAugment(options.augment);
  }

  async batch(index: number): Promise<ImageBatch> {
    const { items, inputSize, batchSize } = this.options;
    const { start, end } = batchBounds(items.length, batchSize, index);
    const size = cropLength(inputSize);
    const x = new Float32Array((end - start) * size);
    const failures = new Map<number, string>();
    const slots = Array.from({ length: end - start }, (_, k) => k);
    await Promise.all(
      slots.map(async (k) => {
        const error = await this.load(
          items[this.order[start + k] as number] as ImageBatchItem,
          start + k,
          x,
          k,
        );
        if (error !== null) failures.set(k, error);
      }),
    );
    const kept = slots.filter((k) => !failures.has(k));
    const faceAt = (k: number): ImageBatchItem => items[this.order[start + k] as number] as ImageBatchItem;
    return {
      index,
      x: kept.length === slots.length ? x : compact(x, kept, size),
      y: Int32Array.from(kept, (k) => this.labels.get(faceAt(k).personId) ?? -1),
      faceIds: kept.map((k) => faceAt(k).faceId),
      skipped: [...failures]
        .sort(([a], [b]) => a - b)
        .map(([k, error]) => ({ faceId: faceAt(k).faceId, error })),
    };
  }

  /** Loads one crop into slot k; the error message when its crop is unusable, null when it loaded. */
  private async load(
    item: ImageBatchItem,
    position: number,
    x: Float32Array,
    k: number,
  ): Promise<string | null> {
    const { catalogDir, inputSize, normalization, seed, epoch } = this.options;
    await this.limiter.acquire();
    try {
      if (this.stopped) return null;
      const augment = augmenterFor(this.augmentations, inputSize, seed, epoch, position);
      await loadCrop(
        item.crop,
        { catalogDir, inputSize, normalization, ...(augment ? { augment } : {}) },
        x,
        k * cropLength(inputSize),
      );
      return null;
    } catch (error) {
      if (error instanceof CropLoadError) return error.message;
      throw error;
    } finally {
      this.limiter.release();
    }
  }
}

/** The kept slots' images, packed. */
function compact(x: Float32Array, kept: readonly number[], size: number): Float32Array {
  const out = new Float32Array(kept.length * size);
  kept.forEach((k, i) => out.set(x.subarray(k * size, (k + 1) * size), i * size));
  return out;
}
