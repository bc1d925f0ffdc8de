import { dotAcross, similarityToDistance } from './clustering/vectors';

/** When a face is given to a person automatically, when only suggested, and how many faces decide. */
export interface SuggestionParams {
  /** Largest distance (Euclidean, unit vectors) at which a person is suggested at all. */
  threshold: number;
  /** Largest distance at which the face is labeled automatically (by: auto)... */
  autoThreshold: number;
  /** ...and only when the second-best person is at least this much farther. */
  margin: number;
  /** A person's distance is the mean over their k faces nearest to the face (one look-alike photo is not enough). */
  k: number;
}

/**
 * Defaults: LFW's same/different threshold fitted on DevTrain is 0.435 (`eval-lfw`), so a suggestion within
 * 0.5 is worth a look, and an automatic label asks for clearly less (0.4) and a clear lead over anyone else.
 */
export const defaultSuggestionParams: Readonly<SuggestionParams> = {
  threshold: 0.5,
  autoThreshold: 0.4,
  margin: 0.08,
  k: 3,
};

/** Labeled faces: the truth suggestions come from (user and folder labels only). */
export interface KnownFaces {
  vectors: Float32Array;
  personIds: ArrayLike<number>;
  photoIds: ArrayLike<number>;
}

/** Faces to suggest a person for, with the people each may not get (rejected, or seen in its photo). */
export interface OpenFaces {
  vectors: Float32Array;
  photoIds: ArrayLike<number>;
  excluded: ReadonlyArray<ReadonlySet<number>>;
}

export interface Suggestion {
  personId: number;
  distance: number;
  assignment: 'confirmed' | 'suggested';
}

/**
 * Each open face's best person, by the mean distance to that person's k nearest labeled faces; labeled
 * automatically only when close and clearly closer than the second-best person, suggested when within the
 * threshold, else nothing. A person never gets two faces of one photo: of two faces of a photo that
 * would go to the same person, only the closer one does.
 */
export function suggestPeople(
  known: KnownFaces,
  open: OpenFaces,
  dim: number,
  params: SuggestionParams = defaultSuggestionParams,
): Array<Suggestion | null> {
  const knownCount = known.personIds.length;
  const openCount = open.photoIds.length;
  const result: Array<Suggestion | null> = new Array<Suggestion | null>(openCount).fill(null);
  if (knownCount === 0) return result;
  for (let i = 0; i < openCount; i++) {
    const excluded = open.excluded[i] ?? new Set<number>();
    const [best, second] = rankPeople(known, open.vectors, i, dim, {
      excluded,
      maxDistance: params.threshold + params.margin,
      k: params.k,
    });
    if (!best || best.distance > params.threshold) continue;
    const clear = !second || second.distance - best.distance >= params.margin;
    const assignment = best.distance <= params.autoThreshold && clear ? 'confirmed' : 'suggested';
    result[i] = { personId: best.personId, distance: best.distance, assignment };
  }
  return onePerPhoto(result, open.photoIds);
}

/** A person as a candidate for a face: the mean distance to their k labeled faces nearest to it. */
export interface RankedPerson {
  personId: number;
  distance: number;
}

/**
 * The people nearest to row `row` of `vectors`, best first: each by the mean distance to their k labeled
 * faces nearest to it, counting only labeled faces within `maxDistance`, never an excluded person.
 */
export function rankPeople(
  known: KnownFaces,
  vectors: Float32Array,
  row: number,
  dim: number,
  options: { excluded: ReadonlySet<number>; maxDistance: number; k: number },
): RankedPerson[] {
  const nearest = new Map<number, number[]>();
  for (let j = 0; j < known.personIds.length; j++) {
    const person = known.personIds[j] as number;
    if (options.excluded.has(person)) continue;
    const distance = similarityToDistance(dotAcross(vectors, row, known.vectors, j, dim));
    if (distance > options.maxDistance) continue;
    insertNearest(nearest, person, distance, options.k);
  }
  const ranked = [...nearest].map(([personId, ds]) => ({ personId, distance: mean(ds) }));
  return ranked.sort((a, b) => a.distance - b.distance);
}

/** Keeps the k smallest distances per person. */
function insertNearest(nearest: Map<number, number[]>, person: number, distance: number, k: number): void {
  const list = nearest.get(person) ?? [];
  if (list.length < k) list.push(distance);
  else {
    const worst = list.indexOf(Math.max(...list));
    if (distance >= (list[worst] as number)) return;
    list[worst] = distance;
  }
  nearest.set(person, list);
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function onePerPhoto(
  suggestions: Array<Suggestion | null>,
  photoIds: ArrayLike<number>,
): Array<Suggestion | null> {
  const best = new Map<string, number>();
  suggestions.forEach((s, i) => {
    if (!s) return;
    const key = `${photoIds[i]}:${s.personId}`;
    const other = best.get(key);
    if (other === undefined || (suggestions[other] as Suggestion).distance > s.distance) best.set(key, i);
  });
  const kept = new Set(best.values());
  return suggestions.map((s, i) => (kept.has(i) ? s : null));
}
