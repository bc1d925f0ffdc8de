import type { ScoredPair } from '../../../src-main/evaluation/scored-pair';

/**
 * Slow, obviously-correct versions of the verification metrics, for comparing against.
 * Acceptance rule throughout: "same" when distance <= threshold.
 */

/** Every pairing of a same with a different pair: closer same scores 1, a tie 1/2. O(n^2). */
export function bruteForceAuc(pairs: readonly ScoredPair[]): number {
  const same = pairs.filter((pair) => pair.same);
  const different = pairs.filter((pair) => !pair.same);
  let wins = 0;
  for (const s of same) {
    for (const d of different) wins += s.distance < d.distance ? 1 : s.distance === d.distance ? 0.5 : 0;
  }
  return wins / (same.length * different.length);
}

/** False-accept and false-reject rates at each threshold: -Infinity and every distance. */
export function bruteForceRates(pairs: readonly ScoredPair[]): { far: number; frr: number; tar: number }[] {
  const same = pairs.filter((pair) => pair.same);
  const different = pairs.filter((pair) => !pair.same);
  return [-Infinity, ...pairs.map((pair) => pair.distance)].map((threshold) => {
    const tar = same.filter((pair) => pair.distance <= threshold).length / same.length;
    const far = different.filter((pair) => pair.distance <= threshold).length / different.length;
    return { far, frr: 1 - tar, tar };
  });
}

/** Largest TAR over all thresholds with FAR <= maxFar. */
export function bruteForceTarAtFar(pairs: readonly ScoredPair[], maxFar: number): number {
  return Math.max(
    ...bruteForceRates(pairs)
      .filter((rate) => rate.far <= maxFar)
      .map((rate) => rate.tar),
  );
}

/** Best accuracy over every threshold that separates the sorted distances differently. */
export function bruteForceBestAccuracy(pairs: readonly ScoredPair[]): number {
  const thresholds = [-Infinity, ...pairs.map((pair) => pair.distance)];
  return Math.max(
    ...thresholds.map((t) => pairs.filter((pair) => pair.distance <= t === pair.same).length / pairs.length),
  );
}

/** Pairs from parallel lists of same-person and different-person distances. */
export function scored(same: readonly number[], different: readonly number[], fold?: number): ScoredPair[] {
  return [
    ...same.map((distance) => ({ distance, same: true, fold })),
    ...different.map((distance) => ({ distance, same: false, fold })),
  ];
}
