/**
 * The cluster bench's algorithms, run on a LabeledFaces, and the grid searches that fit their parameters.
 * Expensive shared work (the kNN graph, a linkage's merges) is done once per set and reused across the grid.
 */
import {
  averageLinkageMerges,
  bcubed,
  buildGroups,
  clusterFaces,
  cutMerges,
  finalizeLabels,
  groupLabelsToFaces,
  mergeClusters,
  neighbourhoodDensity,
  singleLinkageMerges,
  type BCubedScores,
  type ClusterParams,
  type EdgeWeighting,
  type KnnGraph,
  type Merges,
  defaultClusterParams,
  knnGraph,
} from '../../src-main/people/clustering';
import type { LabeledFaces } from './cluster-data';

export interface Scores {
  all: BCubedScores;
  /** Over people with at least two (primary) faces. */
  multi: BCubedScores;
}

/** BCubed over the primary faces only (the ones the truth applies to). */
export function score(faces: LabeledFaces, labels: Int32Array): Scores {
  const predicted: number[] = [];
  const truth: number[] = [];
  faces.primary.forEach((isPrimary, i) => {
    if (!isPrimary) return;
    predicted.push(labels[i]!);
    truth.push(faces.truth[i]!);
  });
  return { all: bcubed(predicted, truth), multi: bcubed(predicted, truth, { minClassSize: 2 }) };
}

const setOf = (faces: LabeledFaces) => ({ vectors: faces.vectors, dim: faces.dim, photoIds: faces.photoIds });

/**
 * Distance thresholds tried by every fit: 0.20..0.55. On these embeddings most pairs of different people
 * lie at 0.5..0.7 and most pairs of one person at 0.25..0.37 (LFW), so looser thresholds only merge people.
 */
export const thresholdGrid = Array.from({ length: 36 }, (_, i) => Math.round((0.2 + i * 0.01) * 100) / 100);

/** A linkage baseline: its merges up to the largest threshold of the grid, cut at each. */
export type Linkage = 'single' | 'average';

export function linkageMerges(
  faces: LabeledFaces,
  linkage: Linkage,
): { merges: Merges; groupOf: Int32Array; count: number } {
  const groups = buildGroups(setOf(faces), faces.truth.length);
  const maxThreshold = thresholdGrid[thresholdGrid.length - 1]!;
  const run = linkage === 'single' ? singleLinkageMerges : averageLinkageMerges;
  return {
    merges: run(faces.vectors, faces.dim, groups, maxThreshold),
    groupOf: groups.groupOf,
    count: groups.count,
  };
}

export function cutLinkage(merged: ReturnType<typeof linkageMerges>, threshold: number): Int32Array {
  return finalizeLabels(
    groupLabelsToFaces(cutMerges(merged.count, merged.merges, threshold), merged.groupOf),
    1,
  ).labels;
}

/** The best threshold of a linkage on these faces (by BCubed F over all primary faces). */
export function fitLinkage(faces: LabeledFaces, linkage: Linkage): { threshold: number; scores: Scores } {
  const merged = linkageMerges(faces, linkage);
  // Thresholds past 0.47 merge whole crowds of strangers (and take seconds each): not worth trying.
  return best(
    thresholdGrid
      .filter((threshold) => threshold <= 0.47)
      .map((threshold) => ({ threshold, scores: score(faces, cutLinkage(merged, threshold)) })),
  );
}

/** Chinese Whispers variants: the product's clusterFaces with a shared kNN graph. */
export function runWhispers(faces: LabeledFaces, params: Partial<ClusterParams>, knn?: KnnGraph): Int32Array {
  return clusterFaces(setOf(faces), params, knn).labels;
}

/** Average linkage over the kNN graph from single faces (mergeClusters with no Chinese Whispers first). */
export function runSparseAverage(
  faces: LabeledFaces,
  threshold: number,
  knn: KnnGraph,
  localScaling: number,
): Int32Array {
  const groups = buildGroups(setOf(faces), faces.truth.length);
  const singles = Int32Array.from({ length: groups.count }, (_, g) => g);
  const reference = defaultClusterParams.referenceDensity;
  const scaling =
    localScaling > 0 ? { density: neighbourhoodDensity(knn, localScaling, reference), reference } : undefined;
  const labels = mergeClusters(faces.vectors, faces.dim, groups, singles, knn, threshold, scaling);
  return finalizeLabels(groupLabelsToFaces(labels, groups.groupOf), 1).labels;
}

export interface WhispersFit {
  params: Partial<ClusterParams>;
  scores: Scores;
}

/** The kNN graph every fit on a set shares: as many neighbours as any candidate needs. */
export const maxNeighbours = 50;

/** Neighbour counts k tried by the Chinese Whispers fits. */
export const ksGrid = [5, 10, 20];

/**
 * Grid search of Chinese Whispers at a given local scaling (0: plain similarities): k, weighting and
 * threshold; then, with `merge`, the propagation and merge thresholds together on the best k and
 * weighting (the merge pass joins fragments, so a stricter propagation may now pay).
 */
