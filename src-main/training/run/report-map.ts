import { projectVectors } from '../../projection/project';
import { seededRandom, shuffleInPlace } from '../../util/seeded-random';
import type { ReportMap } from '../report-views';

/** A test face's features and its person (the report's class index). */
export interface MapFace {
  faceId: number;
  class: number;
  vector: Float32Array;
}

/**
 * Faces drawn at most: t-SNE of 3,000 faces takes seconds, and the trainer answers nothing (not even a
 * stop) until the map is made; a larger test set is sampled, every person kept.
 */
export const mapFacesShown = 3000;

/** t-SNE's usual perplexity, lowered for a small test set (it needs about 3 x perplexity neighbours). */
const perplexity = (n: number): number => Math.max(2, Math.min(30, Math.floor((n - 1) / 3)));

/**
 * The map of a run's test identities after training: each test face's features (the trained network's
 * embedding, or a head's class probabilities) by PCA to 50 dimensions and Barnes-Hut t-SNE into 2D, the
 * same projection the Embeddings view draws (projection/project.ts), seeded by the run's seed. Computed in
 * the trainer's worker once, at the end of the run: a few hundred faces take about a second.
 */
export function testIdentityMap(
  faces: readonly MapFace[],
  features: ReportMap['features'],
  seed: number,
): ReportMap | null {
  const shown = sampleByClass(faces, mapFacesShown, seed);
  const n = shown.length;
  const d = shown[0]?.vector.length ?? 0;
  if (n < 2 || d === 0) return null;
  const vectors = new Float32Array(n * d);
  shown.forEach((face, i) => vectors.set(face.vector, i * d));
  const { coords, note } = projectVectors({
    params: { method: 'tsne', dims: 2, seed, perplexity: perplexity(n) },
    vectors,
    n,
    d,
  });
  return {
    // A tiny test set falls back to PCA coordinates (projection/project.ts says when).
    method: note === null ? 'tsne' : 'pca',
    features,
    points: shown.map((face, i) => ({
      faceId: face.faceId,
      class: face.class,
      x: coords[i * 2] as number,
      y: coords[i * 2 + 1] as number,
    })),
  };
}

/**
 * At most `limit` faces, seeded: each person's faces in a shuffled order, taken one person after another
 * (round robin), so that every person is on the map with as many of their faces as fit.
 */
export function sampleByClass(faces: readonly MapFace[], limit: number, seed: number): MapFace[] {
  if (faces.length <= limit) return [...faces];
  const random = seededRandom(seed);
  const byClass = new Map<number, MapFace[]>();
  for (const face of faces) byClass.set(face.class, [...(byClass.get(face.class) ?? []), face]);
  const queues = [...byClass.values()].map((group) => {
    const order = group.map((_, i) => i);
    shuffleInPlace(order, random);
    return order.map((i) => group[i] as MapFace);
  });
  const picked: MapFace[] = [];
  for (let round = 0; picked.length < limit; round++) {
    for (const queue of queues) {
      if (round < queue.length && picked.length < limit) picked.push(queue[round] as MapFace);
    }
  }
  return picked;
}
