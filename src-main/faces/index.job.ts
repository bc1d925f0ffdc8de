import type { Db } from '../catalog/db';
import type { FaceRepository } from '../catalog/face.repository';
import type { LabelRepository } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';
import type { PhotoRepository, PhotoToIndex } from '../catalog/photo.repository';
import { reason } from '../imaging/decode';
import { ProgressMeter, type JobProgress } from '../jobs/progress';
import { Limiter } from '../util/concurrency';
import type { FaceIndexer } from './face-indexer';
import { storeIndexOutcome, type IndexModels, type IndexOutcome } from './face-store';
import type { IndexInput, IndexSummary } from './index-types';
import { loadPhotoPixels } from './photo-pixels';

export interface IndexContext {
  db: Db;
  faces: FaceRepository;
  people: PersonRepository;
  labels: LabelRepository;
  /** Where the photos to index are read. */
  photos: PhotoRepository;
  models: IndexModels;
  indexer: FaceIndexer;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
  maxPixels: number;
  /** Photos analysed at once (the worker pool queues beyond its size; this bounds decoded memory). */
  concurrency?: number;
}

/** Outcomes are committed in batches: one transaction per batch of photos. */
const batchSize = 16;

/**
 * (Re)indexes the faces of photos already in the catalog, from their files on disk: those not yet indexed
 * by the current embedder, or all of them. A file that is gone or changed since import is reported, never
 * guessed at. Labels survive (see FaceRepository.replaceForPhoto).
 */
export async function runIndex(input: IndexInput, ctx: IndexContext): Promise<IndexSummary> {
  ctx.indexer.warmUp();
  const photos = ctx.photos.listToIndex(ctx.models.embedder, input.all);
  return indexPhotos(photos, ctx);
}

/**
 * Indexes those of the given photos that the current embedder has not indexed yet: how an import run
 * again after a cancel or a crash finishes the faces of photos it had already stored.
 */
export async function indexUnindexed(photoIds: readonly number[], ctx: IndexContext): Promise<IndexSummary> {
  const photos = ctx.photos.unindexedAmong(photoIds, ctx.models.embedder);
  return indexPhotos(photos, ctx);
}

async function indexPhotos(photos: PhotoToIndex[], ctx: IndexContext): Promise<IndexSummary> {
  const summary: IndexSummary = { photos: 0, faces: 0, failed: 0, errors: [] };
  if (photos.length === 0) return summary;
  const meter = new ProgressMeter();
  const slots = new Limiter(ctx.concurrency ?? 4);
  let batch: Array<{ photo: PhotoToIndex; outcome: IndexOutcome }> = [];
  const commit = ctx.db.transaction((items: typeof batch) => {
    for (const { photo, outcome } of items)
      storeIndexOutcome(ctx, ctx.models, photo.id, outcome, photo.folderLabel);
  });
  const flush = (): void => {
    commit.immediate(batch); // reads before it writes: IMMEDIATE (see catalog/db.ts)
    batch = [];
  };
  let done = 0;
  const tasks = new Set<Promise<void>>();
  for (const photo of photos) {
    if (ctx.signal.aborted) break;
    await slots.acquire();
    const task = indexPhoto(photo, ctx)
      .then((outcome) => {
        // A photo cut short by a cancel is neither a failure nor done: it stays unindexed for next time.
        if ('error' in outcome && ctx.signal.aborted) return;
        if ('error' in outcome) {
          summary.failed++;
          summary.errors.push({ path: photo.path, error: outcome.error });
        } else {
          summary.photos++;
          summary.faces += outcome.faces.length;
        }
        batch.push({ photo, outcome });
        if (batch.length >= batchSize) flush();
        ctx.onProgress(meter.sample('indexing', ++done, photos.length));
      })
      .finally(() => {
        slots.release();
        tasks.delete(task);
      });
    tasks.add(task);
  }
  await Promise.all(tasks);
  flush();
  return summary;
}

async function indexPhoto(photo: PhotoToIndex, ctx: IndexContext): Promise<IndexOutcome> {
  const loaded = await loadPhotoPixels(photo, ctx.maxPixels);
  if (!loaded.ok) return { error: loaded.error };
  try {
    const faces = await ctx.indexer.analyze(
      loaded.rgb,
      loaded.size,
      photo.sha256,
      photo.folderLabel !== null,
      ctx.signal,
    );
    return { faces };
  } catch (error) {
    return { error: `face analysis failed: ${reason(error)}` };
  }
}
