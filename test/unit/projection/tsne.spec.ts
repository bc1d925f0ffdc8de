import { describe, expect, it } from 'vitest';
import { conditionalAffinities, symmetrise } from '../../../src-main/projection/tsne/affinities';
import { repulsiveForces } from '../../../src-main/projection/tsne/repulsion';
import { neighbourhood, runTsne } from '../../../src-main/projection/tsne/index';
import { nearestNeighbours } from '../../../src-main/projection/tsne/nearest-neighbours';
import { SpaceTree } from '../../../src-main/projection/tsne/space-tree';
import { seededRandom } from '../../../src-main/util/seeded-random';

function gaussianSource(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `clusters` Gaussian blobs of `perCluster` points in `d` dims, centres about `spread` apart. */
function blobs(clusters: number, perCluster: number, d: number, spread: number, seed: number) {
  const gaussian = gaussianSource(seed);
  const n = clusters * perCluster;
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let cluster = 0; cluster < clusters; cluster++) {
    const centre = Array.from({ length: d }, () => gaussian() * spread);
    for (let p = 0; p < perCluster; p++) {
      const i = cluster * perCluster + p;
      labels[i] = cluster;
      for (let c = 0; c < d; c++) data[i * d + c] = centre[c]! + gaussian();
    }
  }
  return { data, labels, n };
}

/** array[index] += value, for typed arrays under noUncheckedIndexedAccess. */
function add(array: Float64Array, index: number, value: number): void {
  array[index] = array[index]! + value;
}

/** Share of points whose nearest cluster centroid in the map is their own cluster's. */
function ownCentroidShare(map: Float32Array, labels: Int32Array, clusters: number, dims: number): number {
  const centroids = new Float64Array(clusters * dims);
  const counts = new Float64Array(clusters);
  labels.forEach((label, i) => {
    add(counts, label, 1);
    for (let c = 0; c < dims; c++) add(centroids, label * dims + c, map[i * dims + c]!);
  });
  for (let k = 0; k < clusters; k++)
    for (let c = 0; c < dims; c++) centroids[k * dims + c] = centroids[k * dims + c]! / counts[k]!;
  let own = 0;
  labels.forEach((label, i) => {
    let best = -1;
    let bestDistance = Infinity;
    for (let k = 0; k < clusters; k++) {
      let distance = 0;
      for (let c = 0; c < dims; c++) distance += (map[i * dims + c]! - centroids[k * dims + c]!) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    }
    if (best === label) own++;
  });
  return own / labels.length;
}

/** The exact O(n^2) unnormalised repulsive forces and normaliser Z. */
function exactRepulsion(y: Float64Array, n: number, dims: number) {
  const force = new Float64Array(n * dims);
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let distance2 = 0;
      for (let c = 0; c < dims; c++) distance2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
      const q = 1 / (1 + distance2);
      z += q;
      for (let c = 0; c < dims; c++) add(force, i * dims + c, q * q * (y[i * dims + c]! - y[j * dims + c]!));
    }
  }
  return { force, z };
}

/** Norm of the difference over norm of the reference. */
function relativeError(actual: Float64Array, expected: Float64Array): number {
  let difference = 0;
  let norm = 0;
  expected.forEach((value, e) => {
    difference += (actual[e]! - value) ** 2;
    norm += value ** 2;
  });
  return Math.sqrt(difference / norm);
}

