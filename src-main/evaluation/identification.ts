/** Rank-1 identification: how often a face's nearest other labeled face is the same person. */
export interface Identification {
  /** Fraction of probes whose nearest neighbour is the same person (0 when there are no probes). */
  rank1: number;
  /** Faces whose person has another labeled face (the only ones that can be identified). */
  probes: number;
}

/** Probes at most: beyond it every k-th eligible face (the search is quadratic in faces). */
const defaultMaxProbes = 3000;

/**
 * Leave-one-out rank-1 identification over labeled faces (rows of unit vectors): each face whose person has
 * at least one other face is a probe against all the other faces as the gallery (evenly spaced probes
 * when there are more than `maxProbes`, the gallery always whole).
 */
export function rankOneIdentification(
  vectors: Float32Array,
  dim: number,
  identities: ArrayLike<number>,
  maxProbes = defaultMaxProbes,
): Identification {
  const n = identities.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(identities[i]!, (counts.get(identities[i]!) ?? 0) + 1);
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (counts.get(identities[i]!)! >= 2) eligible.push(i);
  const probes = Math.min(eligible.length, maxProbes);
  let hits = 0;
  for (let p = 0; p < probes; p++) {
    const i = eligible[Math.floor((p * eligible.length) / probes)]!;
    let best = -1;
    let bestDot = -Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += vectors[i * dim + d]! * vectors[j * dim + d]!;
      if (dot > bestDot) [best, bestDot] = [j, dot];
    }
    if (identities[best] === identities[i]) hits++;
  }
  return { rank1: probes === 0 ? 0 : hits / probes, probes };
}
