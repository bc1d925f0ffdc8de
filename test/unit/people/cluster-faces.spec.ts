import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageLinkage, singleLinkage } from '../../../src-main/people/clustering/baselines';
import { bcubed } from '../../../src-main/people/clustering/bcubed';
import { clusterFaces } from '../../../src-main/people/clustering/cluster-faces';
import { buildGroups } from '../../../src-main/people/clustering/constraints';
import { splitViolations } from '../../../src-main/people/clustering/split-violations';
import type { Clustering, FaceSet } from '../../../src-main/people/clustering/types';
import { clusteredFaces } from './clustered-vectors';

const algorithms: Record<string, (set: FaceSet) => Clustering> = {
  'chinese whispers': (set) => clusterFaces(set, { threshold: 0.9, k: 8, minSize: 1 }),
  'chinese whispers + merge': (set) =>
    clusterFaces(set, { threshold: 0.9, k: 8, minSize: 1, mergeThreshold: 1 }),
  'chinese whispers, local scaling + merge': (set) =>
    clusterFaces(set, { threshold: 0.9, k: 8, minSize: 1, localScaling: 5, mergeThreshold: 1 }),
  'average linkage': (set) => averageLinkage(set, 0.9),
  'single linkage': (set) => singleLinkage(set, 0.9),
};

/** Faces of a few clusters with random photo-mates, cannot-links and must-links among them. */
const constrainedSet = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 5 }),
    seed: fc.integer(),
    photos: fc.array(fc.nat(), { maxLength: 60 }),
    cannot: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }),
    must: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { maxLength: 4 }),
  })
  .map(({ sizes, seed, photos, cannot, must }) => {
    const faces = clusteredFaces(sizes, seed, 0.6);
    const n = faces.truth.length;
    // Few distinct photos, so photo-mates are common and often of the same true person.
    const photoIds = Int32Array.from({ length: n }, (_, i) => (photos[i] ?? i + 100) % Math.max(2, n >> 1));
    const set: FaceSet = {
      vectors: faces.vectors,
      dim: faces.dim,
      photoIds,
      cannotLink: cannot.map(([a, b]) => [a % n, b % n] as [number, number]).filter(([a, b]) => a !== b),
      mustLink: must.map((group) => group.map((i) => i % n)),
    };
    return set;
  });

/** Pairs that may not share a cluster: photo-mates and cannot-links not overruled by a must-link. */
function forbiddenPairs(set: FaceSet): Array<[number, number]> {
  const n = set.photoIds.length;
  const groups = buildGroups(set, n);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const g = groups.groupOf[i]!;
      const h = groups.groupOf[j]!;
      if (g !== h && groups.cannot.subarray(groups.cannotStart[g], groups.cannotStart[g + 1]).includes(h)) {
        pairs.push([i, j]);
      }
    }
  }
  return pairs;
}

describe('clusterFaces', () => {
  it('recovers well-separated clusters exactly', () => {
    const { vectors, dim, photoIds, truth } = clusteredFaces([12, 9, 7, 5, 3, 2], 5);
    const result = clusterFaces({ vectors, dim, photoIds }, { threshold: 0.6, k: 10, minSize: 1 });
    expect(result.count).toBe(6);
    expect(bcubed(result.labels, truth).f).toBe(1);
  });

  it('is deterministic for a seed and reports clusters below the minimum size as -1', () => {
    const { vectors, dim, photoIds } = clusteredFaces([10, 4, 1], 6);
    const set = { vectors, dim, photoIds };
    const first = clusterFaces(set, { threshold: 0.6, minSize: 5 });
    expect(first).toEqual(clusterFaces(set, { threshold: 0.6, minSize: 5 }));
    expect(first.count).toBe(1);
    expect(Array.from(first.labels.subarray(10))).toEqual(Array(5).fill(-1));
  });

  it('local scaling lowers similarities only in neighbourhoods denser than the reference density', () => {
    // Faces of one cluster lie ~0.35 apart (similarity ~0.94), so each face's density over 5 neighbours is
    // ~0.94; a threshold of 0.6 asks for a similarity of 0.82.
    const { vectors, dim, photoIds, truth } = clusteredFaces([12, 12], 8);
    const run = (referenceDensity: number) =>
      clusterFaces(
        { vectors, dim, photoIds },
        { threshold: 0.6, mergeThreshold: 0.6, localScaling: 5, referenceDensity, minSize: 1 },
      );
    // A reference above every density: nothing is lowered, both clusters come back whole.
    const typical = run(0.97);
    expect(typical.count).toBe(2);
    expect(bcubed(typical.labels, truth).f).toBe(1);
    // A reference far below: every pair loses ~0.14, below the threshold, so neither pass links anything.
    expect(run(0.8).count).toBe(24);
    expect(Math.min(...typical.density!)).toBeGreaterThan(0.9);
  });

  for (const [name, run] of Object.entries(algorithms)) {
    it(`${name}: never puts photo-mates or cannot-linked faces together, keeps must-links together`, () => {
      fc.assert(
        fc.property(constrainedSet, (set) => {
          const { labels } = run(set);
          for (const [i, j] of forbiddenPairs(set)) {
            if (labels[i]! >= 0) expect(labels[i]).not.toBe(labels[j]);
          }
          for (const group of set.mustLink ?? []) {
            for (const face of group) expect(labels[face]).toBe(labels[group[0]!]);
          }
        }),
        { numRuns: 80 },
      );
    });
  }
});

describe('splitViolations', () => {
  it('splits a cluster holding photo-mates into as few parts as needed, leaving clean clusters alone', () => {
    const { vectors, dim } = clusteredFaces([4, 3], 7);
    // Faces 0 and 1 share a photo, so their cluster must split; cluster 1 has no conflict.
    const set = { vectors, dim, photoIds: [1, 1, 2, 3, 4, 5, 6] };
    const labels = splitViolations(set, Int32Array.from([0, 0, 0, 0, 1, 1, 1]));
    expect(labels[0]).not.toBe(labels[1]);
    expect(new Set(labels.subarray(0, 4)).size).toBe(2);
    expect(Array.from(labels.subarray(4))).toEqual([1, 1, 1]);
  });
});
