import path from 'node:path';
import { workerUrl } from '../../platform/worker-url';
import type { Hits, IndexResponse } from './messages';
import { IndexWorkerClient } from './worker-client';

/** A face found by a search. */
export interface Neighbour {
  faceId: number;
  /** Euclidean distance between unit vectors (0..2), or 1 - cosine similarity with `metric: 'cosine'`. */
  distance: number;
}

/**
 * What the index reads from the catalog: every current face's id and unit embedding under one model. The
 * arrays are handed over (moved to the search worker): return fresh ones, as packRows does.
 */
export type ReadVectors = (model: number) => { ids: Int32Array | number[]; vectors: Float32Array };

/** Per-embedder-model face search over the current catalog (see README.md beside this file). */
export interface FaceIndexService {
  /** k nearest faces of the current catalog under `model`, nearest first; `exclude` face ids are skipped. */
  nearest(
    model: number,
    query: Float32Array,
    k: number,
    options?: { exclude?: ReadonlySet<number>; metric?: 'euclidean' | 'cosine'; signal?: AbortSignal },
  ): Promise<Neighbour[]>;
  /** Every face within `maxDistance` (Euclidean), nearest first (for "every photo of this person"). */
  within(
    model: number,
    query: Float32Array,
    maxDistance: number,
    options?: { exclude?: ReadonlySet<number>; signal?: AbortSignal },
  ): Promise<Neighbour[]>;
  /** Marks the model's index stale after catalog changes (faces added/removed/re-embedded). */
  invalidate(model: number): void;
  /** Rebuilds now, the approximate graph included (the CLI's `index --rebuild-search`). */
  rebuild(model: number, signal?: AbortSignal): Promise<{ faces: number; ms: number }>;
  dispose(): Promise<void>;
}

export interface FaceIndexOptions {
  /** The catalog's folder: indexes live in `<catalogDir>/index/<model>.vectors` and `.usearch`. */
  catalogDir: string;
  readVectors: ReadVectors;
  /**
   * A cheap stamp of a model's faces in the catalog that changes whenever they do (README.md suggests
   * one SQL query). With it, every query notices changes made by other processes and a restart reuses the
   * persisted index without reading the catalog; without it only `invalidate` marks an index stale and
   * each model's faces are read once per process (the persisted graph is still reused when they match).
   */
  signature?: (model: number) => string;
  /** Faces from which an approximate graph is built (below, exact search is fast enough; README.md). */
  approximateFrom?: number;
  /** The worker entry (default: search.worker.ts beside this file, or the bundled search-index-worker.js). */
  workerUrl?: URL;
}

/** Measured in README.md: exact search over 20k faces takes about as long as a graph search at 1M. */
export const defaultApproximateFrom = 20_000;

/** Euclidean distance between unit vectors from their dot product (clamped: rounding can pass 1). */
export function euclideanFromDot(dot: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * dot));
}

/** Creates the service; its worker starts on the first query. */
export function createFaceIndexService(options: FaceIndexOptions): FaceIndexService {
  const fresh = new Map<number, string>(); // model -> catalog signature its index was last synced to
  const versions = new Map<number, number>(); // bumped by invalidate: a sync that raced one is not fresh
  const syncing = new Map<number, Promise<number>>();
  const client = new IndexWorkerClient(
    options.workerUrl ?? workerUrl(import.meta.url, './search.worker.ts', 'search-index-worker'),
    {
      dir: path.join(options.catalogDir, 'index'),
      approximateFrom: options.approximateFrom ?? defaultApproximateFrom,
    },
    () => fresh.clear(),
  );

  const signatureOf = (model: number): string => options.signature?.(model) ?? '';

  async function sync(model: number, force: boolean, signal?: AbortSignal): Promise<number> {
    const version = versions.get(model) ?? 0;
    const signature = signatureOf(model);
    if (!force && options.signature) {
      const opened = await client.request({ type: 'open', model, signature }, signal);
      if (opened.type === 'opened') {
        if ((versions.get(model) ?? 0) === version) fresh.set(model, signature);
        return opened.faces;
      }
    }
    const read = options.readVectors(model);
    const ids = Int32Array.from(read.ids);
    const vectors = ownedCopy(read.vectors);
    const synced = await client.request({ type: 'sync', model, signature, ids, vectors, force }, signal, [
      ids.buffer,
      vectors.buffer as ArrayBuffer,
    ]);
    if ((versions.get(model) ?? 0) === version) fresh.set(model, signature);
    return expect(synced, 'synced').faces;
  }

  /** Waits for the model's index to match the catalog (one sync at a time per model). */
  async function ensure(model: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const running = syncing.get(model);
      if (running) await running.catch(() => 0);
      else if (fresh.has(model) && fresh.get(model) === signatureOf(model)) return;
      else {
        const started = sync(model, false, signal).finally(() => syncing.delete(model));
        syncing.set(model, started);
        await started;
        return;
      }
    }
  }

  const toNeighbours = (hits: Hits, cosine: boolean): Neighbour[] =>
    Array.from(hits.faceIds, (faceId, i) => ({
      faceId,
      distance: cosine ? 1 - hits.dots[i]! : euclideanFromDot(hits.dots[i]!),
    }));

  return {
    async nearest(model, query, k, { exclude, metric = 'euclidean', signal } = {}) {
      await ensure(model, signal);
      const q = Float32Array.from(query);
      const answer = await client.request(
        { type: 'nearest', model, query: q, k, exclude: Int32Array.from(exclude ?? []) },
        signal,
        [q.buffer],
      );
      return toNeighbours(expect(answer, 'hits').hits, metric === 'cosine');
    },
    async within(model, query, maxDistance, { exclude, signal } = {}) {
      await ensure(model, signal);
      const q = Float32Array.from(query);
      const minDot = 1 - (maxDistance * maxDistance) / 2;
      const answer = await client.request(
        { type: 'within', model, query: q, minDot, exclude: Int32Array.from(exclude ?? []) },
        signal,
        [q.buffer],
      );
      return toNeighbours(expect(answer, 'hits').hits, false);
    },
    invalidate(model) {
      fresh.delete(model);
      versions.set(model, (versions.get(model) ?? 0) + 1);
    },
    async rebuild(model, signal) {
      const started = performance.now();
      await syncing.get(model)?.catch(() => 0);
      const rebuilt = sync(model, true, signal).finally(() => syncing.delete(model));
      syncing.set(model, rebuilt);
      return { faces: await rebuilt, ms: performance.now() - started };
    },
    dispose: () => client.dispose(),
  };
}

/** The vectors in a buffer of their own, so it can be moved to the worker (a view is copied first). */
function ownedCopy(vectors: Float32Array): Float32Array {
  const whole =
    vectors.buffer instanceof ArrayBuffer &&
    vectors.byteOffset === 0 &&
    vectors.byteLength === vectors.buffer.byteLength;
  return whole ? vectors : vectors.slice();
}

function expect<T extends IndexResponse['type']>(
  response: IndexResponse,
  type: T,
): Extract<IndexResponse, { type: T }> {
  if (response.type !== type) throw new Error(`FaceIndex - expected ${type}, got ${response.type}`);
  return response as Extract<IndexResponse, { type: T }>;
}
