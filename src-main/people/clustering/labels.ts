import type { Clustering } from './types';

/**
 * Final labels: clusters smaller than `minSize` become -1 (unclustered), the rest are numbered 0..count-1
 * from the largest down (ties by first face), so label 0 is always the biggest person and the numbering
 * does not depend on the algorithm's internal label ids.
 */
export function finalizeLabels(raw: ArrayLike<number>, minSize: number): Clustering {
  const sizes = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < raw.length; i++) {
    const label = raw[i]!;
    if (label < 0) continue;
    sizes.set(label, (sizes.get(label) ?? 0) + 1);
    if (!first.has(label)) first.set(label, i);
  }
  const kept = [...sizes.keys()]
    .filter((label) => sizes.get(label)! >= Math.max(1, minSize))
    .sort((a, b) => sizes.get(b)! - sizes.get(a)! || first.get(a)! - first.get(b)!);
  const renumber = new Map(kept.map((label, i) => [label, i]));
  const labels = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) labels[i] = renumber.get(raw[i]!) ?? -1;
  return { labels, count: kept.length };
}

/** Face labels from group labels: every face takes its constraint group's label. */
export function groupLabelsToFaces(groupLabels: Int32Array, groupOf: Int32Array): Int32Array {
  return groupOf.map((group) => groupLabels[group]!);
}
