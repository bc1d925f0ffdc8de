import { createHash } from 'node:crypto';
import type { FaceSetRow } from '../catalog/projection.repository';
import type { ProjectionParams } from './projection-types';
import type { ProjectionRequest } from './projection-views';

/** Bumped when the algorithms change what they compute: earlier cached maps then no longer match. */
const algorithmVersion = 1;

export const projectionDefaults = { perplexity: 30, neighbors: 15, minDist: 0.1 } as const;

/**
 * The parameters that make a map, defaults filled in and only those of its method (a PCA map's key
 * never depends on a perplexity it does not use), in a fixed order: the job's payload and the key.
 */
export function normaliseParams(request: ProjectionRequest): ProjectionParams {
  const { method, dims, seed } = request;
  if (method === 'tsne') {
    return { method, dims, seed, perplexity: request.perplexity ?? projectionDefaults.perplexity };
  }
  if (method === 'umap') {
    return {
      method,
      dims,
      seed,
      neighbors: request.neighbors ?? projectionDefaults.neighbors,
      minDist: request.minDist ?? projectionDefaults.minDist,
    };
  }
  return { method, dims, seed };
}

/** A digest of the face set: every face id with its vector's stamp and first values, in id order. */
export function faceSetSignature(rows: readonly FaceSetRow[]): string {
  const hash = createHash('sha256');
  const pair = new Float64Array(2);
  for (const row of rows) {
    pair[0] = row.id;
    pair[1] = row.stamp;
    hash.update(new Uint8Array(pair.buffer));
    hash.update(row.head);
  }
  return hash.digest('hex');
}

/**
 * A map's cache key: the model, the method and its parameters, the seed and the face set. A face added,
 * removed, dismissed or re-embedded makes a new key (and a new map); labels do not: they are read at
 * each call.
 */
export function projectionKey(model: number, params: ProjectionParams, faceSet: string): string {
  const text = JSON.stringify({ v: algorithmVersion, model, params, faceSet });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