describe('runTsne', () => {
  it.each([2, 3] as const)('keeps well-separated clusters apart in %iD', (dims) => {
    const { data, labels, n } = blobs(3, 60, 50, 3, 11);
    const map = runTsne(data, n, 50, { dims, perplexity: 20, seed: 5, iterations: 500 });
    expect(map).toHaveLength(n * dims);
    expect(map.every(Number.isFinite)).toBe(true);
    expect(ownCentroidShare(map, labels, 3, dims)).toBe(1);
  });

  it('gives the same map for the same seed and another map for another seed', () => {
    const { data, n } = blobs(4, 30, 20, 3, 3);
    const options = { dims: 2, perplexity: 10, iterations: 200 } as const;
    const first = runTsne(data, n, 20, { ...options, seed: 1 });
    const again = runTsne(data, n, 20, { ...options, seed: 1 });
    const other = runTsne(data, n, 20, { ...options, seed: 2 });
    expect(Array.from(again)).toEqual(Array.from(first));
    const extent = Math.max(...first.map(Math.abs));
    const largestMove = Math.max(...first.map((value, e) => Math.abs(value - other[e]!)));
    expect(largestMove).toBeGreaterThan(1e-3 * extent);
  });

  it('throws AbortError when the signal is aborted, before or during the run', () => {
    const { data, n } = blobs(2, 40, 10, 3, 4);
    const aborted = new AbortController();
    aborted.abort();
    const run = (signal: AbortSignal, onProgress?: (done: number) => void) => () =>
      runTsne(data, n, 10, { dims: 2, perplexity: 10, seed: 1, signal, onProgress });
    expect(run(aborted.signal)).toThrow(
      expect.objectContaining({ name: 'AbortError', message: 'cancelled' }),
    );

    const during = new AbortController();
    const seen: number[] = [];
    const onProgress = (done: number) => {
      seen.push(done);
      if (done === 30) during.abort();
    };
    expect(run(during.signal, onProgress)).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(seen).toEqual([10, 20, 30]);
  });

  it('reports progress every 10 iterations up to the total', () => {
    const { data, n } = blobs(2, 20, 5, 3, 6);
    const calls: [number, number][] = [];
    runTsne(data, n, 5, {
      dims: 3,
      perplexity: 5,
      seed: 1,
      iterations: 35,
      onProgress: (...call) => calls.push(call),
    });
    expect(calls).toEqual([
      [10, 35],
      [20, 35],
      [30, 35],
      [35, 35],
    ]);
  });

  it.each([0, 1, 2, 3, 10, 40])('does not crash on %i points with perplexity 30', (n) => {
    const { data } = blobs(1, n, 8, 1, 9);
    for (const dims of [2, 3] as const) {
      const map = runTsne(data, n, 8, { dims, perplexity: 30, seed: 1, iterations: 100 });
      expect(map).toHaveLength(n * dims);
      expect(map.every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects malformed input', () => {
    expect(() => runTsne(new Float32Array(5), 3, 2, { dims: 2, perplexity: 5, seed: 1 })).toThrow(RangeError);
    expect(() => runTsne(new Float32Array(6), 3, 2, { dims: 2, perplexity: 0, seed: 1 })).toThrow(RangeError);
  });
});

describe('t-SNE affinities', () => {
  it('lowers the perplexity to (n - 1) / 3, at least 1, and takes 3 perplexity neighbours', () => {
    expect(neighbourhood(30, 5000)).toEqual({ perplexity: 30, k: 90 });
    expect(neighbourhood(30, 10)).toEqual({ perplexity: 3, k: 9 });
    expect(neighbourhood(30, 2)).toEqual({ perplexity: 1, k: 1 });
    expect(neighbourhood(0.2, 100)).toEqual({ perplexity: 1, k: 3 });
  });

  it('finds the exact nearest neighbours, nearest first', () => {
    const { data, n } = blobs(3, 30, 6, 2, 12);
    const neighbours = nearestNeighbours(data, n, 6, 7);
    for (const i of [0, 41, 89]) {
      const distances = Array.from({ length: n }, (_, j) => {
        let sum = 0;
        for (let c = 0; c < 6; c++) sum += (data[i * 6 + c]! - data[j * 6 + c]!) ** 2;
        return { j, sum };
      }).filter(({ j }) => j !== i);
      distances.sort((a, b) => a.sum - b.sum || a.j - b.j);
      expect(Array.from(neighbours.indices.subarray(i * 7, i * 7 + 7))).toEqual(
        distances.slice(0, 7).map((x) => x.j),
      );
    }
  });

  it.each([5, 30])('calibrates every row to the entropy log(%i)', (perplexity) => {
    const { data, n } = blobs(5, 40, 50, 2, 13);
    const { k } = neighbourhood(perplexity, n);
    const neighbours = nearestNeighbours(data, n, 50, k);
    const rows = conditionalAffinities(neighbours, n, perplexity);
    for (let i = 0; i < n; i++) {
      const row = rows.subarray(i * k, (i + 1) * k);
      const entropy = -row.reduce((sum, p) => (p > 0 ? sum + p * Math.log(p) : sum), 0);
      expect(Math.abs(entropy - Math.log(perplexity))).toBeLessThan(1e-3);
      expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    }
  });

  it('symmetrises into a sparse joint distribution that sums to 1', () => {
    const { data, n } = blobs(3, 20, 10, 2, 14);
    const neighbours = nearestNeighbours(data, n, 10, 12);
    const conditional = conditionalAffinities(neighbours, n, 4);
    const p = symmetrise(neighbours, conditional, n);
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let e = p.rowStart[i]!; e < p.rowStart[i + 1]!; e++)
        add(dense, i * n + p.columns[e]!, p.values[e]!);
    }
    expect(dense.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < n; i++) {
      expect(dense[i * n + i]).toBe(0);
      for (let j = 0; j < i; j++) expect(dense[i * n + j]).toBeCloseTo(dense[j * n + i]!, 15);
    }
    // Each entry is (p(j|i) + p(i|j)) / 2n: check one neighbour pair directly.
    const j = neighbours.indices[0]!;
    const back = Array.from(neighbours.indices.subarray(j * 12, j * 12 + 12)).indexOf(0);
    const expected = (conditional[0]! + (back >= 0 ? conditional[j * 12 + back]! : 0)) / (2 * n);
    expect(dense[j]).toBeCloseTo(expected, 15);
  });
});

