/**
 * Per-row lists of the k best (most similar) candidates, as the kNN searches fill them: row r's list is
 * `neighbours/similarities[r * k .. r * k + k)`, best first, padded with -1 / -Infinity.
 */
export class TopK {
  readonly neighbours: Int32Array;
  readonly similarities: Float32Array;
  /** worst[r] mirrors row r's k-th similarity: one read, no offset arithmetic, per rejected candidate. */
  readonly worst: Float32Array;

  constructor(
    readonly rows: number,
    readonly k: number,
  ) {
    this.neighbours = new Int32Array(rows * k).fill(-1);
    this.similarities = new Float32Array(rows * k).fill(-Infinity);
    this.worst = new Float32Array(rows).fill(-Infinity);
  }

  /** Offers `other` to row `row`; callers test `similarity > worst[row]` first, which rejects almost all. */
  insert(row: number, other: number, similarity: number): void {
    const { neighbours, similarities, k } = this;
    const base = row * k;
    let at = k - 1;
    // Insertion from the tail: lists are short and a new entry rarely travels far.
    while (at > 0 && similarities[base + at - 1]! < similarity) {
      similarities[base + at] = similarities[base + at - 1]!;
      neighbours[base + at] = neighbours[base + at - 1]!;
      at--;
    }
    similarities[base + at] = similarity;
    neighbours[base + at] = other;
    this.worst[row] = similarities[base + k - 1]!;
  }
}
