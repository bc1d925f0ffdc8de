import { groupsCannotLink, type ConstraintGroups } from './constraints';
import { adjustedSimilarity, type LocalScaling } from './density';
import type { KnnGraph } from './knn';
import type { EdgeWeighting } from './types';
import { distanceToSimilarity } from './vectors';

/** An undirected weighted graph in compressed rows: node g's edges are `start[g] .. start[g + 1]`. */
export interface WeightedGraph {
  count: number;
  start: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
}

/**
 * The graph Chinese Whispers runs on: kNN edges no longer than `threshold`, symmetrised (an edge counts
 * when either face has the other among its k nearest, once), lifted from faces to constraint groups by
 * summing the weights of the faces' edges. Edges between cannot-linked groups are left out: their labels
 * can never be adopted, so their votes would only cost time. With `scaling`, edges are judged and weighted
 * by the locally scaled similarity (density.ts).
 */
export function groupGraph(
  knn: KnnGraph,
  groups: ConstraintGroups,
  threshold: number,
  weighting: EdgeWeighting,
  scaling?: LocalScaling,
): WeightedGraph {
  const { n, k, neighbours, similarities } = knn;
  const minSimilarity = distanceToSimilarity(threshold);
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let at = i * k; at < i * k + k; at++) {
      const j = neighbours[at]!;
      if (j < 0) break;
      const similarity = scaling
        ? adjustedSimilarity(similarities[at]!, scaling.density[i]!, scaling.density[j]!, scaling.reference)
        : similarities[at]!;
      if (similarity < minSimilarity) continue;
      if (j < i && isListed(knn, j, i)) continue; // counted from j's row already
      const gi = groups.groupOf[i]!;
      const gj = groups.groupOf[j]!;
      if (gi === gj || groupsCannotLink(groups, gi, gj)) continue;
      // 'margin' lets an edge just inside the threshold count for little, so a chain of weak links
      // cannot outvote a few strong ones. Weights stay positive (Chinese Whispers sums votes from zero).
      const w = Math.max(weighting === 'margin' ? similarity - minSimilarity : similarity, 1e-6);
      from.push(gi, gj);
      to.push(gj, gi);
      weight.push(w, w);
    }
  }
  return compress(groups.count, from, to, weight);
}

function isListed(knn: KnnGraph, row: number, face: number): boolean {
  for (let at = row * knn.k; at < row * knn.k + knn.k; at++) if (knn.neighbours[at] === face) return true;
  return false;
}

/** Compressed rows with parallel edges summed (a must-link group reaches a neighbour through many faces). */
function compress(count: number, from: number[], to: number[], weight: number[]): WeightedGraph {
  const rawStart = new Int32Array(count + 1);
  for (const g of from) rawStart[g + 1]!++;
  for (let g = 0; g < count; g++) rawStart[g + 1] = rawStart[g + 1]! + rawStart[g]!;
  const fill = rawStart.slice(0, count);
  const rawTargets = new Int32Array(from.length);
  const rawWeights = new Float32Array(from.length);
  from.forEach((g, e) => {
    const at = fill[g]!++;
    rawTargets[at] = to[e]!;
    rawWeights[at] = weight[e]!;
  });
  const start = new Int32Array(count + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  const slot = new Int32Array(count).fill(-1); // where target h sits in the current row, or -1
  for (let g = 0; g < count; g++) {
    const rowStart = targets.length;
    for (let at = rawStart[g]!; at < rawStart[g + 1]!; at++) {
      const h = rawTargets[at]!;
      if (slot[h]! >= rowStart && targets[slot[h]!] === h) weights[slot[h]!]! += rawWeights[at]!;
      else {
        slot[h] = targets.length;
        targets.push(h);
        weights.push(rawWeights[at]!);
      }
    }
    start[g + 1] = targets.length;
  }
  return { count, start, targets: Int32Array.from(targets), weights: Float32Array.from(weights) };
}
