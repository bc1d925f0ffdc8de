/**
 * A max-heap of scored pairs (a, b), for merging the most similar pair first. Entries are never updated in
 * place: the caller pushes a fresh entry and skips stale ones when they surface (lazy deletion), which is
 * simpler and, with few merges per node, no slower than a decrease-key heap.
 */
export class PairHeap {
  private scores: number[] = [];
  private firsts: number[] = [];
  private seconds: number[] = [];

  get size(): number {
    return this.scores.length;
  }

  push(score: number, a: number, b: number): void {
    const { scores, firsts, seconds } = this;
    let at = scores.length;
    scores.push(score);
    firsts.push(a);
    seconds.push(b);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.above(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  /** Removes and returns the best entry as [score, a, b], or undefined when empty. */
  pop(): [number, number, number] | undefined {
    const { scores, firsts, seconds } = this;
    if (scores.length === 0) return undefined;
    const top: [number, number, number] = [scores[0]!, firsts[0]!, seconds[0]!];
    const last = scores.length - 1;
    this.swap(0, last);
    scores.pop();
    firsts.pop();
    seconds.pop();
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < scores.length && this.above(left, best)) best = left;
      if (right < scores.length && this.above(right, best)) best = right;
      if (best === at) break;
      this.swap(at, best);
      at = best;
    }
    return top;
  }

  /** Higher score first; equal scores by smaller (a, b), so the merge order never depends on push order. */
  private above(i: number, j: number): boolean {
    const { scores, firsts, seconds } = this;
    if (scores[i] !== scores[j]) return scores[i]! > scores[j]!;
    if (firsts[i] !== firsts[j]) return firsts[i]! < firsts[j]!;
    return seconds[i]! < seconds[j]!;
  }

  private swap(i: number, j: number): void {
    for (const list of [this.scores, this.firsts, this.seconds]) {
      const item = list[i]!;
      list[i] = list[j]!;
      list[j] = item;
    }
  }
}
