import type { FaceVectorRow } from '../catalog/cluster.repository';
import { isTruth, packRows, vectorDim } from '../people/face-vectors';
import { dotAcross, similarityToDistance } from '../people/clustering/vectors';
import type { PairDistances } from './calibration';

/** The faces searches compare with: user and folder labels only (automatic labels are results, never truth). */
export interface LabeledFaces {
  /** Values per face: the model's embedding length. */
  dim: number;
  vectors: Float32Array;
  faceIds: number[];
  personIds: number[];
  photoIds: number[];
}

/** The labeled faces among a model's face rows. */
export function labeledFaces(rows: ReadonlyArray<FaceVectorRow>): LabeledFaces {
  const truth = rows.filter(isTruth);
  const dim = vectorDim(truth);
  return {
    dim,
    vectors: packRows(truth, dim),
    faceIds: truth.map((r) => r.id),
    personIds: truth.map((r) => r.personId as number),
    photoIds: truth.map((r) => r.photoId),
  };
}

/** A person's score for a face: the mean distance to their k labeled faces nearest to it, and those faces. */
export interface PersonScore {
  personId: number;
  distance: number;
  /** Indices into the labeled faces, nearest first, with their distances. */
  nearest: Array<{ index: number; distance: number }>;
}

/**
 * Every person's score for row `row` of `vectors`, best first (the rule suggestions use: the mean over the
 * person's k nearest labeled faces, so one look-alike photo is not enough). `excluded` people are skipped.
 */
export function scorePeople(
  labeled: LabeledFaces,
  vectors: Float32Array,
  row: number,
  k: number,
  excluded: ReadonlySet<number> = new Set(),
): PersonScore[] {
  const byPerson = new Map<number, Array<{ index: number; distance: number }>>();
  for (let j = 0; j < labeled.faceIds.length; j++) {
    const personId = labeled.personIds[j] as number;
    if (excluded.has(personId)) continue;
    const distance = similarityToDistance(dotAcross(vectors, row, labeled.vectors, j, labeled.dim));
    const list = byPerson.get(personId) ?? [];
    list.push({ index: j, distance });
    byPerson.set(personId, list);
  }
  const scores = [...byPerson].map(([personId, list]) => {
    const nearest = list.sort((a, b) => a.distance - b.distance).slice(0, k);
    const distance = nearest.reduce((sum, n) => sum + n.distance, 0) / nearest.length;
    return { personId, distance, nearest };
  });
  return scores.sort((a, b) => a.distance - b.distance);
}

/** The labeled faces' counts that decide whether they are enough to calibrate on. */
export interface LabelCounts {
  /** People with at least two labeled faces (one face gives no genuine pair). */
  people: number;
  faces: number;
}

export function labelCounts(labeled: LabeledFaces): LabelCounts {
  const perPerson = new Map<number, number>();
  for (const id of labeled.personIds) perPerson.set(id, (perPerson.get(id) ?? 0) + 1);
  return { people: [...perPerson.values()].filter((n) => n >= 2).length, faces: labeled.faceIds.length };
}

/**
 * Distances of every pair of labeled faces: genuine (one person) and impostor (two people). Above
 * `maxFaces` faces an evenly spread subset is paired (the pairs grow with the square of the faces).
 */
export function labelPairDistances(labeled: LabeledFaces, maxFaces = 2000): PairDistances {
  const n = labeled.faceIds.length;
  const step = Math.max(1, n / maxFaces);
  const rows: number[] = [];
  for (let i = 0; i < n; i += step) rows.push(Math.floor(i));
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      const i = rows[a] as number;
      const j = rows[b] as number;
      const distance = similarityToDistance(dotAcross(labeled.vectors, i, labeled.vectors, j, labeled.dim));
      (labeled.personIds[i] === labeled.personIds[j] ? genuine : impostor).push(distance);
    }
  }
  return { genuine, impostor };
}
