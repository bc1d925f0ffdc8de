import { describe, expect, it } from 'vitest';
import { FaceGraph } from '../../../src-main/search/index/graph';
import { clusteredVectors } from './clustered-vectors';

const dim = 128;

describe('FaceGraph (usearch HNSW)', () => {
  it('finds every face by its own vector (no face left unreachable by the build)', () => {
    // Built in batches, as the index builds in the background. On two threads usearch left 1-10 faces of
    // such a set unreachable in most builds.
    const count = 5000;
    const vectors = clusteredVectors({ count, seed: 11 });
    const ids = Int32Array.from({ length: count }, (_, i) => i + 1);
    const graph = FaceGraph.create(dim);
    for (let from = 0; from < count; from += 1000) graph.add(ids, vectors, dim, from, from + 1000);
    const lost: number[] = [];
    for (let i = 0; i < count; i++) {
      const found = graph.search(vectors.subarray(i * dim, (i + 1) * dim), 1);
      if (found.faceIds[0] !== i + 1) lost.push(i + 1);
    }
    expect(lost).toEqual([]);
  });
});
