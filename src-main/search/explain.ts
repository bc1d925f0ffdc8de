import { defaultSuggestionParams } from '../people/suggestions';
import { scorePeople, type LabeledFaces } from './labeled-faces';
import type { Explanation } from './search-views';

export type Metric = 'euclidean' | 'cosine';

/** A Euclidean distance between unit vectors in the catalog's metric (cosine distance = d²/2). */
export function toMetric(distance: number, metric: Metric): number {
  return metric === 'cosine' ? (distance * distance) / 2 : distance;
}

/** A distance in the catalog's metric as a Euclidean distance between unit vectors. */
export function fromMetric(distance: number, metric: Metric): number {
  return metric === 'cosine' ? Math.sqrt(2 * Math.max(0, distance)) : distance;
}

/** A person's labeled faces decide by the mean distance to their k nearest (the suggestions' k). */
export const referenceFaces = defaultSuggestionParams.k;

/**
 * Who a face is, and why: its nearest person by the mean distance to their `referenceFaces` nearest labeled
 * faces, named only within `maxDistance` and at least `margin` ahead of the second-best person (all
 * Euclidean); null when nobody is labeled. Distances come back in the catalog's metric.
 */
export function explain(
  context: { labeled: LabeledFaces; maxDistance: number; metric: Metric; threshold: { margin: number } },
  vector: Float32Array,
  excluded: ReadonlySet<number>,
  nameOf: (personId: number) => string,
): Explanation | null {
  const { labeled, maxDistance, metric } = context;
  const [best, second] = scorePeople(labeled, vector, 0, referenceFaces, excluded);
  if (!best) return null;
  const clear = !second || second.distance - best.distance >= context.threshold.margin;
  return {
    personId: best.personId,
    person: nameOf(best.personId),
    distance: toMetric(best.distance, metric),
    secondDistance: second ? toMetric(second.distance, metric) : null,
    named: best.distance <= maxDistance && clear,
    nearest: best.nearest.map(({ index, distance }) => ({
      faceId: labeled.faceIds[index] as number,
      photoId: labeled.photoIds[index] as number,
      distance: toMetric(distance, metric),
    })),
  };
}
