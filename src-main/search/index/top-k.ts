/**
 * The `k` items with the highest scores seen so far: a binary min-heap on score, so a scan over N items
 * costs O(N log k) and the common case (a score below the current k-th) one comparison.
 */
export class TopK {
  private readonly items: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether an item with this score would enter (cheap pre-check before any other test). */
  accepts(score: number): boolean {
    return this.k > 0 && (this.items.length < this.k || score > this.scores[0]!);
  }

  push(item: number, score: number): void {
    if (!this.accepts(score)) return;
    if (this.items.length < this.k) {
      this.items.push(item);
      this.scores.push(score);
      this.up(this.items.length - 1);
    } else {
      this.items[0] = item;
      this.scores[0] = score;
      this.down(0);
    }
  }

  /** The kept items, highest score first. */
  sorted(): Array<{ item: number; score: number }> {
    return this.items.map((item, i) => ({ item, score: this.scores[i]! })).sort((a, b) => b.score - a.score);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < n && this.scores[left]! < this.scores[least]!) least = left;
      if (right < n && this.scores[right]! < this.scores[least]!) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}
