import { describe, expect, it } from 'vitest';
import { pca } from '../../../src-main/projection/pca';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { gaussian } from './generated';

/** Sylvester's Hadamard matrix of order 2^p: orthogonal ±1 columns; all but the first sum to zero. */
function hadamard(p: number): number[][] {
  let h = [[1]];
  for (let s = 0; s < p; s++)
    h = [...h.map((row) => [...row, ...row]), ...h.map((row) => [...row, ...row.map((v) => -v)])];
  return h;
}

/** `m` orthonormal vectors of `d` values (Gram-Schmidt on seeded random ones). */
function orthonormal(m: number, d: number, seed: number): number[][] {
  const next = seededRandom(seed);
  const basis: number[][] = [];
  while (basis.length < m) {
    const v = Array.from({ length: d }, () => gaussian(next));
    for (const b of basis) {
      const dot = v.reduce((s, x, t) => s + x * b[t]!, 0);
      b.forEach((x, t) => (v[t]! -= dot * x));
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/**
 * Data built on a known decomposition: 16 points whose coordinates along 4 orthonormal axes are Hadamard
 * columns (zero mean, orthogonal) scaled by known standard deviations, plus an offset. Its sample
 * covariance is exactly sum_k sigma_k² 16/15 q_k q_kᵀ, so PCA must return these axes and variances.
 */
function knownData() {
  const n = 16;
  const d = 7;
  const sigmas = [5, 3, 2, 0.5];
  const axes = orthonormal(sigmas.length, d, 11);
  const columns = hadamard(4).map((row) => row.slice(1, 1 + sigmas.length));
  const offset = Array.from({ length: d }, (_, t) => t - 3);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < d; t++)
      data[i * d + t] =
        offset[t]! + sigmas.reduce((s, sigma, k) => s + sigma * columns[i]![k]! * axes[k]![t]!, 0);
  return { n, d, sigmas, axes, columns, data };
}

describe('pca', () => {
  it('recovers the known axes, variances and explained ratios, with a fixed sign', () => {
    const { n, d, sigmas, axes, columns, data } = knownData();
    const result = pca(data, n, d, 3);
    expect(result.dims).toBe(3);
    const total = sigmas.reduce((s, x) => s + x * x, 0);
    for (let c = 0; c < 3; c++) {
      const component = Array.from(result.components.subarray(c * d, (c + 1) * d));
      const dot = component.reduce((s, x, t) => s + x * axes[c]![t]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 5);
      // The sign rule: the largest-magnitude entry is positive.
      const largest = component.reduce(
        (best, x, t) => (Math.abs(x) > Math.abs(component[best]!) ? t : best),
        0,
      );
      expect(component[largest]).toBeGreaterThan(0);
      expect(result.variances[c]).toBeCloseTo((sigmas[c]! ** 2 * n) / (n - 1), 4);
      expect(result.explained[c]).toBeCloseTo(sigmas[c]! ** 2 / total, 5);
      // Each point's coordinate is its (signed) Hadamard entry times the axis' deviation.
      for (let i = 0; i < n; i++)
        expect(result.coords[i * 3 + c]).toBeCloseTo(Math.sign(dot) * sigmas[c]! * columns[i]![c]!, 4);
    }
  });

  it('fixes each axis by the sign rule, not by the data: negated data gives the same axes', () => {
    const { n, d, data } = knownData();
    const negated = data.map((v) => -v);
    const a = pca(data, n, d, 2);
    const b = pca(negated, n, d, 2);
    // The same axes, sign-fixed; the points land mirrored because the data is.
    a.components.forEach((v, i) => expect(b.components[i]).toBeCloseTo(v, 6));
    for (let i = 0; i < n * 2; i++) expect(b.coords[i]).toBeCloseTo(-a.coords[i]!, 4);
  });

  it('keeps at most d components', () => {
    const data = Float32Array.from([0, 1, 1, 0, 2, 2]);
    const result = pca(data, 3, 2, 50);
    expect(result.dims).toBe(2);
    expect(result.coords).toHaveLength(6);
  });
});
