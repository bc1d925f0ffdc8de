import { seededRandom } from '../util/seeded-random';
import type { ScoredPair } from './scored-pair';

/** Folds of the cross-validated accuracy, as LFW's protocol uses. */
const folds = 10;
/** All pairs up to this many; beyond it every same pair (up to the cap) and a sample of different ones. */
const maxPairs = 200_000;
/** Different-person pairs per same-person pair when sampling. */
const differentPerSame = 20;

/**
 * Verification pairs of labeled faces (rows of unit vectors, `dim` long): every pair when they are few,
 * else every same-person pair and a seeded sample of different-person pairs; each pair gets a fold
 * (round robin over a seeded shuffle) for the cross-validated accuracy. Distance: Euclidean between unit
 * vectors, sqrt(2 - 2 cos), as clustering and search use.
 */
export function labelPairs(
  vectors: Float32Array,
  dim: number,
  identities: ArrayLike<number>,
  seed: number,
): ScoredPair[] {
  const n = identities.length;
  const random = seededRandom(seed);
  const distance = (i: number, j: number): number => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += vectors[i * dim + d]! * vectors[j * dim + d]!;
    return Math.sqrt(Math.max(0, 2 - 2 * dot));
  };
  const pairs: ScoredPair[] = [];
  if ((n * (n - 1)) / 2 <= maxPairs) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        pairs.push({ distance: distance(i, j), same: identities[i] === identities[j] });
      }
    }
  } else {
    const byIdentity = new Map<number, number[]>();
    for (let i = 0; i < n; i++)
      byIdentity.set(identities[i]!, [...(byIdentity.get(identities[i]!) ?? []), i]);
    for (const members of byIdentity.values()) {
      for (let a = 0; a < members.length && pairs.length < maxPairs / 2; a++) {
        for (let b = a + 1; b < members.length; b++) {
          pairs.push({ distance: distance(members[a]!, members[b]!), same: true });
        }
      }
    }
    const wanted = Math.min(maxPairs, pairs.length * differentPerSame);
    for (let tries = 0, added = 0; added < wanted && tries < wanted * 5; tries++) {
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      if (identities[i] === identities[j]) continue;
      pairs.push({ distance: distance(i, j), same: false });
      added++;
    }
  }
  const order = pairs.map((_, k) => k);
  for (let k = order.length - 1; k > 0; k--) {
    const swap = Math.floor(random() * (k + 1));
    [order[k], order[swap]] = [order[swap]!, order[k]!];
  }
  order.forEach((pairIndex, k) => {
    pairs[pairIndex]!.fold = k % folds;
  });
  return pairs;
}
