import { describe, expect, it } from 'vitest';
import { projectVectors } from '../../../src-main/projection/project';
import type { ProjectionParams } from '../../../src-main/projection/projection-types';
import { clusteredRows, separated } from './generated';

/**
 * Two well-separated generated clusters of 128-d unit vectors (as two people's faces) stay separated in
 * every method's map, 2D and 3D; and the same seed gives the same map.
 */
describe('projections of two clusters', () => {
  const { data, n, truth } = clusteredRows(2, 60, 128, 5);
  const project = (params: ProjectionParams) => projectVectors({ params, vectors: data.slice(), n, d: 128 });

  for (const params of [
    { method: 'pca', dims: 2, seed: 1 },
    { method: 'pca', dims: 3, seed: 1 },
    { method: 'umap', dims: 2, seed: 1, neighbors: 15, minDist: 0.1 },
    { method: 'umap', dims: 3, seed: 1, neighbors: 15, minDist: 0.1 },
    { method: 'tsne', dims: 2, seed: 1, perplexity: 30 },
    { method: 'tsne', dims: 3, seed: 1, perplexity: 30 },
  ] satisfies ProjectionParams[]) {
    it(`${params.method} ${params.dims}D keeps them apart, within [-1, 1]`, () => {
      const result = project(params);
      expect(result.coords).toHaveLength(n * params.dims);
      expect(separated(result.coords, params.dims, truth)).toBe(true);
      const extreme = Math.max(...result.coords.map(Math.abs));
      expect(extreme).toBeCloseTo(1, 5);
      expect(result.explained.length).toBe(params.method === 'pca' ? params.dims : 50);
    });
  }

  it('has a check that fails for a map that mixes them (so the tests above can fail)', () => {
    const mixed = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 12.9898) % 1);
    expect(separated(mixed, 2, truth)).toBe(false);
  });

  it('gives the same map for the same seed, another for another seed (umap)', () => {
    const params = { method: 'umap', dims: 2, seed: 3, neighbors: 10, minDist: 0.1 } as const;
    const a = project(params).coords;
    expect(Array.from(project(params).coords)).toEqual(Array.from(a));
    expect(Array.from(project({ ...params, seed: 4 }).coords)).not.toEqual(Array.from(a));
  });

  it('gives the same map for the same seed (tsne)', () => {
    const params = { method: 'tsne', dims: 2, seed: 3, perplexity: 10 } as const;
    expect(Array.from(project(params).coords)).toEqual(Array.from(project(params).coords));
  });

  it('shows PCA, and says so, for a face set too small for a layout', () => {
    const result = projectVectors({
      params: { method: 'umap', dims: 2, seed: 1 },
      vectors: data.slice(0, 3 * 128),
      n: 3,
      d: 128,
    });
    expect(result.note).toMatch(/too few/);
    expect(result.coords).toHaveLength(6);
  });

  it('stops with an AbortError when cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() =>
      projectVectors(
        { params: { method: 'umap', dims: 2, seed: 1 }, vectors: data.slice(), n, d: 128 },
        controller.signal,
      ),
    ).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