/** The tree's repulsion of every point, rebuilt over `y`; returns Z. */
function treeRepulsion(
  tree: SpaceTree,
  y: Float64Array,
  n: number,
  theta: number,
  force: Float64Array,
): number {
  tree.build(y, n);
  force.fill(0);
  let z = 0;
  for (let i = 0; i < n; i++) z += tree.repulsion(i, theta, force);
  return z;
}

function gaussianMap(n: number, dims: number, scale: number, seed: number): Float64Array {
  const gaussian = gaussianSource(seed);
  return Float64Array.from({ length: n * dims }, () => gaussian() * scale);
}

describe('Barnes-Hut repulsion', () => {
  it.each([2, 3] as const)('is exact with theta 0 and within a few percent with theta 0.5 (%iD)', (dims) => {
    const n = 300;
    const y = gaussianMap(n, dims, 10, dims);
    // Duplicates and near-duplicates: they share the deepest leaves.
    y.copyWithin(0, dims, 2 * dims);
    y[2 * dims] = y[dims]! + 1e-14;
    const exact = exactRepulsion(y, n, dims);
    const tree = new SpaceTree(dims, n);
    const force = new Float64Array(n * dims);
    const exactZ = treeRepulsion(tree, y, n, 0, force);
    expect(Math.abs(exactZ - exact.z) / exact.z).toBeLessThan(1e-12);
    expect(relativeError(force, exact.force)).toBeLessThan(1e-6);

    const approximateZ = treeRepulsion(tree, y, n, 0.5, force);
    expect(Math.abs(approximateZ - exact.z) / exact.z).toBeLessThan(0.02);
    expect(relativeError(force, exact.force)).toBeLessThan(0.05);
  });

  it('reuses its node pool across rebuilds of a growing map, at any scale', () => {
    const dims = 2;
    const n = 200;
    const tree = new SpaceTree(dims, n);
    const force = new Float64Array(n * dims);
    for (const scale of [1e-30, 1e-4, 1, 50]) {
      const y = gaussianMap(n, dims, scale, 21);
      treeRepulsion(tree, y, n, 0, force);
      expect(relativeError(force, exactRepulsion(y, n, dims).force)).toBeLessThan(1e-6);
    }
  });

  it.each([2, 3] as const)(
    'walks the tree for a spread map, uses the closed form for a tiny one (%iD)',
    (dims) => {
      const n = 300;
      const force = new Float64Array(n * dims);
      const walked = new Float64Array(n * dims);
      const tree = new SpaceTree(dims, n);
      const spread = gaussianMap(n, dims, 10, 31);
      const z = repulsiveForces(tree, spread, n, 0.5, force);
      expect(z).toBe(treeRepulsion(tree, spread, n, 0.5, walked));
      expect(Array.from(force)).toEqual(Array.from(walked));

      for (const [scale, tolerance] of [
        [1e-4, 1e-6],
        [1e-3, 1e-3],
      ] as const) {
        const tiny = gaussianMap(n, dims, scale, 32);
        const exact = exactRepulsion(tiny, n, dims);
        const tinyZ = repulsiveForces(tree, tiny, n, 0.5, force);
        expect(Math.abs(tinyZ - exact.z) / exact.z).toBeLessThan(tolerance);
        expect(relativeError(force, exact.force)).toBeLessThan(tolerance);
      }
    },
  );
});
