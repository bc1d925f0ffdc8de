/** A PCA basis fitted on a catalog's vectors: the mean and the leading components, strongest first. */
export interface Pca {
  dim: number;
  mean: Float32Array;
  /** `count` rows of `dim` values: unit, orthogonal directions of decreasing variance. */
  components: Float32Array;
  count: number;
  /** Share of the total variance each kept component explains. */
  explained: Float32Array;
}

/**
 * Fits PCA on row vectors and keeps the fewest components that explain `variance` of the total (0..1].
 * The covariance is taken over at most `sampleLimit` evenly spaced rows (a million faces need not all be
 * read to find 128 directions) and diagonalised with cyclic Jacobi rotations, exact for a 128x128 matrix.
 */
export function fitPca(vectors: Float32Array, dim: number, variance = 0.95, sampleLimit = 20_000): Pca {
  const rows = vectors.length / dim;
  const step = Math.max(1, Math.floor(rows / sampleLimit));
  const sampled = Math.ceil(rows / step);
  const mean = new Float64Array(dim);
  for (let r = 0; r < rows; r += step)
    for (let d = 0; d < dim; d++) mean[d]! += vectors[r * dim + d]! / sampled;
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let r = 0; r < rows; r += step) {
    for (let d = 0; d < dim; d++) centred[d] = vectors[r * dim + d]! - mean[d]!;
    for (let i = 0; i < dim; i++) {
      const ci = centred[i]!;
      for (let j = i; j < dim; j++) cov[i * dim + j]! += ci * centred[j]!;
    }
  }
  for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) cov[j * dim + i] = cov[i * dim + j]! /= sampled;
  const { values, vectors: eigen } = jacobiEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const total = values.reduce((sum, v) => sum + Math.max(0, v), 0) || 1;
  let count = 0;
  for (let kept = 0; count < dim && kept < variance * total - 1e-12; count++)
    kept += Math.max(0, values[order[count]!]!);
  count = Math.max(1, count);
  const components = new Float32Array(count * dim);
  order.slice(0, count).forEach((col, c) => {
    for (let d = 0; d < dim; d++) components[c * dim + d] = eigen[d * dim + col]!;
  });
  const explained = Float32Array.from(order.slice(0, count), (col) => Math.max(0, values[col]!) / total);
  return { dim, mean: Float32Array.from(mean), components, count, explained };
}

/** Rows projected onto the basis: `count` values per row (Euclidean distances are kept up to what is cut). */
export function projectRows(pca: Pca, vectors: Float32Array): Float32Array {
  const { dim, count, mean, components } = pca;
  const rows = vectors.length / dim;
  const out = new Float32Array(rows * count);
  const centred = new Float32Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dim; d++) centred[d] = vectors[r * dim + d]! - mean[d]!;
    for (let c = 0; c < count; c++) {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += components[c * dim + d]! * centred[d]!;
      out[r * count + c] = sum;
    }
  }
  return out;
}

/** Eigenvalues and eigenvectors (columns of a row-major matrix) of a symmetric matrix. */
function jacobiEigen(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}
