/** Timing helpers of the cluster bench, and the incremental-assignment measurement. */
import { assignIncremental, clusterFaces, defaultClusterParams } from '../../src-main/people/clustering';
import { shuffleInPlace } from '../../src-main/util/seeded-random';
import { pick, type LabeledFaces } from './cluster-data';
import { score } from './cluster-fit';

/** Milliseconds one call takes. */
export function timeIt(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The median of `times` measurements. */
export function median(times: number, measure: () => number): number {
  const values = Array.from({ length: times }, measure).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}

/** Holds back `count` random faces, clusters the rest with the defaults; returns both parts. */
function holdOut(faces: LabeledFaces, count: number, random: () => number) {
  const order = Int32Array.from(faces.truth.keys());
  shuffleInPlace(order, random);
  const added = Array.from(order.subarray(0, count)).sort((a, b) => a - b);
  const held = new Set(added);
  const kept = [...faces.truth.keys()].filter((i) => !held.has(i));
  const existing = pick(faces, faces.name, kept);
  const clustered = clusterFaces(existing, defaultClusterParams);
  const newFaces = pick(faces, faces.name, added);
  return {
    kept,
    added,
    existing: { ...existing, labels: clustered.labels, density: clustered.density },
    newFaces,
  };
}

/**
 * The speed of adding `count` faces to all the others of `speedSet` (median of 5), and the quality on
 * `qualitySet`: its BCubed F when `count` faces are added incrementally to a clustering of the rest,
 * against a full re-cluster of all of it.
 */
export function incrementalQuality(
  speedSet: LabeledFaces,
  qualitySet: LabeledFaces,
  count: number,
  random: () => number,
) {
  const speed = holdOut(speedSet, count, random);
  const addMs = median(5, () => {
    const start = performance.now();
    assignIncremental(speed.existing, speed.newFaces, speedSet.dim, defaultClusterParams);
    return performance.now() - start;
  });
  const quality = holdOut(qualitySet, count, random);
  const result = assignIncremental(quality.existing, quality.newFaces, qualitySet.dim, defaultClusterParams);
  const labels = new Int32Array(qualitySet.truth.length);
  quality.kept.forEach((face, i) => (labels[face] = result.existingLabels[i]!));
  quality.added.forEach((face, i) => (labels[face] = result.labels[i]!));
  return {
    addMs,
    incrementalF: score(qualitySet, labels).all.f,
    fullF: score(qualitySet, clusterFaces(qualitySet, defaultClusterParams).labels).all.f,
  };
}
