/**
 * The starting map of t-SNE: PCA initialisation (Kobak & Linderman 2021, "Initialization is critical for
 * preserving global data structure"), the default of scikit-learn and openTSNE. The caller hands t-SNE
 * data already reduced by PCA, so its first `dims` columns are the leading principal components.
 */
import { seededRandom } from '../../util/seeded-random';

/** Standard deviation of the first axis of the start map (as openTSNE and scikit-learn scale it). */
export const initialScale = 1e-4;
/**
 * Seeded jitter, relative to `initialScale`: it makes the seed matter and pulls exact duplicates (the same
 * photo imported twice) apart, which would otherwise share every gradient and never separate.
 */
const jitter = 1e-2;

/**
 * The first `dims` columns of `data`, centred and scaled together so the first has standard deviation
 * 1e-4, plus a little seeded Gaussian noise. Columns the data lacks (d < dims), or a first column with no
 * spread at all, fall back to seeded Gaussian noise of that scale.
 */
export function initialMap(
  data: Float32Array,
  n: number,
  d: number,
  dims: number,
  seed: number,
): Float64Array {
  const gaussian = gaussianSource(seededRandom(seed));
  const y = new Float64Array(n * dims);
  const columns = Math.min(dims, d);
  const means = new Float64Array(columns);
  for (let i = 0; i < n; i++) for (let c = 0; c < columns; c++) means[c] = means[c]! + data[i * d + c]!;
  for (let c = 0; c < columns; c++) means[c] = means[c]! / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (data[i * d]! - (means[0] ?? 0)) ** 2;
  const std = Math.sqrt(variance / n);
  const scale = columns > 0 && std > 0 ? initialScale / std : 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dims; c++) {
      const noise = gaussian() * initialScale;
      y[i * dims + c] =
        scale > 0 && c < columns ? (data[i * d + c]! - means[c]!) * scale + noise * jitter : noise;
    }
  }
  return y;
}

/** Standard normal numbers from a uniform source (Box-Muller, both outputs used). */
function gaussianSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
