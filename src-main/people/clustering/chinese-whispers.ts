import type { WeightedGraph } from './group-graph';
import { seededRandom, shuffleInPlace } from '../../util/seeded-random';

/** Compressed lists of the nodes each node may never share a label with: `items[start[v] .. start[v + 1])`. */
export interface CannotLists {
  start: Int32Array;
  items: Int32Array;
}

export interface WhispersOptions {
  /** Upper bound on passes; it stops earlier once a pass changes nothing. */
  iterations: number;
  /** Seed of the visiting order. */
  seed: number;
  /** Starting labels, non-negative (default: every node its own label, its index). */
  labels?: Int32Array;
  /** The nodes that may change label (default: all); the others only vote (incremental assignment). */
  movable?: Int32Array;
}

/**
 * Chinese Whispers (Biemann 2006) with constraints. Each pass visits the movable nodes in a seeded random
 * order; a node takes the label with the largest summed edge weight among its neighbours, skipping any
 * label currently held by a node it is cannot-linked to. Because every change is checked against the
 * current labels of the node's cannot-linked partners and labels start unique, no label ever holds a
 * cannot-linked pair. Ties keep the current label, then the smallest, so the result depends only on the
 * input and the seed. Returns the label of each node (not compacted).
 */
export function chineseWhispers(
  graph: WeightedGraph,
  cannot: CannotLists,
  options: WhispersOptions,
): Int32Array {
  const { count, start, targets, weights } = graph;
  const labels = options.labels
    ? Int32Array.from(options.labels)
    : Int32Array.from({ length: count }, (_, i) => i);
  let labelBound = 0;
  for (const label of labels) labelBound = Math.max(labelBound, label + 1);
  const order = options.movable ? Int32Array.from(options.movable) : Int32Array.from(labels.keys());
  const random = seededRandom(options.seed);
  // Scratch indexed by label, reset through `touched` so a visit costs its degree, not the label count.
  const score = new Float64Array(labelBound);
  const forbiddenAt = new Int32Array(labelBound).fill(-1);
  const touched: number[] = [];
  for (let pass = 0; pass < options.iterations; pass++) {
    shuffleInPlace(order, random);
    let changed = 0;
    for (let visit = 0; visit < order.length; visit++) {
      const node = order[visit]!;
      const stamp = visit + pass * order.length;
      for (let at = cannot.start[node]!; at < cannot.start[node + 1]!; at++) {
        forbiddenAt[labels[cannot.items[at]!]!] = stamp;
      }
      for (let at = start[node]!; at < start[node + 1]!; at++) {
        const label = labels[targets[at]!]!;
        if (score[label] === 0) touched.push(label);
        score[label]! += weights[at]!;
      }
      const current = labels[node]!;
      let best = current;
      let bestScore = forbiddenAt[current] === stamp ? -1 : score[current]!;
      for (const label of touched) {
        const s = score[label]!;
        if (
          forbiddenAt[label] !== stamp &&
          (s > bestScore || (s === bestScore && label < best && best !== current))
        ) {
          best = label;
          bestScore = s;
        }
        score[label] = 0;
      }
      touched.length = 0;
      if (best !== current) {
        labels[node] = best;
        changed++;
      }
    }
    if (changed === 0) break;
  }
  return labels;
}
