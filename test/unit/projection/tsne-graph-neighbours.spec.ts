import { describe, expect, it } from 'vitest';
import { graphNeighbours, useGraphNeighbours } from '../../../src-main/projection/tsne/graph-neighbours';
import { nearestNeighbours } from '../../../src-main/projection/tsne/nearest-neighbours';
import { clusteredRows } from './generated';

describe("t-SNE's neighbours from the approximate graph (10k points and more)", () => {
  it('is used from 10k points only', () => {
    expect(useGraphNeighbours(9_999)).toBe(false);
    expect(useGraphNeighbours(10_000)).toBe(true);
  });

  it('finds the exact neighbours (recall) in the exact layout: squared distances, no self, k per row', () => {
    const d = 50;
    const { data, n } = clusteredRows(20, 30, d, 5, 0.2);
    const k = 15;
    const exact = nearestNeighbours(data, n, d, k);
    const graph = graphNeighbours(data, n, d, k, {});
    expect(graph.k).toBe(k);
    expect(graph.indices).toHaveLength(n * k);
    let found = 0;
    for (let i = 0; i < n; i++) {
      const truth = new Set(exact.indices.subarray(i * k, (i + 1) * k));
      for (let r = 0; r < k; r++) {
        const j = graph.indices[i * k + r]!;
        expect(j).not.toBe(i);
        if (truth.has(j)) {
          found++;
          const at = exact.indices.subarray(i * k, (i + 1) * k).indexOf(j);
          expect(graph.distances[i * k + r]).toBeCloseTo(exact.distances[i * k + at]!, 3);
        }
      }
    }
    expect(found / (n * k)).toBeGreaterThan(0.95);
  });
});
