import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Db } from '../catalog/db';
import type { FaceRepository } from '../catalog/face.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { decodeRgb, openImage, reason } from '../ingest/decode';
import type { ImageFormat } from '../ingest/sniff';
import { ProgressMeter, type JobProgress } from '../jobs/progress';
import { Limiter } from '../util/concurrency';
import { toFsPath } from '../util/fs-path';
import { analysisMaxSide, type FaceIndexer } from './face-indexer';
import { storeIndexOutcome, type IndexModels, type IndexOutcome } from './face-store';
import type { IndexInput, IndexSummary } from './index-types';

export interface IndexContext {
  db: Db;
  faces: FaceRepository;
  people: PersonRepository;
  models: IndexModels;
  indexer: FaceIndexer;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
  maxPixels: number;
  /** Photos analysed at once (the worker pool queues beyond its size; this bounds decoded memory). */
  concurrency?: number;
}

interface PhotoToIndex {
  id: number;
  path: string;
  sha256: string;
  format: string;
  width: number;
  height: number;
  folderLabel: string | null;
}

/** Outcomes are committed in batches: one transaction per batch of photos. */
const batchSize = 16;

const photoColumns = 'id, path, sha256, format, width, height, folder_label AS folderLabel';

/**
 * (Re)indexes the faces of photos already in the catalog, from their files on disk: those not yet indexed
 * by the current embedder, or all of them. A file that is gone or changed since import is reported, never
 * guessed at. Labels survive (see FaceRepository.replaceForPhoto).
 */
export async function runIndex(input: IndexInput, ctx: IndexContext): Promise<IndexSummary> {
  ctx.indexer.warmUp();
  const photos = ctx.db
    .prepare(
      `SELECT ${photoColumns} FROM photos WHERE status = 'ok' AND (? OR indexed_model IS NOT ?) ORDER BY id`,
    )
    .all(input.all ? 1 : 0, ctx.models.embedder) as PhotoToIndex[];
  return indexPhotos(photos, ctx);
}

/**
 * Indexes those of the given photos that the current embedder has not indexed yet: how an import run
 * again after a cancel or a crash finishes the faces of photos it had already stored.
 */
export async function indexUnindexed(photoIds: readonly number[], ctx: IndexContext): Promise<IndexSummary> {
  const query = ctx.db.prepare(
    `SELECT ${photoColumns} FROM photos WHERE id = ? AND status = 'ok' AND indexed_model IS NOT ?`,
  );
  const photos = photoIds.flatMap(
    (id) => (query.get(id, ctx.models.embedder) as PhotoToIndex | undefined) ?? [],
  );
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
    commit(batch);
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
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(toFsPath(photo.path));
  } catch (error) {
    return { error: `cannot read the photo's file: ${reason(error)}` };
  }
  if (createHash('sha256').update(bytes).digest('hex') !== photo.sha256) {
    return { error: 'the file changed since it was imported; import its folder again' };
  }
  try {
    const opened = await openImage(bytes, photo.format as ImageFormat, ctx.maxPixels);
    const faces = await ctx.indexer.analyze(
      await decodeRgb(opened.image, analysisMaxSide),
      opened,
      photo.sha256,
      photo.folderLabel !== null,
      ctx.signal,
    );
    return { faces };
  } catch (error) {
    return { error: `face analysis failed: ${reason(error)}` };
  }
}
