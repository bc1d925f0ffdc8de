import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageLinkage, singleLinkage } from '../../../src-main/people/clustering/baselines';
import { dotRows, similarityToDistance } from '../../../src-main/people/clustering/vectors';
import { clusteredFaces } from './clustered-vectors';

/** The textbook O(n³) average linkage: merge the closest pair of clusters while it is within threshold. */
function naiveAverageLinkage(vectors: Float32Array, dim: number, threshold: number): number[][] {
  const n = vectors.length / dim;
  const distance = (i: number, j: number): number => similarityToDistance(dotRows(vectors, dim, i, j));
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  for (;;) {
    let best = Infinity;
    let pair: [number, number] = [-1, -1];
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let sum = 0;
        for (const i of clusters[a]!) for (const j of clusters[b]!) sum += distance(i, j);
        const mean = sum / (clusters[a]!.length * clusters[b]!.length);
        if (mean < best) [best, pair] = [mean, [a, b]];
      }
    }
    if (best > threshold) return clusters;
    const merged = [...clusters[pair[0]]!, ...clusters[pair[1]]!];
    clusters = clusters.filter((_, c) => c !== pair[0] && c !== pair[1]).concat([merged]);
  }
}

/** A partition as sorted member lists, for comparing clusterings whatever their label numbers. */
function partition(labels: ArrayLike<number>): string {
  const byLabel = new Map<number, number[]>();
  Array.from(labels).forEach((label, i) => {
    const key = label < 0 ? -1 - i : label;
    byLabel.set(key, [...(byLabel.get(key) ?? []), i]);
  });
  return JSON.stringify(
    [...byLabel.values()].map((m) => m.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!),
  );
}

describe('averageLinkage', () => {
  it('gives the textbook average linkage partition at any threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.double({ min: 0.3, max: 1.5, noNaN: true }),
        fc.integer(),
        (n, threshold, seed) => {
          const { vectors, dim, photoIds } = clusteredFaces([n], seed, 1.2, 8);
          const ours = averageLinkage({ vectors, dim, photoIds }, threshold);
          const naive = naiveAverageLinkage(vectors, dim, threshold);
          const naiveLabels = new Int32Array(n);
          naive.forEach((members, c) => members.forEach((i) => (naiveLabels[i] = c)));
          expect(partition(ours.labels)).toBe(partition(naiveLabels));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('recovers well-separated clusters and reports small ones as unclustered', () => {
    const { vectors, dim, photoIds, truth } = clusteredFaces([6, 5, 4, 1], 2);
    const result = averageLinkage({ vectors, dim, photoIds }, 0.8, 2);
    expect(result.count).toBe(3);
    expect(result.labels[15]).toBe(-1);
    expect(partition(result.labels.subarray(0, 15))).toBe(partition(truth.subarray(0, 15)));
  });
});

describe('singleLinkage', () => {
  it('is the connected components of the faces within the threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.double({ min: 0.3, max: 1.5, noNaN: true }),
        fc.integer(),
        (n, threshold, seed) => {
          const { vectors, dim, photoIds } = clusteredFaces([n], seed, 1.2, 8);
          const components = Array.from({ length: n }, (_, i) => i);
          const find = (x: number): number =>
            components[x] === x ? x : (components[x] = find(components[x]!));
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
              if (similarityToDistance(dotRows(vectors, dim, i, j)) <= threshold)
                components[find(i)] = find(j);
            }
          }
          const ours = singleLinkage({ vectors, dim, photoIds }, threshold);
          expect(partition(ours.labels)).toBe(partition(components.map((_, i) => find(i))));
        },
      ),
      { numRuns: 60 },
    );
  });
});
