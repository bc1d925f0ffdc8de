import { dotAcross, similarityToDistance } from './clustering/vectors';

/** Two people whose centres are close: siblings, or one person labeled twice. */
export interface LookalikePair {
  a: number;
  b: number;
  /** Euclidean distance between their centres (unit vectors). */
  distance: number;
}

/** The `limit` pairs of people whose centres are closest, closest first. */
export function closestPairs(centres: ReadonlyMap<number, Float32Array>, limit: number): LookalikePair[] {
  const people = [...centres];
  const pairs: LookalikePair[] = [];
  for (let i = 0; i < people.length; i++) {
    const [a, ca] = people[i] as [number, Float32Array];
    for (let j = i + 1; j < people.length; j++) {
      const [b, cb] = people[j] as [number, Float32Array];
      pairs.push({ a, b, distance: similarityToDistance(dotAcross(ca, 0, cb, 0, ca.length)) });
    }
  }
  return pairs.sort((x, y) => x.distance - y.distance).slice(0, limit);
}
