/**
 * One verification trial: the distance between two embeddings (smaller = more alike) and whether the two
 * images show the same person. `fold` is the cross-validation fold the pair belongs to, when it has one.
 */
export interface ScoredPair {
  distance: number;
  same: boolean;
  fold?: number;
}
