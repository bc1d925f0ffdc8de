import type { Db } from '../catalog/db';
import type { CropToEmbed, EmbeddingRepository } from '../catalog/embedding.repository';
import type { EmbedderSpec } from './embedder-trained/embedder-spec';
import type { TrainedEmbedderPool } from './embedder-trained/embedder-pool';
import { loadCropInput } from './crop-inputs';

/** Faces per request to a worker: big enough to batch the forward pass, small enough to commit often. */
const chunkSize = 32;

export interface EmbedFacesContext {
  db: Db;
  catalogDir: string;
  embeddings: EmbeddingRepository;
  pool: TrainedEmbedderPool;
  spec: EmbedderSpec;
  model: number;
  signal?: AbortSignal;
  /** After each committed chunk: faces embedded so far and faces skipped (crop unreadable). */
  onProgress?: (embedded: number, skipped: number) => void;
}

/**
 * Embeds the given faces' stored crops with a model on the worker pool and stores each vector under the
 * model, a chunk per transaction (so a stopped run keeps what it did and the next one only does the rest).
 * Two chunks per worker are in flight: one computing while the next one's crops are read. A face whose
 * crop cannot be read is skipped and counted.
 */
export async function embedFaces(
  faces: readonly CropToEmbed[],
  ctx: EmbedFacesContext,
): Promise<{ embedded: number; skipped: number }> {
  let embedded = 0;
  let skipped = 0;
  let next = 0;
  const store = ctx.db.transaction((ids: number[], vectors: Float32Array[]) => {
    ids.forEach((id, i) => ctx.embeddings.put(id, ctx.model, vectors[i]!));
  });
  const lane = async (): Promise<void> => {
    while (next < faces.length && !ctx.signal?.aborted) {
      const chunk = faces.slice(next, next + chunkSize);
      next += chunkSize;
      const loaded = await Promise.all(
        chunk.map((face) => loadCropInput(ctx.catalogDir, face.crop, ctx.spec.inputSize)),
      );
      const ids = chunk.filter((_, i) => loaded[i] !== null).map((face) => face.id);
      const inputs = loaded.filter((input) => input !== null);
      skipped += chunk.length - ids.length;
      if (inputs.length > 0) {
        const vectors = await ctx.pool.embed(ctx.spec, inputs, ctx.signal);
        store.immediate(ids, vectors);
        embedded += ids.length;
      }
      ctx.onProgress?.(embedded, skipped);
    }
  };
  await Promise.all(Array.from({ length: ctx.pool.size * 2 }, lane));
  return { embedded, skipped };
}
