/**
 * The fit that chose the product's defaults: local scaling makes a threshold mean different things in sets
 * of different sizes (a smaller catalog has sparser neighbourhoods, is penalised less and merges more), so
 * a candidate is scored on all of LFW DevTrain and on parts of it clustered alone (its people split at
 * random into halves three times, quarters and eighths once), and the objective is the mean of the four
 * F figures (over all faces; each size's figure the mean over its parts). DevTrain's people only.
 */
import { clusterFaces, knnGraph, type ClusterParams, type KnnGraph } from '../../src-main/people/clustering';
import { seededRandom, shuffleInPlace } from '../../src-main/util/seeded-random';
import { facesOf, type LabeledFaces } from './cluster-data';
import { maxNeighbours, score } from './cluster-fit';

/** One size of set: all of DevTrain, or its parts of one size. */
interface SizeClass {
  name: 'all' | 'halves' | 'quarters' | 'eighths';
  parts: Array<{ faces: LabeledFaces; knn: KnnGraph }>;
}

/** A candidate's figures: F (all faces) and F (>=2) per size class, and the objective. */
export interface RobustScores {
  objective: number;
  f: Record<SizeClass['name'], number>;
  f2: Record<SizeClass['name'], number>;
}

/** The parameters the fit chooses; the rest stay at the defaults. */
export type RobustParams = Pick<ClusterParams, 'referenceDensity' | 'threshold' | 'mergeThreshold'>;

/** `faces` with its people split at random into `count` parts, once per seed. */
function partsOf(faces: LabeledFaces, count: number, seeds: number[]): LabeledFaces[] {
  const people = [...new Set(Array.from(faces.truth, (t) => faces.people[t]!))].sort();
  return seeds.flatMap((seed) => {
    const order = people.map((_, i) => i);
    shuffleInPlace(order, seededRandom(seed));
    return Array.from({ length: count }, (_, part) => {
      const mine = new Set(order.filter((_, i) => i % count === part).map((i) => people[i]!));
      return facesOf(faces, `${faces.name} ${count}:${seed}:${part}`, (person) => mine.has(person));
    });
  });
}

/** DevTrain and its parts, each with its kNN graph (shared by every candidate). */
export function sizeClasses(devTrain: LabeledFaces): SizeClass[] {
  const withKnn = (faces: LabeledFaces) => ({
    faces,
    knn: knnGraph(faces.vectors, faces.dim, maxNeighbours),
  });
  return [
    { name: 'all', parts: [withKnn(devTrain)] },
    { name: 'halves', parts: partsOf(devTrain, 2, [11, 12, 13]).map(withKnn) },
    { name: 'quarters', parts: partsOf(devTrain, 4, [21]).map(withKnn) },
    { name: 'eighths', parts: partsOf(devTrain, 8, [31]).map(withKnn) },
  ];
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** The figures of one candidate (minSize 1, as BCubed scores unclustered faces as clusters of one). */
export function robustScores(classes: SizeClass[], params: Partial<ClusterParams>): RobustScores {
  const f = {} as RobustScores['f'];
  const f2 = {} as RobustScores['f2'];
  for (const { name, parts } of classes) {
    const scores = parts.map(({ faces, knn }) =>
      score(faces, clusterFaces(faces, { ...params, minSize: 1 }, knn).labels),
    );
    f[name] = mean(scores.map((s) => s.all.f));
    f2[name] = mean(scores.map((s) => s.multi.f));
  }
  return { objective: mean(Object.values(f)), f, f2 };
}

const steps = (from: number, to: number): number[] =>
  Array.from(
    { length: Math.round((to - from) / 0.01) + 1 },
    (_, i) => Math.round((from + i * 0.01) * 100) / 100,
  );

/** The grid searched: reference 0.88-0.92, threshold 0.33-0.41, merge threshold from it to 0.43. */
export function robustGrid(): RobustParams[] {
  return [0.88, 0.89, 0.9, 0.91, 0.92].flatMap((referenceDensity) =>
    steps(0.33, 0.41).flatMap((threshold) =>
      steps(threshold, 0.43).map((mergeThreshold) => ({ referenceDensity, threshold, mergeThreshold })),
    ),
  );
}

/** Every candidate of the grid, best objective first (ties: the grid's order). */
export function robustFit(classes: SizeClass[]): Array<RobustParams & RobustScores> {
  return robustGrid()
    .map((params) => ({ ...params, ...robustScores(classes, params) }))
    .sort((a, b) => b.objective - a.objective);
}
