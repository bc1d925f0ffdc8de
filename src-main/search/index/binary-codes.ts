import { dotRow, type RowHit } from './exact-search';
import { fitPca, projectRows, type Pca } from './pca';
import { TopK } from './top-k';

/** Compact codes: `bits` signs per row, packed into `words` 32-bit words. */
export interface BinaryCodes {
  bits: number;
  words: number;
  codes: Uint32Array;
}

/** How rows become codes: the leading PCA components, then a seeded random rotation, as one projection. */
export type CodeBasis = Pca;

/**
 * Fits the code basis: the top `bits` PCA directions (at most the dimension), rotated at random so that
 * every bit carries a similar share of the variance (PCA alone crowds it into the first bits and leaves the
 * last ones to noise; the "PCA-RR" baseline of iterative quantisation).
 */
export function fitCodeBasis(vectors: Float32Array, dim: number, bits: number, seed = 1): CodeBasis {
  if (bits % 32 !== 0 || bits > dim)
    throw new Error(`binaryCodes - bits must be a multiple of 32 up to ${dim}`);
  const pca = fitPca(vectors, dim, 1);
  const rotation = randomRotation(bits, seed);
  // Rotating the projected values is projecting on rotated components: one bits x dim matrix does both.
  const components = new Float32Array(bits * dim);
  for (let b = 0; b < bits; b++)
    for (let j = 0; j < bits; j++) {
      const weight = rotation[b * bits + j]!;
      for (let d = 0; d < dim; d++) components[b * dim + d]! += weight * pca.components[j * dim + d]!;
    }
  return { ...pca, count: bits, components, explained: pca.explained.slice(0, bits) };
}

/** The codes of rows under a basis. */
export function encodeRows(basis: CodeBasis, vectors: Float32Array): BinaryCodes {
  const bits = basis.count;
  const words = bits / 32;
  const projected = projectRows(basis, vectors);
  const rows = projected.length / bits;
  const codes = new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++)
    for (let b = 0; b < bits; b++)
      if (projected[r * bits + b]! > 0) codes[r * words + (b >> 5)]! |= 1 << (b & 31);
  return { bits, words, codes };
}

/** Set bits of a 32-bit word (the SWAR popcount: JavaScript has no popcount instruction). */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Rows of `codes` nearest to `query` in Hamming distance: the first `budget` of them (ties in row order). */
export function hammingCandidates(codes: BinaryCodes, query: Uint32Array, budget: number): Int32Array {
  const { words, bits } = codes;
  const rows = codes.codes.length / words;
  const distances = new Uint16Array(rows);
  const histogram = new Int32Array(bits + 2);
  for (let r = 0; r < rows; r++) {
    let distance = 0;
    for (let w = 0; w < words; w++) distance += popcount((codes.codes[r * words + w]! ^ query[w]!) >>> 0);
    distances[r] = distance;
    histogram[distance]!++;
  }
  // Counting selection: the cut-off distance under which `budget` rows fall, then one pass to collect.
  let cut = 0;
  for (let seen = 0; cut <= bits && seen + histogram[cut]! < budget; cut++) seen += histogram[cut]!;
  const out: number[] = [];
  for (let r = 0; r < rows && out.length < budget; r++) if (distances[r]! < cut) out.push(r);
  for (let r = 0; r < rows && out.length < budget; r++) if (distances[r] === cut) out.push(r);
  return Int32Array.from(out);
}

/** The `k` best of `candidates` by the exact dot product with the query (the re-ranking pass). */
export function rerank(
  vectors: Float32Array,
  dim: number,
  query: Float32Array,
  candidates: Int32Array,
  k: number,
): RowHit[] {
  const top = new TopK(k);
  for (const row of candidates) top.push(row, dotRow(vectors, row, query, dim));
  return top.sorted().map(({ item, score }) => ({ row: item, dot: score }));
}

/** A seeded random orthogonal matrix (Gram-Schmidt on Gaussian rows; a 32-bit xorshift is enough here). */
function randomRotation(n: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4294967296;
  };
  const m = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++)
    m[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let d = 0; d < n; d++) dot += m[i * n + d]! * m[j * n + d]!;
      for (let d = 0; d < n; d++) m[i * n + d]! -= dot * m[j * n + d]!;
    }
    let norm = 0;
    for (let d = 0; d < n; d++) norm += m[i * n + d]! ** 2;
    norm = Math.sqrt(norm);
    for (let d = 0; d < n; d++) m[i * n + d]! /= norm;
  }
  return Float32Array.from(m);
}