export function fitWhispers(
  faces: LabeledFaces,
  knn: KnnGraph,
  localScaling: number,
  merge: boolean,
): WhispersFit {
  const candidates: WhispersFit[] = [];
  for (const k of ksGrid) {
    for (const weighting of ['similarity', 'margin'] as EdgeWeighting[]) {
      for (const threshold of thresholdGrid) {
        const params = { k, weighting, threshold, localScaling, minSize: 1, mergeThreshold: 0 };
        candidates.push({ params, scores: score(faces, runWhispers(faces, params, knn)) });
      }
    }
  }
  const plain = best(candidates);
  if (!merge) return plain;
  const merged: WhispersFit[] = [];
  const near = thresholdGrid.filter((t) => Math.abs(t - plain.params.threshold!) <= 0.06);
  for (const threshold of near) {
    for (const mergeThreshold of near.filter((t) => t > threshold)) {
      const params = { ...plain.params, threshold, mergeThreshold };
      merged.push({ params, scores: score(faces, runWhispers(faces, params, knn)) });
    }
  }
  return best(merged);
}

/** The sparse average linkage's best threshold. */
export function fitSparseAverage(
  faces: LabeledFaces,
  knn: KnnGraph,
  localScaling: number,
): { threshold: number; scores: Scores } {
  // Thresholds past 0.47 merge whole crowds of strangers (and take seconds each): not worth trying.
  return best(
    thresholdGrid
      .filter((threshold) => threshold <= 0.47)
      .map((threshold) => ({
        threshold,
        scores: score(faces, runSparseAverage(faces, threshold, knn, localScaling)),
      })),
  );
}

/** The candidate with the highest F over all faces; ties go to the first (the grids run strict to loose). */
function best<T extends { scores: Scores }>(candidates: T[]): T {
  return candidates.reduce((a, b) => (b.scores.all.f > a.scores.all.f ? b : a));
}

/** One row of the quality table: an algorithm with its DevTrain-fitted parameters. */
export interface Runner {
  fit: string;
  devTrainF: number;
  run: (faces: LabeledFaces) => Int32Array;
}

export interface Fitted {
  runners: Record<string, Runner>;
  /**
   * The Chinese Whispers family with the best F on all of DevTrain. The defaults come from the size-robust
   * fit instead (cluster-robust-fit.ts); the bench shows both on its objective.
   */
  chosen: [string, WhispersFit];
  averageThreshold: number;
}

/** Neighbourhood sizes tried for local scaling (density.ts). */
const localScalings = [20, 50];

/**
 * Fits every algorithm on `devTrain` only: Chinese Whispers plain and with the merge pass, with local
 * scaling at each size, with the merge pass at the best size; the kNN and dense average linkages and single
 * linkage. The product (the defaults) comes first, for comparison with the pick.
 */
export function fitAll(devTrain: LabeledFaces): Fitted {
  const knn = knnGraph(devTrain.vectors, devTrain.dim, maxNeighbours);
  const families: Record<string, WhispersFit> = {
    'chinese whispers': fitWhispers(devTrain, knn, 0, false),
    'chinese whispers + merge': fitWhispers(devTrain, knn, 0, true),
  };
  const scaled = (m: number): string => `CW, local scaling ${m}`;
  for (const m of localScalings) families[scaled(m)] = fitWhispers(devTrain, knn, m, false);
  const bestScaling = localScalings.reduce((a, b) =>
    families[scaled(b)]!.scores.all.f > families[scaled(a)]!.scores.all.f ? b : a,
  );
  families[`${scaled(bestScaling)} + merge`] = fitWhispers(devTrain, knn, bestScaling, true);
  const chosen = Object.entries(families).reduce((a, b) => (b[1].scores.all.f > a[1].scores.all.f ? b : a));
  const sparse = fitSparseAverage(devTrain, knn, 0);
  const average = fitLinkage(devTrain, 'average');
  const single = fitLinkage(devTrain, 'single');

  const product = { ...defaultClusterParams, minSize: 1 };
  const runners: Record<string, Runner> = {
    'product (defaults)': {
      fit: paramsText(product),
      devTrainF: score(devTrain, runWhispers(devTrain, product)).all.f,
      run: (faces) => runWhispers(faces, product),
    },
  };
  for (const [name, fit] of Object.entries(families)) {
    runners[name] = {
      fit: paramsText(fit.params),
      devTrainF: fit.scores.all.f,
      run: (faces) => runWhispers(faces, fit.params),
    };
  }
  runners['kNN average linkage'] = {
    fit: `t=${sparse.threshold} k=${maxNeighbours}`,
    devTrainF: sparse.scores.all.f,
    run: (faces) =>
      runSparseAverage(faces, sparse.threshold, knnGraph(faces.vectors, faces.dim, maxNeighbours), 0),
  };
  for (const [name, linkage, fit] of [
    ['average linkage', 'average', average],
    ['single linkage', 'single', single],
  ] as const) {
    runners[name] = {
      fit: `t=${fit.threshold}`,
      devTrainF: fit.scores.all.f,
      run: (faces) => cutLinkage(linkageMerges(faces, linkage), fit.threshold),
    };
  }
  return { runners, chosen, averageThreshold: average.threshold };
}

/** Parameters in one short line. */
export function paramsText(p: Partial<ClusterParams>): string {
  const merge = p.mergeThreshold ? ` merge=${p.mergeThreshold}` : '';
  const scaling = p.localScaling
    ? ` m=${p.localScaling} ref=${p.referenceDensity ?? defaultClusterParams.referenceDensity}`
    : '';
  return `t=${p.threshold} k=${p.k} ${p.weighting}${scaling}${merge}`;
}
