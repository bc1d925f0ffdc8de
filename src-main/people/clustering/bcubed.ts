/** BCubed scores of a clustering against the truth; precision and recall are per-item averages. */
export interface BCubedScores {
  precision: number;
  recall: number;
  /** Harmonic mean of the averaged precision and recall (Amigó et al. 2009). */
  f: number;
  /** Items averaged over. */
  items: number;
}

export interface BCubedOptions {
  /**
   * Average only over items whose true class has at least this many items (2: people with at least two
   * faces, the ones a clustering can actually group). Clusters and classes are still counted over all items.
   */
  minClassSize?: number;
}

/**
 * BCubed precision, recall and F. For item i with cluster C(i) and true class L(i): precision(i) =
 * |C(i) ∩ L(i)| / |C(i)|, recall(i) = |C(i) ∩ L(i)| / |L(i)|. A predicted label below 0 (unclustered)
 * is a cluster of its own, which is what showing the face alone amounts to. Truth labels are any numbers.
 */
export function bcubed(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  options: BCubedOptions = {},
): BCubedScores {
  const n = predicted.length;
  if (truth.length !== n) throw new Error(`bcubed: ${n} predicted labels but ${truth.length} true labels`);
  // Each unclustered item gets a key of its own: a cluster of one.
  const clusterKey = (i: number): string => (predicted[i]! < 0 ? `u${i}` : `c${predicted[i]!}`);
  const clusterSize = new Map<string, number>();
  const classSize = new Map<number, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const cluster = clusterKey(i);
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    classSize.set(truth[i]!, (classSize.get(truth[i]!) ?? 0) + 1);
    const key = `${cluster}|${truth[i]!}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  const minClassSize = options.minClassSize ?? 1;
  let precision = 0;
  let recall = 0;
  let items = 0;
  for (let i = 0; i < n; i++) {
    const size = classSize.get(truth[i]!)!;
    if (size < minClassSize) continue;
    const cluster = clusterKey(i);
    const shared = both.get(`${cluster}|${truth[i]!}`)!;
    precision += shared / clusterSize.get(cluster)!;
    recall += shared / size;
    items++;
  }
  if (items === 0) return { precision: 0, recall: 0, f: 0, items };
  precision /= items;
  recall /= items;
  return { precision, recall, f: (2 * precision * recall) / (precision + recall), items };
}
