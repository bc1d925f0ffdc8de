import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterFaces } from '../../../src-main/people/clustering/cluster-faces';
import { assignIncremental } from '../../../src-main/people/clustering/incremental';
import { clusteredFaces } from './clustered-vectors';

const params = { threshold: 0.6, k: 10, minSize: 2 };

/** Clusters 0..4 of 6 faces each plus one lone face, clustered; then the held-back faces of `extra`. */
function scenario(seed: number) {
  const all = clusteredFaces([8, 8, 8, 8, 8, 1, 3], seed);
  const dim = all.dim;
  const existingIndex = [...Array(41).keys()].filter((i) => i % 8 < 6 || i === 40);
  const addedIndex = [6, 7, 14, 15, 22, 23, 30, 31, 38, 39, 41, 42, 43];
  const pick = (indices: number[]) => {
    const vectors = new Float32Array(indices.length * dim);
    indices.forEach((i, at) => vectors.set(all.vectors.subarray(i * dim, (i + 1) * dim), at * dim));
    return {
      vectors,
      photoIds: Int32Array.from(indices),
      truth: Int32Array.from(indices, (i) => all.truth[i]!),
    };
  };
  const existing = pick(existingIndex);
  const added = pick(addedIndex);
  const clustered = clusterFaces({ vectors: existing.vectors, dim, photoIds: existing.photoIds }, params);
  return { dim, existing: { ...existing, labels: clustered.labels }, added };
}

describe('assignIncremental', () => {
  it('puts each new face in the cluster of its person, and new people in new clusters', () => {
    const { dim, existing, added } = scenario(11);
    const labelOf = (person: number): number => existing.labels[existing.truth.indexOf(person)]!;
    const result = assignIncremental(existing, added, dim, params);
    for (let i = 0; i < 10; i++) expect(result.labels[i]).toBe(labelOf(added.truth[i]!));
    // The three faces of person 6 form a new cluster past the existing labels.
    const fresh = result.labels[10]!;
    expect(fresh).toBeGreaterThan(Math.max(...existing.labels));
    expect(Array.from(result.labels.subarray(10))).toEqual([fresh, fresh, fresh]);
    // The existing lone face (person 5) is still alone, so still unclustered.
    expect(result.existingLabels).toEqual(existing.labels);
  });

  it('never joins a face to the cluster of a photo-mate or of a face it was rejected from', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 9 }), fc.boolean(), (seed, which, byPhoto) => {
        const { dim, existing, added } = scenario(seed);
        const person = added.truth[which]!;
        const mate = existing.truth.indexOf(person);
        const photoIds = Int32Array.from(added.photoIds);
        if (byPhoto) photoIds[which] = existing.photoIds[mate]!;
        const cannotLink: Array<[number, number]> = byPhoto ? [] : [[which, mate]];
        const result = assignIncremental(existing, { ...added, photoIds, cannotLink }, dim, params);
        expect(result.labels[which]).not.toBe(existing.labels[mate]);
      }),
      { numRuns: 30 },
    );
  });

  it('lets new faces form a cluster with an unclustered existing face', () => {
    const all = clusteredFaces([6, 2], 12);
    const dim = all.dim;
    const existing = {
      vectors: all.vectors.slice(0, 7 * dim),
      photoIds: [0, 1, 2, 3, 4, 5, 6],
      labels: Int32Array.from([0, 0, 0, 0, 0, 0, -1]),
    };
    const result = assignIncremental(
      existing,
      { vectors: all.vectors.slice(7 * dim), photoIds: [7] },
      dim,
      params,
    );
    expect(result.labels[0]).toBe(1);
    expect(result.existingLabels[6]).toBe(1);
  });

  it('with local scaling, places faces the same with stored or recomputed densities', () => {
    const { dim, existing, added } = scenario(13);
    const scaled = { ...params, localScaling: 5 };
    const clustered = clusterFaces({ vectors: existing.vectors, dim, photoIds: existing.photoIds }, scaled);
    const withDensity = { ...existing, labels: clustered.labels, density: clustered.density };
    const stored = assignIncremental(withDensity, added, dim, scaled);
    const recomputed = assignIncremental({ ...withDensity, density: undefined }, added, dim, scaled);
    expect(stored.labels).toEqual(recomputed.labels);
    expect(stored.density).toHaveLength(added.truth.length);
    const labelOf = (person: number): number => clustered.labels[existing.truth.indexOf(person)]!;
    for (let i = 0; i < 10; i++) expect(stored.labels[i]).toBe(labelOf(added.truth[i]!));
  });
});
